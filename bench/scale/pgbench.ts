// The database's own ceiling on this machine: pgbench runs a script shaped like one flow-run
// lifecycle (an insert of the run, three locked state transitions, and the remaining
// transactions as primary-key reads) on two tables shaped like flow_run and flow_run_state.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDatabase, dropDatabase } from '../shared/servers.ts';

const run = promisify(execFile);
const PG = ['-h', '127.0.0.1', '-p', '5432', '-U', 'postgres'];

const SCHEMA = `
create table bench_run (
  id uuid primary key, created timestamptz not null, updated timestamptz not null, name text not null,
  flow_id uuid not null, state_id uuid, state_type text, state_name text, state_timestamp timestamptz,
  run_count int not null default 0, parameters jsonb not null default '{}', labels jsonb not null default '{}');
create index on bench_run (flow_id);
create index on bench_run (state_type, state_timestamp);
create table bench_state (
  id uuid primary key, created timestamptz not null, updated timestamptz not null, run_id uuid not null references bench_run (id) on delete cascade,
  type text not null, name text not null, timestamp timestamptz not null, details jsonb not null default '{}');
create index on bench_state (run_id, timestamp);
`;

function transition(type: string, name: string): string {
  return [
    'BEGIN;',
    'SELECT id, state_type, run_count FROM bench_run WHERE id = :run_id FOR UPDATE;',
    'SELECT id, type FROM bench_state WHERE run_id = :run_id ORDER BY timestamp DESC LIMIT 1;',
    `INSERT INTO bench_state (id, created, updated, run_id, type, name, timestamp, details) VALUES (gen_random_uuid(), now(), now(), :run_id, '${type}', '${name}', now(), '{"flow_run_id": null}') RETURNING id AS state_id \\gset`,
    `UPDATE bench_run SET state_id = :state_id, state_type = '${type}', state_name = '${name}', state_timestamp = now(), updated = now() WHERE id = :run_id;`,
    'COMMIT;',
  ].join('\n');
}

/** One lifecycle in exactly `transactions` transactions (at least 4: the create and three transitions). */
export function lifecycleScript(transactions: number): string {
  const reads = Math.max(0, transactions - 4);
  return [
    "INSERT INTO bench_run (id, created, updated, name, flow_id, state_type, state_name, state_timestamp) VALUES (gen_random_uuid(), now(), now(), 'run', '00000000-0000-4000-8000-000000000001', 'SCHEDULED', 'Scheduled', now()) RETURNING id AS run_id \\gset",
    transition('PENDING', 'Pending'),
    ...Array.from({ length: reads }, () => 'SELECT * FROM bench_run WHERE id = :run_id;'),
    transition('RUNNING', 'Running'),
    transition('COMPLETED', 'Completed'),
    '',
  ].join('\n');
}

export interface PgbenchResult {
  clients: number;
  seconds: number;
  transactionsPerLifecycle: number;
  /** Scripts (lifecycles) per second, without the initial connection time. */
  lifecyclesPerSecond: number;
  /** Database transactions per second: lifecycles/s × transactions per lifecycle. */
  transactionsPerSecond: number;
  command: string;
}

export async function runPgbench(transactionsPerLifecycle: number, clients: number, seconds: number): Promise<PgbenchResult> {
  const transactions = Math.max(4, Math.round(transactionsPerLifecycle));
  const database = `pst_pgbench_${process.pid}_${Date.now().toString(36)}`;
  const dir = await mkdtemp(join(tmpdir(), 'pst-pgbench-'));
  const script = join(dir, 'lifecycle.sql');
  await createDatabase(database);
  try {
    await run('psql', [...PG, '-d', database, '-v', 'ON_ERROR_STOP=1', '-qc', SCHEMA]);
    await writeFile(script, lifecycleScript(transactions), 'utf8');
    const args = ['-n', '-M', 'extended', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', script, ...PG, database];
    const { stdout } = await run('pgbench', args, { timeout: (seconds + 60) * 1000 });
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
    if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
    const lifecyclesPerSecond = Number(tps[1]);
    return {
      clients,
      seconds,
      transactionsPerLifecycle: transactions,
      lifecyclesPerSecond,
      transactionsPerSecond: lifecyclesPerSecond * transactions,
      command: `pgbench ${args.slice(0, -(PG.length + 1)).join(' ').replace(script, 'lifecycle.sql')} (${transactions} transactions per script)`,
    };
  } finally {
    await dropDatabase(database);
    await rm(dir, { recursive: true, force: true });
  }
}
