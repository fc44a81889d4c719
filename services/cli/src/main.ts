#!/usr/bin/env node
// The prefect-server-ts command line: `start`, `services`, and `database upgrade|downgrade|reset|status`.
import { Command, InvalidArgumentError } from 'commander';
import { loadSettings, SettingsError } from '@prefect-server-ts/settings';
import { DatabaseUnavailableError, MigrationError } from '@prefect-server-ts/storage';
import { downgradeCommand, resetCommand, statusCommand, upgradeCommand } from './commands/database.ts';
import { servicesCommand } from './commands/services.ts';
import { start } from './commands/start.ts';

function integer(name: string, min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    return n;
  };
}

/** Errors the user can act on print as one line; anything else keeps its stack. */
function fail(error: unknown): never {
  const expected = [SettingsError, MigrationError, DatabaseUnavailableError].some((type) => error instanceof type);
  process.stderr.write(`prefect-server-ts: ${expected ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
}

const run =
  <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
  async (...args: A) => {
    try {
      await fn(...args);
    } catch (error) {
      fail(error);
    }
  };

const program = new Command('prefect-server-ts').description('A Prefect 3 orchestration server, Postgres-first.');

program
  .command('start')
  .description('Serve the API and run the background services; the API listens on PREFECT_SERVER_API_HOST:PREFECT_SERVER_API_PORT.')
  .option('--host <host>', 'interface to bind (default: PREFECT_SERVER_API_HOST or 127.0.0.1)')
  .option('--port <port>', 'port to bind (default: PREFECT_SERVER_API_PORT or 4200)', integer('--port', 0, 65_535))
  .option('--no-services', 'serve the API only, without the background services')
  .action(run(async (options: { host?: string; port?: number; services: boolean }) => start(loadSettings(), options)));

program
  .command('services')
  .description('Run only the background services enabled by PREFECT_SERVER_SERVICES_<NAME>_ENABLED, without the API.')
  .action(run(async () => servicesCommand(loadSettings())));

const database = program.command('database').description('Manage the database schema.');
database
  .command('upgrade')
  .description('Apply pending migrations.')
  .option('--to <version>', 'stop at this version', integer('--to', 0, 9_999))
  .action(run(async (options: { to?: number }) => upgradeCommand(loadSettings(), options.to)));
database
  .command('downgrade')
  .description('Revert migrations: one step, or down to --to (0 reverts all).')
  .option('--to <version>', 'revert down to this version', integer('--to', 0, 9_999))
  .action(run(async (options: { to?: number }) => downgradeCommand(loadSettings(), options.to)));
database
  .command('reset')
  .description('Revert every migration and apply them again: deletes all data.')
  .option('--yes', 'confirm that all data may be deleted', false)
  .action(run(async (options: { yes: boolean }) => resetCommand(loadSettings(), options.yes)));
database
  .command('status')
  .description('Print dialect, server version, applied migrations and effective pragmas or pool settings.')
  .action(run(async () => statusCommand(loadSettings())));

await program.parseAsync(process.argv);
