// The scale benchmark's tables (one markdown form serves the console and the doc) and its
// section of docs/benchmarks.md.
import type { ServerKind } from '../shared/servers.ts';
import type { PgbenchResult } from './pgbench.ts';

export type Workload = 'lifecycle' | 'claims';

export interface Line {
  kind: ServerKind;
  replicas: number;
  workload: Workload;
  /** Lifecycles completed, or runs claimed. */
  ops: number;
  seconds: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** pg_stat_database xact_commit + xact_rollback delta ÷ ops (every process on the database). */
  transactionsPerOp: number;
  /** Ours only: repository calls and named queries ÷ ops, from the replicas' /api/metrics. */
  repositoryCallsPerOp?: number;
  namedQueriesPerOp?: number;
  /** Requests each replica answered ÷ the CPU seconds its process tree used, per replica. */
  requestsPerCpuSecond: number[];
  replicaCpuSeconds: number;
  servicesCpuSeconds: number;
  /** Claims: duplicate accepts and runs left unclaimed. */
  detail: string;
}

const fixed = (value: number | undefined, digits = 1) => (value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : '–');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

export function resultTable(lines: Line[]): string {
  const out = [
    row(['workload', 'server', 'replicas', 'ops', 'ops/s', 'p50 ms', 'p99 ms', 'errors', 'DB transactions/op', 'repository calls/op', 'named queries/op', 'requests per CPU-s, each replica', 'replica CPU-s', 'services CPU-s', 'notes']),
    row([':--', ':--', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', ':--']),
  ];
  const order = (line: Line) => (line.workload === 'lifecycle' ? 0 : 1) * 1000 + (line.kind === 'official' ? 0 : 100) + line.replicas;
  for (const line of [...lines].sort((a, b) => order(a) - order(b))) {
    out.push(
      row([
        line.workload,
        line.kind,
        line.replicas,
        line.ops,
        fixed(line.opsPerSecond),
        fixed(line.p50Ms),
        fixed(line.p99Ms),
        line.errors,
        fixed(line.transactionsPerOp),
        fixed(line.repositoryCallsPerOp),
        fixed(line.namedQueriesPerOp),
        line.requestsPerCpuSecond.map((value) => fixed(value, 0)).join(', '),
        fixed(line.replicaCpuSeconds),
        fixed(line.servicesCpuSeconds),
        line.detail,
      ]),
    );
  }
  return out.join('\n');
}

export interface Projection {
  kind: ServerKind;
  transactionsPerLifecycle: number;
  projected: number;
  achieved: { replicas: number; opsPerSecond: number }[];
}

export function projectionTable(pgbench: PgbenchResult, projections: Projection[]): string {
  const out = [
    row(['server', 'DB transactions per lifecycle (1 replica)', 'projected lifecycles/s (pgbench transactions/s ÷ that)', 'achieved lifecycles/s by replicas', 'best achieved ÷ projected']),
    row([':--', '--:', '--:', ':--', '--:']),
  ];
  for (const line of projections) {
    const best = Math.max(...line.achieved.map((a) => a.opsPerSecond));
    out.push(
      row([
        line.kind,
        fixed(line.transactionsPerLifecycle),
        fixed(line.projected, 0),
        line.achieved.map((a) => `${a.replicas}: ${fixed(a.opsPerSecond)}`).join(', '),
        `${fixed((best / line.projected) * 100, 0)} %`,
      ]),
    );
  }
  return `pgbench: ${fixed(pgbench.lifecyclesPerSecond)} scripts/s × ${pgbench.transactionsPerLifecycle} transactions = **${fixed(pgbench.transactionsPerSecond, 0)} transactions/s** (${pgbench.clients} clients, ${pgbench.seconds} s).\n\n${out.join('\n')}`;
}

export interface ScaleReport {
  command: string;
  machine: string;
  when: string;
  seconds: number;
  clients: number;
  workers: number;
  lines: Line[];
  pgbench?: PgbenchResult;
  projections: Projection[];
  officialSetup: string;
  notes: string[];
}

export function renderMarkdown(report: ScaleReport): string {
  return [
    '## Scale-out: `bench/scale`',
    '',
    'Each server runs as a cluster on one fresh Postgres database: 4 API-only replicas',
    '(`prefect-server-ts start --no-services`, or `prefect server start --no-services`) plus one',
    'services-only process (`prefect-server-ts services`, or `prefect server services start`). A',
    'configuration with N replicas sends its load to the first N of them, each request to the next',
    'replica in turn (the client spreads the load; no proxy); the idle replicas stay up. The late-runs',
    'service is off in both.',
    '',
    `- **lifecycle**: ${report.clients} clients, each in a loop: \`POST /flow_runs/\` (SCHEDULED), then`,
    '  `set_state` PENDING, RUNNING, COMPLETED, each of which must be accepted. One operation = one',
    `  lifecycle (4 requests). ${report.seconds} s per configuration, after a 1 s warm-up.`,
    `- **claims**: ${report.workers} simulated workers as in \`bench/claims\` (poll`,
    '  `get_scheduled_flow_runs`, propose PENDING for each run handed out) over runs seeded',
    `  beforehand (untimed) in a fresh work pool; one operation = one run claimed. At most ${report.seconds} s.`,
    '- **DB transactions/op**: the delta of `xact_commit + xact_rollback` in `pg_stat_database` for',
    "  the cluster's database over the phase, divided by the operations. It counts every",
    '  transaction (an explicit one, or one autocommit statement) of every process on that database,',
    '  the services process included; statements inside an explicit transaction are not counted',
    '  separately, so it is a lower bound on round trips. `pg_stat_statements` is not loaded here.',
    '- **repository calls/op** and **named queries/op** (ours only): deltas of',
    '  `prefect_server_ts_database_repository_call_duration_seconds_count` and',
    '  `…_named_query_duration_seconds_count`, summed over the replicas\' `/api/metrics`.',
    '- **requests per CPU-s**: requests sent to each replica ÷ the user + system CPU time of its',
    '  process tree over the phase (`/proc/<pid>/stat`).',
    '',
    `Official multi-replica setup: ${report.officialSetup}`,
    '',
    '**Everything shares 2 CPU cores**: the replicas, the services process, Postgres and the load',
    'generator. Adding replicas adds no CPU, so the figures show the per-request cost and how',
    'the work divides, not what more machines would give.',
    '',
    '### Command',
    '',
    '```sh',
    report.command,
    '```',
    '',
    `Machine: ${report.machine}. Measured ${report.when}.`,
    '',
    '### Results',
    '',
    resultTable(report.lines),
    '',
    '### Projection from pgbench',
    '',
    'pgbench runs, on the same machine and Postgres, a script shaped like one lifecycle: one insert of',
    'a run, three transactions that lock the run, read its latest state, insert a state and update the',
    "run, and primary-key reads for the rest, so that the script holds as many transactions as ours",
    'used per lifecycle with 1 replica. The projection divides the transactions per second pgbench',
    "reached by each server's transactions per lifecycle: what the database alone could sustain if",
    'the API cost nothing. On this machine the API processes take CPU from Postgres, so the achieved',
    'rate stays below it; on separate machines the replicas would not.',
    '',
    report.pgbench ? projectionTable(report.pgbench, report.projections) : 'pgbench did not run.',
    '',
    ...(report.pgbench ? ['```sh', report.pgbench.command, '```', ''] : []),
    ...(report.notes.length > 0 ? ['Observed:', '', ...report.notes.map((note) => `- ${note}`), ''] : []),
  ].join('\n');
}
