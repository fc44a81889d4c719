// The six benchmarked operations: their one-time setup (untimed), their per-phase preparation
// and count bound, and the timed request(s) that make up one operation.
import { randomUUID } from 'node:crypto';
import { call, inParallel, postJson, RequestError } from '../shared/http.ts';

export interface Operation {
  key: string;
  label: string;
  /** Once per server, before the warm-up: creates what the operation needs. */
  setup(): Promise<void>;
  /** Before each phase (warm-up included): returns the most operations the phase may run. */
  prepare(clients: number, seconds: number, warmupMeanMs: number): Promise<number>;
  /** One timed operation; throws on any failure. */
  run(seq: number): Promise<void>;
}

export const FILTER_RUNS = 10_000;
/** Count bound for operations that need no prepared data: far above any rate seen here. */
const FREE_BOUND = 2_000_000;
const STATE_POOL_MIN = 200;
const STATE_POOL_MAX = 30_000;

interface Created {
  id: string;
}

async function createFlow(api: string, name: string): Promise<string> {
  return (await postJson<Created>(api, '/flows/', { name })).id;
}

/** A set_state answer must be an ACCEPT: a 2xx REJECT or WAIT is an error too. */
function expectAccept(request: string, body: string): void {
  if (!body.includes('"status":"ACCEPT"')) throw new RequestError(request, `2xx without ACCEPT: ${body.slice(0, 600)}`);
}

/**
 * `seedParallel`: requests in flight while seeding. The official server on SQLite answers 503
 * ("database is locked") to concurrent writes, so seeding there goes two at a time.
 */
export function operations(api: string, filterRuns = FILTER_RUNS, seedParallel = 8): Operation[] {
  const tag = randomUUID().slice(0, 8);
  const free = async () => FREE_BOUND;

  const health: Operation = {
    key: 'health',
    label: 'health',
    setup: async () => undefined,
    prepare: free,
    run: async () => void (await call(api, 'GET', '/health')),
  };

  let flowNames = 0;
  const createFlowOp: Operation = {
    key: 'create_flow',
    label: 'create flow',
    setup: async () => undefined,
    prepare: free,
    run: async () => void (await call(api, 'POST', '/flows/', `{"name":"bench-${tag}-${flowNames++}"}`)),
  };

  let runBody = '';
  const createRun: Operation = {
    key: 'create_flow_run',
    label: 'create flow run',
    setup: async () => {
      runBody = JSON.stringify({ flow_id: await createFlow(api, `bench-${tag}-runs`) });
    },
    prepare: free,
    run: async () => void (await call(api, 'POST', '/flow_runs/', runBody)),
  };

  const filterBody = JSON.stringify({ flow_runs: { state: { type: { any_: ['SCHEDULED'] } } }, limit: 200 });
  const filter: Operation = {
    key: 'filter_flow_runs',
    label: 'filter flow runs',
    setup: async () => {
      // Half SCHEDULED (a day ahead, so no late-runs service touches them), half COMPLETED.
      const flowId = await createFlow(api, `bench-${tag}-filter`);
      const later = new Date(Date.now() + 86_400_000).toISOString();
      await inParallel(filterRuns, seedParallel, async (i) => {
        const state = i % 2 === 0 ? { type: 'SCHEDULED', state_details: { scheduled_time: later } } : { type: 'COMPLETED' };
        await postJson(api, '/flow_runs/', { flow_id: flowId, name: `seed-${i}`, state });
      });
      const found = await postJson<unknown[]>(api, '/flow_runs/filter', JSON.parse(filterBody));
      const expected = Math.min(200, Math.ceil(filterRuns / 2));
      if (found.length !== expected) throw new Error(`filter returned ${found.length} runs after seeding, expected ${expected}`);
    },
    prepare: free,
    run: async () => void (await call(api, 'POST', '/flow_runs/filter', filterBody)),
  };

  // Each cycle needs a fresh SCHEDULED run; they are created before the phase (untimed), as
  // many as the warm-up rate suggests the phase could use, within bounds.
  let statesFlow = '';
  let pool: string[] = [];
  const transitions = ['PENDING', 'RUNNING', 'COMPLETED'].map((type) => JSON.stringify({ state: { type } }));
  const setState: Operation = {
    key: 'set_state',
    label: 'set_state cycle',
    setup: async () => {
      statesFlow = await createFlow(api, `bench-${tag}-states`);
    },
    prepare: async (clients, seconds, warmupMeanMs) => {
      const size =
        warmupMeanMs > 0
          ? Math.round(Math.min(STATE_POOL_MAX, Math.max(STATE_POOL_MIN, ((seconds * 1000) / warmupMeanMs) * Math.min(clients, 3) * 1.5)))
          : clients;
      const body = { flow_id: statesFlow, state: { type: 'SCHEDULED' } };
      pool = new Array<string>(size);
      await inParallel(size, seedParallel, async (i) => {
        pool[i] = (await postJson<Created>(api, '/flow_runs/', body)).id;
      });
      return size;
    },
    run: async (seq) => {
      const id = pool[seq];
      if (id === undefined) throw new Error(`no prepared run for cycle ${seq}`);
      for (const body of transitions) {
        const path = `/flow_runs/${id}/set_state`;
        expectAccept(`POST ${path} ${body}`, await call(api, 'POST', path, body, true));
      }
    },
  };

  let logsBody = '';
  const logs: Operation = {
    key: 'logs',
    label: 'logs (batch of 200)',
    setup: async () => {
      const flowId = await createFlow(api, `bench-${tag}-logs`);
      const run = await postJson<Created>(api, '/flow_runs/', { flow_id: flowId });
      const now = Date.now();
      logsBody = JSON.stringify(
        Array.from({ length: 200 }, (_, i) => ({
          name: 'prefect.flow_runs',
          level: i % 10 === 0 ? 30 : 20,
          message: `benchmark log line ${i}: the quick brown fox jumps over the lazy dog`,
          timestamp: new Date(now + i).toISOString(),
          flow_run_id: run.id,
        })),
      );
    },
    prepare: free,
    run: async () => void (await call(api, 'POST', '/logs/', logsBody)),
  };

  return [health, createFlowOp, createRun, filter, setState, logs];
}

/**
 * The order the operations run in: the filter right after health, so that both servers filter
 * exactly the 10,000 seeded runs (the write operations add runs at each server's own pace).
 */
export const RUN_ORDER = ['health', 'filter_flow_runs', 'create_flow', 'create_flow_run', 'set_state', 'logs'];
