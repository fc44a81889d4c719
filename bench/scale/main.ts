// `npx node bench/scale/main.ts [--replicas 1,2,4] [--seconds 10] [--clients 16] [--workers 8]
// [--servers official,ours] [--no-docs]`: the flow-run lifecycle and worker claims over 1, 2
// and 4 API replicas of each server on one Postgres database, then pgbench's ceiling for the
// same database work; prints the tables and writes the `scale` section of docs/benchmarks.md.
import { positive } from '../shared/args.ts';
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { createFlow, seedPool } from '../claims/setup.ts';
import { startCluster, type RunningCluster } from '../shared/cluster.ts';
import { writeSection } from '../shared/docs.ts';
import { REPO, stopAllServers, versions, type ServerKind } from '../shared/servers.ts';
import { RoundRobin, runClaims, runLifecycles } from './load.ts';
import { runPgbench, type PgbenchResult } from './pgbench.ts';
import { snapshot, snapshotAfter, type Probe, type Snapshot } from './probes.ts';
import { projectionTable, renderMarkdown, resultTable, type Line, type Projection } from './report.ts';

const run = promisify(execFile);
const SEED_PARALLEL = 16;
const REDIS = { host: '127.0.0.1', port: 6379, messagingDb: 10, docketDb: 11 };
const VENV_PREFECT = join(REPO, 'bench', 'scale', '.venv', 'bin', 'prefect');

const { values } = parseArgs({
  options: {
    replicas: { type: 'string', default: '1,2,4' },
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '16' },
    workers: { type: 'string', default: '8' },
    servers: { type: 'string', default: 'official,ours' },
    'no-docs': { type: 'boolean', default: false },
  },
});

const replicaCounts = values.replicas.split(',').map((text) => positive('replicas', text.trim(), 16));
const seconds = positive('seconds', values.seconds, 600);
const clients = positive('clients', values.clients, 1_000);
const workers = positive('workers', values.workers, 1_000);
const kinds = values.servers.split(',').map((text) => text.trim()) as ServerKind[];
for (const kind of kinds) if (kind !== 'official' && kind !== 'ours') positive('servers (official or ours)', 'x', 0);
const progress = (text: string) => process.stderr.write(`${text}\n`);

/** The settings of Prefect's "scale self-hosted Prefect" guide, pointed at the local Redis. */
const OFFICIAL_REDIS_ENV = {
  PREFECT_MESSAGING_BROKER: 'prefect_redis.messaging',
  PREFECT_MESSAGING_CACHE: 'prefect_redis.messaging',
  PREFECT_SERVER_EVENTS_CAUSAL_ORDERING: 'prefect_redis.ordering',
  PREFECT_SERVER_CONCURRENCY_LEASE_STORAGE: 'prefect_redis.lease_storage',
  PREFECT_REDIS_MESSAGING_HOST: REDIS.host,
  PREFECT_REDIS_MESSAGING_PORT: String(REDIS.port),
  PREFECT_REDIS_MESSAGING_DB: String(REDIS.messagingDb),
  PREFECT_SERVER_DOCKET_URL: `redis://${REDIS.host}:${REDIS.port}/${REDIS.docketDb}`,
};
const OFFICIAL_SETUP =
  'the settings of Prefect\'s "How to scale self-hosted Prefect" guide: ' +
  Object.entries(OFFICIAL_REDIS_ENV)
    .map(([key, value]) => `\`${key}=${value}\``)
    .join(', ') +
  ', `PREFECT_API_DATABASE_MIGRATE_ON_START=false` after one `prefect server database upgrade -y`; prefect 3.9.1 with prefect-redis 0.3.0 in `bench/scale/.venv` (from `test/compat/ensure_venv.py bench/scale`); Redis is Debian\'s `redis-server` at 127.0.0.1:6379, its databases 10 and 11 emptied before the run.';

const SETTINGS = { PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED: 'false' };

function redisReachable(): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(REDIS.port, REDIS.host);
    socket.setTimeout(2_000);
    socket.once('connect', () => {
      socket.end();
      done(true);
    });
    socket.once('error', () => done(false));
    socket.once('timeout', () => {
      socket.destroy();
      done(false);
    });
  });
}

/** Readies the official server's Redis side, or says why it cannot. */
async function officialPrerequisites(): Promise<string | undefined> {
  if (!(await redisReachable())) return `no Redis answers at ${REDIS.host}:${REDIS.port} (Debian's redis-server package: \`apt-get install redis-server\`)`;
  try {
    await run('python3', [join(REPO, 'test', 'compat', 'ensure_venv.py'), join(REPO, 'bench', 'scale')], { timeout: 900_000 });
  } catch (error) {
    return `test/compat/ensure_venv.py bench/scale failed (prefect-redis could not be installed): ${(error as Error).message.split('\n')[0]}`;
  }
  for (const db of [REDIS.messagingDb, REDIS.docketDb]) await run('redis-cli', ['-h', REDIS.host, '-p', String(REDIS.port), '-n', String(db), 'flushdb']);
  return undefined;
}

