// `npm test`: type-check, find a Postgres server for the run, then run every ava suite
// against it. Exits with the first failing step's code, and ends with one plain
// "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { findPostgresServer } from './helpers/postgres-server.ts';

let passed = 0;
let failed = 0;

function step(title: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  process.stdout.write(`\n== ${title}\n`);
  const result = spawnSync(command, args, { stdio: ['inherit', 'pipe', 'inherit'], env, maxBuffer: 256 * 1024 * 1024 });
  const output = result.stdout?.toString() ?? '';
  process.stdout.write(output);
  passed += Number(/(\d+) tests? passed/.exec(output)?.[1] ?? 0);
  failed += Number(/(\d+) tests? failed/.exec(output)?.[1] ?? 0) + Number(/(\d+) uncaught exceptions?/.exec(output)?.[1] ?? 0);
  if (result.status !== 0) {
    failed = Math.max(failed, 1);
    process.stdout.write(`\n== ${title} failed (exit ${result.status ?? result.signal})\n`);
    process.exitCode = result.status ?? 1;
    throw new Error(`${title} failed`);
  }
}

const server = await findPostgresServer();
process.stdout.write(`Postgres for this run: ${server.source}\n`);
try {
  step('type check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  step('ava', 'npx', ['ava', ...process.argv.slice(2)], { ...process.env, PREFECT_TEST_DATABASE_URL: server.url });
} catch {
  // The failing step already reported; the exit code is set.
} finally {
  await server.stop();
  process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`);
}
