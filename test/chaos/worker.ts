// A simulated worker speaking the worker protocol over HTTP: it heartbeats, polls its pool for
// due runs (each handed over under a lease), and takes every run it is handed through PENDING,
// RUNNING and COMPLETED, going on only after an ACCEPT. When an answer is lost mid-transition
// (a replica killed, the database restarting) it reads the run again and carries on from the
// state the server really holds, as a worker that checks before it retries would.
import type { Answer, Cluster } from './cluster.ts';

export type Step = 'PENDING' | 'RUNNING' | 'COMPLETED';
const ORDER = ['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED'];
const NEXT: Record<string, Step | null> = { SCHEDULED: 'PENDING', PENDING: 'RUNNING', RUNNING: 'COMPLETED', COMPLETED: null };

export interface WorkerStats {
  /** Proposals per step and answer: "PENDING ACCEPT", "RUNNING REJECT", "PENDING lost" … */
  readonly proposals: Map<string, number>;
  handedOut: number;
  /** Runs whose answer was lost, so that the worker read the run to resume. */
  resumed: number;
  /** Runs a worker gave up because the server would not let it go on. */
  readonly abandoned: string[];
  /** Whatever made a worker drop a poll or a run: unexpected answers, failover that never ended. */
  readonly errors: string[];
}

export function newWorkerStats(): WorkerStats {
  return { proposals: new Map(), handedOut: 0, resumed: 0, abandoned: [], errors: [] };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const HEARTBEAT_SECONDS = 10;
const POLL_LIMIT = 10;
/** How long one request may keep failing over before the worker gives up on the test. */
const PATIENCE_MS = 60_000;

function count(stats: WorkerStats, key: string): void {
  stats.proposals.set(key, (stats.proposals.get(key) ?? 0) + 1);
}

async function currentStateType(cluster: Cluster, id: string): Promise<string> {
  const answer = (await cluster.call('GET', `/flow_runs/${id}`, undefined, { safeToRepeat: true, deadline: Date.now() + PATIENCE_MS }))!;
  if (answer.status !== 200) throw new Error(`reading flow run ${id} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return String((answer.body as { state_type: string }).state_type);
}

async function drive(cluster: Cluster, id: string, stats: WorkerStats): Promise<void> {
  let step: Step | null = 'PENDING';
  while (step) {
    const answer: Answer | undefined = await cluster.call('POST', `/flow_runs/${id}/set_state`, { state: { type: step, name: step[0] + step.slice(1).toLowerCase() } }, { safeToRepeat: false, deadline: Date.now() + PATIENCE_MS });
    if (answer === undefined) {
      count(stats, `${step} lost`);
      stats.resumed += 1;
      const type = await currentStateType(cluster, id);
      // The run is where this worker left it or one step further; anything else is not its own.
      const behind = ORDER.indexOf(step) - ORDER.indexOf(type);
      if (behind !== 0 && behind !== 1) {
        stats.abandoned.push(id);
        return;
      }
      step = NEXT[type]!;
      continue;
    }
    if (answer.status !== 200 && answer.status !== 201) throw new Error(`set_state ${step} on ${id} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const status = String((answer.body as { status: string }).status);
    count(stats, `${step} ${status}`);
    if (status !== 'ACCEPT') {
      stats.abandoned.push(id);
      return;
    }
    step = NEXT[step]!;
  }
}

export async function runWorker(name: string, pool: string, cluster: Cluster, stats: WorkerStats, stopped: () => boolean): Promise<void> {
  let lastHeartbeat = 0;
  while (!stopped()) {
    try {
      const deadline = Date.now() + PATIENCE_MS;
      if (Date.now() - lastHeartbeat > HEARTBEAT_SECONDS * 1000) {
        await cluster.call('POST', `/work_pools/${pool}/workers/heartbeat`, { name, heartbeat_interval_seconds: HEARTBEAT_SECONDS }, { safeToRepeat: true, deadline });
        lastHeartbeat = Date.now();
      }
      // A poll whose answer is lost leases its runs to no one: they come back when the lease lapses.
      const polled = (await cluster.call('POST', `/work_pools/${pool}/get_scheduled_flow_runs`, { scheduled_before: new Date().toISOString(), limit: POLL_LIMIT }, { safeToRepeat: true, deadline }))!;
      if (polled.status !== 200) throw new Error(`poll answered ${polled.status}: ${JSON.stringify(polled.body)}`);
      const runs = polled.body as { flow_run: { id: string } }[];
      stats.handedOut += runs.length;
      for (const { flow_run: run } of runs) {
        try {
          await drive(cluster, run.id, stats);
        } catch (error) {
          stats.errors.push(`${name}: ${(error as Error).message}`);
        }
      }
      if (runs.length === 0) await sleep(250);
    } catch (error) {
      stats.errors.push(`${name}: ${(error as Error).message}`);
      await sleep(250);
    }
  }
}
