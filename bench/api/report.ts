// Turning measured phases into the comparison: the console table, the targets check, and
// docs/benchmarks.md.
import type { PhaseResult } from './load.ts';
import type { Backend, ServerKind } from '../shared/servers.ts';

export interface Measured extends PhaseResult {
  rssMiB: number;
}

export interface Line {
  key: string;
  label: string;
  clients: number;
  official?: Measured;
  ours?: Measured;
}

export interface BackendReport {
  backend: Backend;
  lines: Line[];
  /** Anything odd: start failures, error samples, phases cut short by their count bound. */
  notes: string[];
}

export interface Machine {
  nproc: number;
  memoryGiB: number;
  cpu: string;
  kernel: string;
  node: string;
  prefect: string;
  postgres: string;
  /** The prefect-server-ts working tree measured: commit, and whether the server was edited. */
  ours: string;
  date: string;
  /** 1-minute load average, as text: other work on the machine shows here. */
  load: string;
}

const TARGET_RPS = 5;
const TARGET_RSS = 0.25;

const num = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits));
const ratio = (ours: number | undefined, official: number | undefined) =>
  ours === undefined || official === undefined || official === 0 || Number.isNaN(ours) || Number.isNaN(official) ? undefined : ours / official;
const times = (r: number | undefined) => (r === undefined ? '–' : `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`);

interface Verdict {
  rps: boolean | undefined;
  p99: boolean | undefined;
  errors: boolean | undefined;
  rss: boolean | undefined;
}

export function verdict(line: Line): Verdict {
  const { official, ours } = line;
  if (!official || !ours) return { rps: undefined, p99: undefined, errors: ours ? ours.errors === 0 : undefined, rss: undefined };
  const rps = ratio(ours.rps, official.rps);
  const rss = ratio(ours.rssMiB, official.rssMiB);
  return {
    rps: rps === undefined ? false : rps >= TARGET_RPS,
    p99: !Number.isNaN(ours.p99Ms) && (Number.isNaN(official.p99Ms) || ours.p99Ms < official.p99Ms),
    errors: ours.errors === 0,
    rss: rss === undefined ? undefined : rss <= TARGET_RSS,
  };
}

const mark = (ok: boolean | undefined) => (ok === undefined ? '?' : ok ? '✓' : '✗');

function cells(line: Line): string[] {
  const { official: o, ours: u } = line;
  const v = verdict(line);
  return [
    line.label,
    String(line.clients),
    num(o?.rps, 0),
    num(u?.rps, 0),
    times(ratio(u?.rps, o?.rps)),
    num(o?.p50Ms, 2),
    num(u?.p50Ms, 2),
    times(ratio(u?.p50Ms, o?.p50Ms)),
    num(o?.p99Ms, 2),
    num(u?.p99Ms, 2),
    times(ratio(u?.p99Ms, o?.p99Ms)),
    `${o?.errors ?? '–'} / ${u?.errors ?? '–'}`,
    num(o?.rssMiB, 0),
    num(u?.rssMiB, 0),
    times(ratio(u?.rssMiB, o?.rssMiB)),
    `${mark(v.rps)}${mark(v.p99)}${mark(v.errors)}${mark(v.rss)}`,
  ];
}

const HEADER = [
  'operation',
  'clients',
  'rps official',
  'rps ours',
  'rps ×',
  'p50 ms official',
  'p50 ms ours',
  'p50 ×',
  'p99 ms official',
  'p99 ms ours',
  'p99 ×',
  'errors off / ours',
  'RSS MiB official',
  'RSS MiB ours',
  'RSS ×',
  'targets',
];