function line(kind: ServerKind, replicas: RoundRobin, workload: Line['workload'], before: Snapshot, after: Snapshot, result: {
  ops: number;
  elapsedMs: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  detail: string;
}): Line {
  const cpu = after.cpu.map((value, i) => value - (before.cpu[i] ?? 0));
  const per = (delta: number) => (result.ops > 0 ? delta / result.ops : Number.NaN);
  return {
    kind,
    replicas: replicas.apis.length,
    workload,
    ops: result.ops,
    seconds: result.elapsedMs / 1000,
    opsPerSecond: result.ops / (result.elapsedMs / 1000),
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    errors: result.errors,
    transactionsPerOp: per(after.transactions - before.transactions),
    ...(before.storage && after.storage
      ? { repositoryCallsPerOp: per(after.storage.repository - before.storage.repository), namedQueriesPerOp: per(after.storage.named - before.storage.named) }
      : {}),
    requestsPerCpuSecond: replicas.requests.map((requests, i) => requests / (cpu[i] ?? Number.NaN)),
    replicaCpuSeconds: cpu.reduce((sum, value) => sum + value, 0),
    servicesCpuSeconds: after.servicesCpu - before.servicesCpu,
    detail: result.detail,
  };
}

async function measureConfiguration(cluster: RunningCluster, count: number, flowId: string, lines: Line[], notes: string[]): Promise<void> {
  const { kind } = cluster;
  const used = cluster.replicas.slice(0, count);
  const replicas = new RoundRobin(used.map((replica) => replica.api));
  const probe: Probe = {
    database: cluster.database,
    replicaPids: used.map((replica) => replica.pid),
    servicesPid: cluster.services.pid,
    ...(kind === 'ours' ? { metricsApis: replicas.apis } : {}),
  };
  // Samples differ only by run id: one note per distinct failure, with its count.
  const sample = (label: string, samples: string[]) => {
    const distinct = new Map<string, number>();
    for (const text of samples) {
      const [, body = text, times = '1'] = /^(.*?)(?: \(×(\d+)\))?$/s.exec(text) ?? [];
      const key = body.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>').replaceAll('`', "'").slice(0, 600);
      distinct.set(key, (distinct.get(key) ?? 0) + Number(times));
    }
    for (const [text, times] of distinct) notes.push(`${kind}, ${count} replica(s), ${label}${times > 1 ? ` (×${times} in the samples)` : ''}: \`${text}\``);
  };

  await runLifecycles(replicas, flowId, clients, 1);
  let before = await snapshot(probe);
  replicas.reset();
  const lifecycle = await runLifecycles(replicas, flowId, clients, seconds);
  let after = await snapshotAfter(probe);
  const lifecycleLine = line(kind, replicas, 'lifecycle', before, after, { ...lifecycle, detail: '' });
  lines.push(lifecycleLine);
  sample('lifecycle', lifecycle.errorSamples);
  progress(
    `${kind} ×${count} lifecycle: ${lifecycleLine.opsPerSecond.toFixed(1)}/s p50 ${lifecycle.p50Ms.toFixed(1)} ms p99 ${lifecycle.p99Ms.toFixed(1)} ms ` +
      `errors ${lifecycle.errors}, ${lifecycleLine.transactionsPerOp.toFixed(1)} DB transactions/op, requests/CPU-s ${lifecycleLine.requestsPerCpuSecond.map((v) => v.toFixed(0)).join(',')}`,
  );

  // Enough runs for the claim rate these replicas could plausibly reach (about twice the
  // lifecycle rate: two requests per claim against four per lifecycle), within bounds.
  const runs = Math.max(200, Math.min(6_000, Math.ceil(lifecycleLine.opsPerSecond * 2.5 * seconds)));
  const pool = `scale-${count}-replicas`;
  progress(`${kind} ×${count}: seeding ${runs} runs in ${pool}`);
  const ids = await seedPool(replicas.apis[0] as string, flowId, pool, runs, SEED_PARALLEL);
  before = await snapshot(probe);
  replicas.reset();
  const claims = await runClaims(replicas, pool, ids, workers, seconds);
  after = await snapshotAfter(probe);
  const detail = `${claims.runs} seeded, ${claims.runs - claims.claimed} unclaimed${claims.drained ? '' : ' (time box)'}, ${claims.duplicateAccepts} duplicate accepts`;
  const claimLine = line(kind, replicas, 'claims', before, after, { ops: claims.claimed, elapsedMs: claims.elapsedMs, p50Ms: Number.NaN, p99Ms: Number.NaN, errors: claims.errors, detail });
  lines.push(claimLine);
  sample('claims', claims.errorSamples);
  progress(`${kind} ×${count} claims: ${claimLine.opsPerSecond.toFixed(1)}/s, ${detail}, errors ${claims.errors}, ${claimLine.transactionsPerOp.toFixed(1)} DB transactions/op`);
}

