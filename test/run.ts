// `npm test`: type-check, find a Postgres server for the run, then run every ava suite
// against it. Exits with the first failing step's code.
import { spawnSync } from 'node:child_process';
import { findPostgresServer } from './helpers/postgres-server.ts';

function step(title: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  process.stdout.write(`\n== ${title}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
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
}