export function consoleTable(report: BackendReport): string {
  const rows = [HEADER, ...report.lines.map(cells)];
  const widths = HEADER.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  const format = (row: string[]) => row.map((cell, c) => (c < 1 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ');
  return [`${report.backend}:`, ...rows.map(format)].join('\n');
}

function markdownTable(report: BackendReport): string {
  const align = HEADER.map((_, c) => (c === 0 ? ':--' : '--:'));
  return [HEADER, align, ...report.lines.map(cells)].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

function targetSummary(report: BackendReport): string[] {
  const verdicts = report.lines.map(verdict);
  const count = (pick: (v: Verdict) => boolean | undefined) => {
    const known = verdicts.map(pick).filter((v) => v !== undefined);
    const met = known.filter(Boolean).length;
    const word = known.length > 0 && met === known.length ? '**met**' : '**not met**';
    return `${word} (met on ${met} of ${report.lines.length} lines)`;
  };
  return [
    `- rps ≥ ${TARGET_RPS}× official: ${count((v) => v.rps)}`,
    `- p99 lower than official: ${count((v) => v.p99)}`,
    `- zero errors (ours): ${count((v) => v.errors)}`,
    `- peak RSS ≤ ¼ of official: ${count((v) => v.rss)}`,
  ];
}

export function renderMarkdown(machine: Machine, command: string, seconds: number, reports: BackendReport[]): string {
  const out: string[] = [
    '## API: `bench/api`',
    '',
    '`bench/api` starts the official Prefect server and ours, one at a time, on the same backend',
    '(a fresh SQLite file each, then a fresh Postgres database each), warms each operation up with',
    `10 requests, then runs 4 concurrent clients for ${seconds} s per operation, and again with 32.`,
    'Each client loops sequentially over a keep-alive connection (a minimal HTTP/1.1 client,',
    '`bench/shared/raw-http.ts`, cheaper per request than node:http\'s, since the load generator',
    'shares the CPUs with the servers); latency is per operation; a non-2xx',
    'answer or an exception is an error. Peak RSS is the server process tree (root and children,',
    'VmRSS summed, sampled every 100 ms) during that line\'s phase; the Postgres server itself is',
    'not counted for either side. A ratio is ours ÷ official.',
    '',
    'The official server runs as `prefect server start` does by default (one process, its',
    'background services on), with the UI and analytics off and its log level at WARNING; ours',
    "runs as `npm start` does (the dist/ bundle), its log level at warn. Both are told that a run",
    'is late an hour after its scheduled start (PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS,',
    "default 15 s): the runs made for the set_state phase, as many as each server's warm-up rate",
    'calls for, would otherwise go late in bulk during the phases after it, loading the faster',
    'server with more late-run work. Untimed setup and seeding retry 503s and reset connections,',
    'as the Prefect client does; the timed phases never retry.',
    '',
    'Operations: `health` (GET /api/health); `create flow` (POST /api/flows/, unique name);',
    '`create flow run` (POST /api/flow_runs/ for one flow); `filter flow runs` (POST',
    '/api/flow_runs/filter, state type SCHEDULED, limit 200, over 10,000 runs created through the',
    "server's own API beforehand, half SCHEDULED and half COMPLETED; run right after health so both",
    'servers filter the same rows); `set_state cycle` (PENDING → RUNNING → COMPLETED on a fresh',
    'SCHEDULED run created before the phase, untimed; every answer must be ACCEPT; one cycle = one',
    'operation); `logs (batch of 200)` (POST /api/logs/ with 200 logs).',
    '',
    '### Command',
    '',
    '```sh',
    command,
    '```',
    '',
    '### Machine',
    '',
    `- ${machine.nproc} CPUs (nproc), ${machine.memoryGiB.toFixed(1)} GiB memory; ${machine.cpu}; Linux ${machine.kernel}`,
    `- Node ${machine.node}; official server: prefect ${machine.prefect}; PostgreSQL ${machine.postgres}`,
    `- prefect-server-ts: ${machine.ours} (at the end of the run)`,
    `- Measured ${machine.date}; 1-minute load average ${machine.load}.`,
    '- The load generator, both servers and Postgres share these CPUs,',
    '  so a server that needs less CPU per request leaves more to the client: the numbers compare',
    '  the two servers on this box, they are not absolute capacities.',
    '',
  ];
  for (const report of reports) {
    out.push(`### ${report.backend === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`, '', markdownTable(report), '');
    out.push('Targets column: rps ≥ 5×, p99 lower, zero errors (ours), RSS ≤ ¼ — ✓ met, ✗ not met, ? not measured.', '');
    out.push('Targets:', '', ...targetSummary(report), '');
    if (report.notes.length > 0) out.push('Observed:', '', ...report.notes.map((note) => `- ${note}`), '');
  }
  out.push(
    '### Targets',
    '',
    'The goal for prefect-server-ts is, on every line: at least 5× the official rps, a lower p99,',
    'zero errors, and at most a quarter of the official peak RSS. The per-backend summaries above',
    'say, from this run, which of these hold; a target not met is a target not met.',
    '',
  );
  return out.join('\n');
}

/** Notes for one phase of one server, if anything about it was odd. */
export function phaseNotes(kind: ServerKind, label: string, result: PhaseResult): string[] {
  const who = kind === 'ours' ? 'ours' : 'official';
  const notes: string[] = [];
  if (result.hitCountBound) {
    notes.push(`${who}, ${label}, ${result.clients} clients: used every prepared run after ${(result.elapsedMs / 1000).toFixed(1)} s (rps is over that time).`);
  }
  if (result.outliers > 0 && result.maxMs > 1_000) {
    notes.push(
      `${who}, ${label}, ${result.clients} clients: ${result.outliers} operations took over 10× p50 (${result.p50Ms.toFixed(1)} ms), ` +
        `${result.outliersFirst} of them a client's first of the phase; slowest ${result.maxMs.toFixed(0)} ms.`,
    );
  }
  for (const sample of result.errorSamples) {
    notes.push(`${who}, ${label}, ${result.clients} clients, ${result.errors} errors; e.g. \`${sample.replaceAll('`', "'").replaceAll('\n', ' ')}\``);
  }
  return notes;
}
