// Telling a watcher (the API's metrics) how each proposal was answered: the run type, the
// state the run left, the state proposed, and the status. A proposal decided inside a
// transaction is reported once that transaction has committed, so a failed commit reports
// nothing.
import type { StateType } from '@prefect-server-ts/storage';
import type { OrchestrationResult, OrchestrationStatus } from './context.ts';
import { StateValidationError } from './validation.ts';

export interface OrchestratedTransition {
  readonly runType: 'flow_run' | 'task_run';
  /** The run's state type before the proposal; null when it had none. */
  readonly from: StateType | null;
  /** The state type proposed. */
  readonly to: StateType;
  readonly status: OrchestrationStatus;
}

export type TransitionObserver = (transition: OrchestratedTransition) => void;

/** Runs `decide` and reports its status, or ABORT when the proposal could not be written. */
export async function reportingOutcome(
  transition: Omit<OrchestratedTransition, 'status'>,
  observe: TransitionObserver | undefined,
  decide: () => Promise<OrchestrationResult>,
): Promise<OrchestrationResult> {
  try {
    const result = await decide();
    observe?.({ ...transition, status: result.status });
    return result;
  } catch (error) {
    if (error instanceof StateValidationError) observe?.({ ...transition, status: 'ABORT' });
    throw error;
  }
}

/** An observer that holds what it is told until `flush()` passes it on to `observe`. */
export function heldUntilCommit(observe: TransitionObserver | undefined): { observe: TransitionObserver | undefined; flush(): void } {
  if (!observe) return { observe: undefined, flush: () => undefined };
  let held: OrchestratedTransition | undefined;
  return {
    observe: (transition) => {
      held = transition;
    },
    flush: () => {
      if (held) observe(held);
      held = undefined;
    },
  };
}
