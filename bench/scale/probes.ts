// What a phase costs, read before and after it: database transactions from Postgres's own
// statistics, CPU time per process from /proc, and (ours) the repository and named-query call
// counters each replica exposes at /api/metrics.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { call } from '../shared/http.ts';
import { treeCpuSeconds } from '../shared/rss.ts';

const run = promisify(execFile);
const PG = ['-h', '127.0.0.1', '-p', '5432', '-U', 'postgres'];
/** Backends flush their statistics at most once a second, and within a second of going idle. */
const STATS_FLUSH_MS = 1_500;

/** xact_commit + xact_rollback of one database: every transaction, explicit or autocommit. */
export async function databaseTransactions(database: string): Promise<number> {
  const { stdout } = await run('psql', [...PG, '-d', 'postgres', '-tAc', `select xact_commit + xact_rollback from pg_stat_database where datname = '${database}'`]);
  return Number(stdout.trim());
}

const COUNT_LINE = /^prefect_server_ts_database_(repository_call|named_query)_duration_seconds_count\{[^}]*\} (\d+(?:\.\d+)?)$/gm;

/** Repository calls and named queries served so far, summed over the replicas' /api/metrics. */
export async function storageCalls(apis: string[]): Promise<{ repository: number; named: number }> {
  const totals = { repository: 0, named: 0 };
  for (const api of apis) {
    const text = await call(api, 'GET', '/metrics', undefined, true);
    for (const match of text.matchAll(COUNT_LINE)) {
      if (match[1] === 'repository_call') totals.repository += Number(match[2]);
      else totals.named += Number(match[2]);
    }
  }
  return totals;
}

export interface Snapshot {
  transactions: number;
  cpu: number[];
  servicesCpu: number;
  storage?: { repository: number; named: number };
}

export interface Probe {
  database: string;
  replicaPids: number[];
  servicesPid: number;
  /** Replicas whose metrics to read (ours only). */
  metricsApis?: string[];
}

export async function snapshot(probe: Probe): Promise<Snapshot> {
  return {
    cpu: probe.replicaPids.map((pid) => treeCpuSeconds(pid)),
    servicesCpu: treeCpuSeconds(probe.servicesPid),
    transactions: await databaseTransactions(probe.database),
    ...(probe.metricsApis ? { storage: await storageCalls(probe.metricsApis) } : {}),
  };
}

/** The snapshot after a phase: CPU at once, database statistics after the backends' flush. */
export async function snapshotAfter(probe: Probe): Promise<Snapshot> {
  const cpu = probe.replicaPids.map((pid) => treeCpuSeconds(pid));
  const servicesCpu = treeCpuSeconds(probe.servicesPid);
  await new Promise((wait) => setTimeout(wait, STATS_FLUSH_MS));
  const later = await snapshot(probe);
  return { ...later, cpu, servicesCpu };
}
