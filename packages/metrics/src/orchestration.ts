// Orchestration results of the state proposals the API answers, by run type, the state
// the run left, the state proposed, and the status.
import { Counter, type Registry } from 'prom-client';
import type { TransitionObserver } from '@prefect-server-ts/orchestration';
import { PREFIX } from './names.ts';

/** The from_state of a run that had no state yet. */
const NO_STATE = 'NONE';

export function orchestrationMetrics(registry: Registry): TransitionObserver {
  const results = new Counter({
    name: `${PREFIX}orchestration_results_total`,
    help: 'State proposals answered through the API, by run type, the state the run was in, the state proposed, and the orchestration status.',
    labelNames: ['run_type', 'from_state', 'to_state', 'status'] as const,
    registers: [registry],
  });
  return ({ runType, from, to, status }) => results.inc({ run_type: runType, from_state: from ?? NO_STATE, to_state: to, status });
}
