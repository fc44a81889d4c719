// Service test fixtures: a fresh database per test on each dialect, a controllable clock, a
// logger whose lines the test can read, and ticks run in separate processes for race tests.
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import test, { type ExecutionContext } from 'ava';
import { pino, type Logger } from 'pino';
import type { Database } from '@prefect-server-ts/storage';
import type { ServiceContext } from '../../packages/services/src/index.ts';
import { createTestDatabase, type TestDatabase, type TestDialect } from '../helpers/databases.ts';
import { Clock } from '../orchestration/fixtures.ts';
import { advancing } from './clock.ts';

export { Clock };

export interface ServiceTestContext {
  readonly db: Database;
  readonly handle: TestDatabase;
  readonly clock: Clock;
  readonly context: ServiceContext;
}

/** The dialects every service is tested on: Postgres, and SQLite in a file (which two processes can share). */
const SERVICE_DIALECTS: readonly TestDialect[] = ['postgres', 'sqlite-file'];

export function memoryLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

/** Registers `title` once per dialect, each run on a fresh database dropped afterwards. */
export function serviceTest(title: string, fn: (t: ExecutionContext, s: ServiceTestContext) => Promise<void>): void {
  for (const dialect of SERVICE_DIALECTS) {
    test.serial(`${dialect}: ${title}`, async (t) => {
      const handle = await createTestDatabase(dialect, {
        PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: '3',
        PREFECT_API_DATABASE_SQLALCHEMY_MAX_OVERFLOW: '3',
      });
      try {
        const clock = new Clock('2030-01-01T12:00:00.000000Z');
        const { log } = memoryLogger();
        await fn(t, { db: handle.db, handle, clock, context: { database: handle.db, log, now: advancing(clock) } });
      } finally {
        await handle.dispose();
      }
    });
  }
}

const TICK = new URL('./fixtures/tick.ts', import.meta.url).pathname;

/**
 * Runs one tick of `service` in each of `processes` separate processes at once (all connect
 * first, then all start together) and returns their reports.
 */
export async function tickInProcesses(url: string, service: string, now: string, processes = 2): Promise<Record<string, number>[]> {
  const children = Array.from({ length: processes }, () => spawn(process.execPath, [TICK, url, service, now], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const outputs = children.map((child) => {
    let output = '';
    const ready = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk;
        if (output.includes('ready\n')) resolve();
      }),
    );
    const exited = new Promise<string>((resolve, reject) =>
      child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`tick process for ${service} exited with ${code}: ${output}`)))),
    );
    return { child, ready, exited };
  });
  await Promise.all(outputs.map(({ ready }) => ready));
  for (const { child } of outputs) child.stdin.end('go\n');
  const results = await Promise.all(outputs.map(({ exited }) => exited));
  return results.map((output) => JSON.parse(output.trim().split('\n').at(-1)!) as Record<string, number>);
}
