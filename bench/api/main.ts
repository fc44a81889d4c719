// `npx node bench/api/main.ts [--backend sqlite|postgres|both] [--seconds 5]`: runs the API
// benchmark end to end (servers, seeding, warm-up, phases), prints the tables, writes the doc.
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setupRetries } from '../shared/http.ts';
import { runPhase } from './load.ts';
import { FILTER_RUNS, operations, RUN_ORDER } from './operations.ts';
import { writeSection } from '../shared/docs.ts';
import { consoleTable, phaseNotes, renderMarkdown, type BackendReport, type Line } from './report.ts';
import { RssSampler } from '../shared/rss.ts';
import { REPO, startServer, stopAllServers, versions, type Backend, type ServerKind } from '../shared/servers.ts';

const CLIENTS = [4, 32];
const WARMUP = 10;
const SETTLE_MS = 500;
/** Settings both servers read: see the report's introduction for why runs go late after an hour. */
const BOTH_SERVERS = { PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS: '3600' };

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'both' },
    seconds: { type: 'string', default: '5' },
    ops: { type: 'string' },
    runs: { type: 'string', default: String(FILTER_RUNS) },
    'no-docs': { type: 'boolean', default: false },
  },
});

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: npx node bench/api/main.ts [--backend sqlite|postgres|both] [--seconds 5] [--ops a,b] [--runs 10000] [--no-docs]\n`,
  );
  process.exit(2);
}

const backends: Backend[] =
  values.backend === 'both' ? ['sqlite', 'postgres'] : values.backend === 'sqlite' || values.backend === 'postgres' ? [values.backend] : usage(`unknown backend ${values.backend}`);
const seconds = Number(values.seconds);
if (!(seconds > 0 && seconds <= 600)) usage('--seconds must be a number from 0 to 600');
const seedRuns = Number(values.runs);
if (!(Number.isInteger(seedRuns) && seedRuns >= 2 && seedRuns <= 1_000_000)) usage('--runs must be an integer from 2 to 1000000');
const selected = values.ops ? values.ops.split(',').map((s) => s.trim()) : RUN_ORDER;
for (const key of selected) if (!RUN_ORDER.includes(key)) usage(`unknown operation ${key}; known: ${RUN_ORDER.join(', ')}`);
const order = RUN_ORDER.filter((key) => selected.includes(key));

let interrupted = false;
const progress = (text: string) => process.stderr.write(`${text}\n`);

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    interrupted = true;
    progress(`${sig}: stopping the servers`);
    void stopAllServers().finally(() => process.exit(130));
  });
}

async function measure(kind: ServerKind, backend: Backend, lines: Line[], notes: string[]): Promise<void> {
  if (interrupted) return;
  progress(`[${backend}] starting the ${kind} server`);
  const server = await startServer(kind, backend, BOTH_SERVERS);
  if (interrupted) await server.stop();
  setupRetries.clear();
  const sampler = new RssSampler(server.pid);
  sampler.start();
  try {
    const readyMiB = sampler.sample() / 1024;
    progress(`[${backend}] ${kind} ready at ${server.api} (pid ${server.pid}, ${readyMiB.toFixed(0)} MiB)`);
    const ops = operations(server.api, seedRuns, backend === 'sqlite' ? 2 : 8);
    for (const key of order) {
      if (interrupted) break;
      const op = ops.find((candidate) => candidate.key === key);
      if (!op) continue;
      try {
        const setupStart = Date.now();
        await op.setup();
        if (Date.now() - setupStart > 1_000) progress(`[${backend}] ${kind} ${op.label}: setup took ${((Date.now() - setupStart) / 1000).toFixed(1)} s`);
        const warm = await runPhase(op.run, 1, 60, Math.min(WARMUP, await op.prepare(WARMUP, 0, 0)));
        if (warm.errors > 0) notes.push(...phaseNotes(kind, `${op.label} (warm-up)`, { ...warm, hitCountBound: false, outliers: 0 }));
        const warmMeanMs = warm.ops > 0 ? warm.elapsedMs / warm.ops : 0;
        for (const clients of CLIENTS) {
          const bound = await op.prepare(clients, seconds, warmMeanMs);
          await new Promise((wait) => setTimeout(wait, SETTLE_MS));
          sampler.resetPhase();
          const result = await runPhase(op.run, clients, seconds, bound);
          const rssMiB = sampler.phasePeakMiB();
          const line = lines.find((candidate) => candidate.key === key && candidate.clients === clients);
          if (line) line[kind] = { ...result, rssMiB };
          notes.push(...phaseNotes(kind, op.label, result));
          progress(
            `[${backend}] ${kind.padEnd(8)} ${op.label.padEnd(20)} ${String(clients).padStart(2)} clients: ` +
              `${result.rps.toFixed(0).padStart(6)} rps  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms  ` +
              `errors ${result.errors}  RSS ${rssMiB.toFixed(0)} MiB`,
          );
        }
      } catch (error) {
        const message = (error as Error).message.replaceAll('\n', ' ').slice(0, 800);
        notes.push(`${kind === 'ours' ? 'ours' : 'official'}, ${op.label}: failed before or between phases: \`${message}\``);
        progress(`[${backend}] ${kind} ${op.label} FAILED: ${message}`);
      }
    }
    progress(`[${backend}] ${kind} overall peak RSS ${sampler.overallPeakMiB().toFixed(0)} MiB`);
    notes.push(`${kind === 'ours' ? 'ours' : 'official'}: RSS ${readyMiB.toFixed(0)} MiB when ready, ${sampler.overallPeakMiB().toFixed(0)} MiB at the peak of the whole run (seeding included).`);
  } finally {
    sampler.stop();
    await server.stop();
    const who = kind === 'ours' ? 'ours' : 'official';
    for (const [reason, count] of setupRetries) notes.push(`${who}: ${count} setup/seeding requests answered ${reason} and were retried (untimed).`);
    for (const [line, count] of server.problems()) notes.push(`${who} server logged${count > 1 ? ` (×${count})` : ''}: \`${line.replaceAll('`', "'")}\``);
  }
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0] ?? 0;
  const reports: BackendReport[] = [];
  for (const backend of backends) {
    if (interrupted) break;
    const lines: Line[] = order.flatMap((key) =>
      CLIENTS.map((clients) => ({ key, clients, label: operations('', 0).find((op) => op.key === key)?.label ?? key })),
    );
    // Print in the issue's order: health, create flow, create flow run, filter, set_state, logs.
    const issueOrder = ['health', 'create_flow', 'create_flow_run', 'filter_flow_runs', 'set_state', 'logs'];
    lines.sort((a, b) => issueOrder.indexOf(a.key) - issueOrder.indexOf(b.key) || a.clients - b.clients);
    const report: BackendReport = { backend, lines, notes: [] };
    for (const kind of ['official', 'ours'] as const) {
      try {
        await measure(kind, backend, lines, report.notes);
      } catch (error) {
        const message = (error as Error).message;
        report.notes.push(`${kind} server on ${backend}: ${message.split('\n')[0]}`);
        progress(`[${backend}] ${kind} FAILED: ${message}`);
      }
    }
    reports.push(report);
    process.stdout.write(`\n${consoleTable(report)}\n`);
    if (report.notes.length > 0) process.stdout.write(`${report.notes.map((note) => `  - ${note}`).join('\n')}\n`);
  }

  if (!values['no-docs'] && !interrupted) {
    const args = process.argv.slice(2).join(' ');
    const { prefect, postgres, ours } = await versions();
    const machine = {
      nproc: availableParallelism(),
      memoryGiB: totalmem() / 2 ** 30,
      cpu: cpus()[0]?.model ?? 'unknown CPU',
      kernel: release(),
      node: process.version,
      prefect: prefect.replace(/^prefect\s*/i, ''),
      postgres,
      ours,
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      load: `${loadAtStart.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end`,
    };
    const path = join(REPO, 'docs', 'benchmarks.md');
    await writeSection(path, 'api', renderMarkdown(machine, `npx node bench/api/main.ts${args ? ` ${args}` : ''}`, seconds, reports));
    progress(`wrote ${path}`);
  }
}

try {
  await main();
} finally {
  await stopAllServers();
}
