// `npx node bench/claims/main.ts [--runs 1000] [--seconds 30] [--workers 1,8,64]
// [--deployments 1000] [--no-docs]`: claim throughput (SCHEDULED → PENDING per second) with
// simulated workers, and the time the scheduler takes over many deployments; the official
// server and ours, one after the other, each on a fresh Postgres database.
import { positive } from '../shared/args.ts';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { writeSection } from '../shared/docs.ts';
import { REPO, startServer, stopAllServers, versions, type ServerKind } from '../shared/servers.ts';
import { claimTable, renderMarkdown, schedulerTable, type ClaimLine, type SchedulerLine } from './report.ts';
import { countFlowRuns, createFlow, createScheduledDeployments, runsPendingTwice, seedPool } from './setup.ts';
import { runClaimPhase } from './workers.ts';

const SEED_PARALLEL = 8;
const SCHEDULED_RUNS_EACH = 3;
const SCHEDULER_POLL_MS = 250;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '30' },
    workers: { type: 'string', default: '1,8,64' },
    deployments: { type: 'string', default: '1000' },
    'no-docs': { type: 'boolean', default: false },
  },
});

const runs = positive('runs', values.runs, 100_000);
const seconds = positive('seconds', values.seconds, 600);
const workerCounts = values.workers.split(',').map((text) => positive('workers', text.trim(), 1_000));
const deployments = positive('deployments', values.deployments, 100_000);
const progress = (text: string) => process.stderr.write(`${text}\n`);

/** Both servers schedule on a short loop, so the measurement is the work, not the wait. */
const SETTINGS = {
  PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS: '1',
  PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED: 'false',
};

async function measure(kind: ServerKind, claims: ClaimLine[], scheduling: SchedulerLine[], notes: string[]): Promise<void> {
  progress(`starting the ${kind} server on Postgres`);
  const server = await startServer(kind, 'postgres', SETTINGS);
  try {
    const flowId = await createFlow(server.api, 'bench-claims');
    for (const workers of workerCounts) {
      const pool = `bench-${workers}-workers`;
      progress(`${kind}: seeding ${runs} runs in ${pool}`);
      const ids = await seedPool(server.api, flowId, pool, runs, SEED_PARALLEL);
      const phase = await runClaimPhase(server.api, pool, ids, workers, seconds);
      const pendingTwice = await runsPendingTwice(server.api, ids, SEED_PARALLEL);
      claims.push({ kind, ...phase, pendingTwice });
      progress(
        `${kind}: ${workers} workers claimed ${phase.claimed}/${phase.runs} in ${(phase.elapsedMs / 1000).toFixed(1)} s ` +
          `(${phase.claimsPerSecond.toFixed(1)}/s), handed out ${phase.handedOut}, duplicate accepts ${phase.duplicateAccepts}, ` +
          `runs with two PENDING states ${pendingTwice}, errors ${phase.errors}`,
      );
      for (const sample of phase.errorSamples) notes.push(`${kind}, ${workers} workers: \`${sample.replaceAll('`', "'")}\``);
    }

    const scheduledFlow = await createFlow(server.api, 'bench-scheduler');
    progress(`${kind}: creating ${deployments} scheduled deployments`);
    const created = performance.now();
    await createScheduledDeployments(server.api, scheduledFlow, deployments, SCHEDULED_RUNS_EACH, SEED_PARALLEL);
    const createdMs = performance.now() - created;
    const expected = deployments * SCHEDULED_RUNS_EACH;
    const deadline = performance.now() + seconds * 10 * 1000;
    let count = 0;
    while ((count = await countFlowRuns(server.api, scheduledFlow)) < expected && performance.now() < deadline) {
      await new Promise((wait) => setTimeout(wait, SCHEDULER_POLL_MS));
    }
    const scheduledMs = performance.now() - created;
    scheduling.push({ kind, deployments, expected, count, createMs: createdMs, scheduledMs, complete: count >= expected });
    progress(`${kind}: ${count}/${expected} runs scheduled ${(scheduledMs / 1000).toFixed(1)} s after the first deployment was created`);
  } finally {
    await server.stop();
    for (const [line, count] of server.problems()) notes.push(`${kind} server logged${count > 1 ? ` (×${count})` : ''}: \`${line.replaceAll('`', "'")}\``);
  }
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0] ?? 0;
  const claims: ClaimLine[] = [];
  const scheduling: SchedulerLine[] = [];
  const notes: string[] = [];
  for (const kind of ['official', 'ours'] as const) {
    try {
      await measure(kind, claims, scheduling, notes);
    } catch (error) {
      notes.push(`${kind}: failed: \`${(error as Error).message.split('\n')[0]}\``);
      progress(`${kind} FAILED: ${(error as Error).message}`);
    }
  }
  process.stdout.write(`\n${claimTable(claims, workerCounts)}\n\n${schedulerTable(scheduling)}\n`);
  if (notes.length > 0) process.stdout.write(`${notes.map((note) => `  - ${note}`).join('\n')}\n`);
  if (values['no-docs']) return;
  const { prefect, postgres, ours } = await versions();
  const args = process.argv.slice(2).join(' ');
  const markdown = renderMarkdown({
    command: `npx node bench/claims/main.ts${args ? ` ${args}` : ''}`,
    machine: `${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown CPU'}); Node ${process.version}; prefect ${prefect.replace(/^prefect\s*/i, '')}; PostgreSQL ${postgres}; prefect-server-ts ${ours}`,
    when: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; 1-minute load average ${loadAtStart.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end`,
    runs,
    seconds,
    claims,
    workerCounts,
    scheduling,
    notes,
  });
  const path = join(REPO, 'docs', 'benchmarks.md');
  await writeSection(path, 'claims', markdown);
  progress(`wrote ${path}`);
}

try {
  await main();
} finally {
  await stopAllServers();
}
