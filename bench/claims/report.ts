// The claims benchmark's tables (one markdown form serves the console and the doc) and its
// section of docs/benchmarks.md.
import type { ServerKind } from '../shared/servers.ts';
import type { ClaimPhase } from './workers.ts';

export interface ClaimLine extends ClaimPhase {
  kind: ServerKind;
  /** Runs whose state history, read back from the server, holds two PENDING states. */
  pendingTwice: number;
}

export interface SchedulerLine {
  kind: ServerKind;
  deployments: number;
  expected: number;
  count: number;
  createMs: number;
  scheduledMs: number;
  complete: boolean;
}

const CLAIM_TARGET = 10;
const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function claimTable(lines: ClaimLine[], workerCounts: number[]): string {
  const out = [
    row(['workers', 'server', 'runs', 'claimed', 'seconds', 'claims/s', 'ours ÷ official', 'handed out per run', 'duplicate accepts', 'runs with 2 PENDING', 'unclaimed', 'errors']),
    row([':--', ':--', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:']),
  ];
  for (const workers of workerCounts) {
    const official = lines.find((line) => line.kind === 'official' && line.workers === workers);
    for (const line of lines.filter((candidate) => candidate.workers === workers)) {
      const ratio = line.kind === 'ours' && official ? `${fixed(line.claimsPerSecond / official.claimsPerSecond)}×` : '';
      out.push(
        row([
          workers,
          line.kind,
          line.runs,
          line.claimed,
          fixed(line.elapsedMs / 1000),
          fixed(line.claimsPerSecond),
          ratio,
          line.claimed > 0 ? fixed(line.handedOut / line.claimed, 2) : '–',
          line.duplicateAccepts,
          line.pendingTwice,
          `${line.runs - line.claimed}${line.drained ? '' : ' (time box)'}`,
          line.errors,
        ]),
      );
    }
  }
  return out.join('\n');
}

export function schedulerTable(lines: SchedulerLine[]): string {
  const out = [
    row(['server', 'deployments', 'runs expected', 'runs scheduled', 'creating the deployments, s', 'until every run exists, s']),
    row([':--', '--:', '--:', '--:', '--:', '--:']),
  ];
  for (const line of lines) {
    out.push(row([line.kind, line.deployments, line.expected, line.count, fixed(line.createMs / 1000), `${fixed(line.scheduledMs / 1000)}${line.complete ? '' : ' (gave up)'}`]));
  }
  return out.join('\n');
}

function claimVerdict(lines: ClaimLine[], workerCounts: number[]): string {
  const most = Math.max(...workerCounts);
  const official = lines.find((line) => line.kind === 'official' && line.workers === most);
  const ours = lines.find((line) => line.kind === 'ours' && line.workers === most);
  if (!official || !ours) return `- Target (≥ ${CLAIM_TARGET}× the official claim throughput at ${most} workers, zero duplicates): not measured.`;
  const ratio = ours.claimsPerSecond / official.claimsPerSecond;
  const duplicates = lines.filter((line) => line.kind === 'ours').reduce((sum, line) => sum + line.duplicateAccepts + line.pendingTwice, 0);
  const met = ratio >= CLAIM_TARGET && duplicates === 0;
  return `- Target (≥ ${CLAIM_TARGET}× the official claim throughput at ${most} workers, zero duplicates): **${met ? 'met' : 'not met'}** (${fixed(ratio)}×, ${duplicates} duplicates in ours).`;
}

export interface ClaimsReport {
  command: string;
  machine: string;
  when: string;
  runs: number;
  seconds: number;
  claims: ClaimLine[];
  workerCounts: number[];
  scheduling: SchedulerLine[];
  notes: string[];
}

export function renderMarkdown(report: ClaimsReport): string {
  return [
    '## Claims and scheduling: `bench/claims`',
    '',
    'Each server runs on a fresh Postgres database with its scheduler loop at 1 s and the late-runs',
    `service off. For each worker count, a fresh process work pool gets one deployment and ${report.runs}`,
    'runs created through `create_flow_run` (untimed). Then that many simulated workers poll',
    '`POST /work_pools/{pool}/get_scheduled_flow_runs` as `prefect worker start` does (scheduled_before',
    '= now + 10 s, no limit) and propose PENDING for every run handed to them, all at once, until every',
    `run has an accepted PENDING or ${report.seconds} s pass. A claim is a run with an accepted PENDING. "Handed out`,
    'per run" counts how many polls returned each claimed run; "duplicate accepts" are ACCEPTs beyond',
    'the first for one run, as the workers saw them; "runs with 2 PENDING" are read back from each',
    "server's state history afterwards.",
    '',
    'The scheduler line creates that many deployments, each with an hourly interval schedule capped',
    'at 3 scheduled runs, and times how long until all their runs exist.',
    '',
    '### Command',
    '',
    '```sh',
    report.command,
    '```',
    '',
    `Machine: ${report.machine}. Measured ${report.when}.`,
    '',
    '### Claims',
    '',
    claimTable(report.claims, report.workerCounts),
    '',
    claimVerdict(report.claims, report.workerCounts),
    '',
    '### Scheduler',
    '',
    schedulerTable(report.scheduling),
    '',
    ...(report.notes.length > 0 ? ['Observed:', '', ...report.notes.map((note) => `- ${note}`), ''] : []),
  ].join('\n');
}
