// The two timed workloads over a set of replicas: the flow-run lifecycle (one operation = create
// SCHEDULED, then PENDING, RUNNING, COMPLETED, four requests) and worker claims (bench/claims's
// simulated workers). Every request goes to the next replica in turn, counted per replica.
import { runPhase, type PhaseResult } from '../api/load.ts';
import { runClaimPhase, type ClaimPhase } from '../claims/workers.ts';
import { call, RequestError } from '../shared/http.ts';

export class RoundRobin {
  readonly apis: string[];
  readonly requests: number[];
  #next = 0;

  constructor(apis: string[]) {
    this.apis = apis;
    this.requests = apis.map(() => 0);
  }

  pick = (): string => {
    const i = this.#next++ % this.apis.length;
    this.requests[i] = (this.requests[i] ?? 0) + 1;
    return this.apis[i] as string;
  };

  reset(): void {
    this.requests.fill(0);
  }
}

const TRANSITIONS = ['PENDING', 'RUNNING', 'COMPLETED'].map((type) => JSON.stringify({ state: { type } }));

async function lifecycle(replicas: RoundRobin, createBody: string): Promise<void> {
  const created = JSON.parse(await call(replicas.pick(), 'POST', '/flow_runs/', createBody, true)) as { id: string };
  for (const body of TRANSITIONS) {
    const path = `/flow_runs/${created.id}/set_state`;
    const answer = await call(replicas.pick(), 'POST', path, body, true);
    if (!answer.includes('"status":"ACCEPT"')) throw new RequestError(`POST ${path} ${body}`, `2xx without ACCEPT: ${answer.slice(0, 600)}`);
  }
}

const UNBOUNDED = 10_000_000;

export function runLifecycles(replicas: RoundRobin, flowId: string, clients: number, seconds: number): Promise<PhaseResult> {
  const body = JSON.stringify({ flow_id: flowId, state: { type: 'SCHEDULED' } });
  return runPhase(() => lifecycle(replicas, body), clients, seconds, UNBOUNDED);
}

export function runClaims(replicas: RoundRobin, pool: string, runIds: ReadonlySet<string>, workers: number, seconds: number): Promise<ClaimPhase> {
  return runClaimPhase(replicas.pick, pool, runIds, workers, seconds);
}