async function measure(kind: ServerKind, lines: Line[], notes: string[]): Promise<void> {
  const most = Math.max(...replicaCounts);
  const official = kind === 'official';
  progress(`starting the ${kind} cluster: ${most} replicas and one services process`);
  const cluster = await startCluster(kind, {
    replicas: most,
    env: { ...SETTINGS, ...(official ? OFFICIAL_REDIS_ENV : {}) },
    ...(official ? { prefectBin: VENV_PREFECT } : {}),
  });
  try {
    const flowId = await createFlow(cluster.replicas[0]?.api as string, 'bench-scale');
    for (const count of replicaCounts) {
      try {
        await measureConfiguration(cluster, count, flowId, lines, notes);
      } catch (error) {
        notes.push(`${kind}, ${count} replica(s): failed: \`${(error as Error).message.split('\n')[0]?.slice(0, 600)}\``);
        progress(`${kind} ×${count} FAILED: ${(error as Error).message}`);
      }
    }
  } finally {
    await cluster.stop();
    for (const [text, count] of cluster.problems()) notes.push(`${kind} cluster logged${count > 1 ? ` (×${count})` : ''}: \`${text.replaceAll('`', "'")}\``);
  }
}

function projections(lines: Line[], pgbench: PgbenchResult): Projection[] {
  const out: Projection[] = [];
  for (const kind of kinds) {
    const lifecycles = lines.filter((candidate) => candidate.kind === kind && candidate.workload === 'lifecycle');
    const single = lifecycles.find((candidate) => candidate.replicas === Math.min(...replicaCounts));
    if (!single || !(single.transactionsPerOp > 0)) continue;
    out.push({
      kind,
      transactionsPerLifecycle: single.transactionsPerOp,
      projected: pgbench.transactionsPerSecond / single.transactionsPerOp,
      achieved: lifecycles.map((candidate) => ({ replicas: candidate.replicas, opsPerSecond: candidate.opsPerSecond })),
    });
  }
  return out;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0] ?? 0;
  const lines: Line[] = [];
  const notes: string[] = [];
  for (const kind of kinds) {
    if (kind === 'official') {
      const missing = await officialPrerequisites();
      if (missing !== undefined) {
        notes.push(`official: not measured: ${missing}`);
        progress(`official: not measured: ${missing}`);
        continue;
      }
    }
    try {
      await measure(kind, lines, notes);
    } catch (error) {
      notes.push(`${kind}: failed: \`${(error as Error).message.split('\n')[0]?.slice(0, 600)}\``);
      progress(`${kind} FAILED: ${(error as Error).message}`);
    }
  }
  const reference = lines.find((candidate) => candidate.kind === 'ours' && candidate.workload === 'lifecycle') ?? lines.find((candidate) => candidate.workload === 'lifecycle');
  let pgbench: PgbenchResult | undefined;
  if (reference) {
    progress(`pgbench: ${Math.round(reference.transactionsPerOp)} transactions per lifecycle, ${clients} clients, ${seconds} s`);
    try {
      pgbench = await runPgbench(reference.transactionsPerOp, clients, seconds);
    } catch (error) {
      notes.push(`pgbench failed: \`${(error as Error).message.split('\n')[0]}\``);
    }
  }
  const projected = pgbench ? projections(lines, pgbench) : [];
  process.stdout.write(`\n${resultTable(lines)}\n\n${pgbench ? projectionTable(pgbench, projected) : 'pgbench did not run.'}\n`);
  if (notes.length > 0) process.stdout.write(`${notes.map((note) => `  - ${note}`).join('\n')}\n`);
  if (values['no-docs']) return;
  const { prefect, postgres, ours } = await versions();
  const args = process.argv.slice(2).join(' ');
  const markdown = renderMarkdown({
    command: `npx node bench/scale/main.ts${args ? ` ${args}` : ''}`,
    machine: `${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown CPU'}), shared by the servers, Postgres, Redis and the load generator; Node ${process.version}; prefect ${prefect.replace(/^prefect\s*/i, '')}; PostgreSQL ${postgres}; prefect-server-ts ${ours}`,
    when: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; 1-minute load average ${loadAtStart.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end`,
    seconds,
    clients,
    workers,
    lines,
    ...(pgbench ? { pgbench } : {}),
    projections: projected,
    officialSetup: OFFICIAL_SETUP,
    notes,
  });
  const path = join(REPO, 'docs', 'benchmarks.md');
  await writeSection(path, 'scale', markdown);
  progress(`wrote ${path}`);
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    progress(`${sig}: stopping the servers`);
    void stopAllServers().finally(() => process.exit(130));
  });
}

try {
  await main();
} finally {
  await stopAllServers();
}
