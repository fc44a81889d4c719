// Simulated Prefect workers: each polls its work pool as `prefect worker start` does (POST
// get_scheduled_flow_runs with scheduled_before = now + prefetch, no limit), then proposes
// PENDING for every run it was handed, at once, as the worker's task group does.
import { performance } from 'node:perf_hooks';
import { call, RequestError } from '../shared/http.ts';

const PREFETCH_SECONDS = 10;
const EMPTY_POLL_PAUSE_MS = 50;
const MAX_SAMPLES = 5;

export interface ClaimPhase {
  workers: number;
  runs: number;
  /** Runs with at least one ACCEPT for PENDING. */
  claimed: number;
  /** Runs handed out by polls, counted once per poll that returned them. */
  handedOut: number;
  /** ACCEPTs for PENDING beyond the first, per run, as the workers saw them. */
  duplicateAccepts: number;
  elapsedMs: number;
  claimsPerSecond: number;
  /** Every run was claimed before the time box ran out. */
  drained: boolean;
  errors: number;
  errorSamples: string[];
}

interface WorkerFlowRun {
  flow_run: { id: string };
}

/** `api`: one base URL, or a function that picks the base URL for each request (to spread load over replicas). */
export async function runClaimPhase(api: string | (() => string), pool: string, runIds: ReadonlySet<string>, workers: number, seconds: number): Promise<ClaimPhase> {
  const pick = typeof api === 'string' ? () => api : api;
  const accepts = new Map<string, number>();
  const samples = new Map<string, number>();
  let handedOut = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const done = () => accepts.size >= runIds.size || performance.now() >= deadline;
  const fail = (error: unknown) => {
    errors++;
    const text = error instanceof RequestError ? error.message : `exception: ${String(error)}`;
    if (samples.size < MAX_SAMPLES || samples.has(text)) samples.set(text, (samples.get(text) ?? 0) + 1);
  };

  const propose = async (id: string) => {
    const answer = await call(pick(), 'POST', `/flow_runs/${id}/set_state`, JSON.stringify({ state: { type: 'PENDING', name: 'Pending' } }), true);
    if (answer.includes('"status":"ACCEPT"')) accepts.set(id, (accepts.get(id) ?? 0) + 1);
  };

  const worker = async () => {
    while (!done()) {
      let batch: WorkerFlowRun[];
      try {
        const scheduledBefore = new Date(Date.now() + PREFETCH_SECONDS * 1000).toISOString();
        batch = JSON.parse(await call(pick(), 'POST', `/work_pools/${pool}/get_scheduled_flow_runs`, JSON.stringify({ scheduled_before: scheduledBefore }), true)) as WorkerFlowRun[];
      } catch (error) {
        fail(error);
        continue;
      }
      handedOut += batch.length;
      if (batch.length === 0) {
        await new Promise((wait) => setTimeout(wait, EMPTY_POLL_PAUSE_MS));
        continue;
      }
      await Promise.all(batch.map(({ flow_run }) => propose(flow_run.id).catch(fail)));
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  const elapsedMs = performance.now() - started;
  const claimed = [...accepts.keys()].filter((id) => runIds.has(id)).length;
  return {
    workers,
    runs: runIds.size,
    claimed,
    handedOut,
    duplicateAccepts: [...accepts.values()].reduce((sum, n) => sum + (n - 1), 0),
    elapsedMs,
    claimsPerSecond: claimed / (elapsedMs / 1000),
    drained: claimed === runIds.size,
    errors,
    errorSamples: [...samples].map(([text, count]) => (count > 1 ? `${text} (×${count})` : text)),
  };
}
