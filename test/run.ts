// `npm test`: type-check, find a Postgres server for the run, run the ava suites against
// it, then the chaos test on its own, then the compatibility suite with the real prefect client. Exits with the first
// failing step's code, and ends with one plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { findPostgresServer } from './helpers/postgres-server.ts';

let passed = 0;
let failed = 0;

interface Counts {
  readonly passed: RegExp;
  readonly failed: readonly RegExp[];
}

const AVA: Counts = { passed: /(\d+) tests? passed/, failed: [/(\d+) tests? failed/, /(\d+) uncaught exceptions?/, /(\d+) unhandled rejections?/] };
const PYTEST: Counts = { passed: /(\d+) passed/, failed: [/(\d+) failed/, /(\d+) errors?\b/] };

function step(title: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env, counts?: Counts): void {
  process.stdout.write(`\n== ${title}\n`);
  const result = spawnSync(command, args, { stdio: ['inherit', 'pipe', 'inherit'], env, maxBuffer: 256 * 1024 * 1024 });
  const output = result.stdout?.toString() ?? '';
  process.stdout.write(output);
  if (counts) {
    const tail = output.split('\n').slice(-40).join('\n');
    passed += Number(counts.passed.exec(tail)?.[1] ?? 0);
    for (const pattern of counts.failed) failed += Number(pattern.exec(tail)?.[1] ?? 0);
  }
  if (result.status !== 0) {
    failed = Math.max(failed, 1);
    process.stdout.write(`\n== ${title} failed (exit ${result.status ?? result.signal})\n`);
    process.exitCode = result.status ?? 1;
    throw new Error(`${title} failed`);
  }
}

const server = await findPostgresServer();
process.stdout.write(`Postgres for this run: ${server.source}\n`);
const env = { ...process.env, PREFECT_TEST_DATABASE_URL: server.url, NODE_BINARY: process.execPath };
const venv = new URL('./compat/.venv/', import.meta.url).pathname;
try {
  step('type check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  step('ava', 'npx', ['ava', ...process.argv.slice(2)], env, AVA);
  step('chaos (3 replicas, 2 services processes, 20 workers, kills and a Postgres restart)', 'npx', ['ava', '--config', 'ava.chaos.config.js'], env, AVA);
  step('compatibility venv', 'python3', [new URL('./compat/ensure_venv.py', import.meta.url).pathname]);
  step('compatibility suite (prefect 3.9.1)', `${venv}bin/python`, ['-m', 'pytest', new URL('./compat', import.meta.url).pathname, '-q', '-p', 'no:cacheprovider'], { ...env, VIRTUAL_ENV: venv }, PYTEST);
} catch {
  // The failing step already reported; the exit code is set.
} finally {
  await server.stop();
  process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`);
}
