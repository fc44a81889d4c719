// Orchestration: the set_state request body, and the OrchestrationResult returned by
// POST /flow_runs/{id}/set_state and /task_runs/{id}/set_state with its status details.
import { z } from 'zod';
import { nullable } from './common.ts';
import { State, StateCreate, type StateResponse } from './states.ts';

export const SetStateStatus = z
  .enum(['ACCEPT', 'REJECT', 'ABORT', 'WAIT'])
  .meta({ id: 'SetStateStatus', description: 'Enumerates return statuses for setting run states.' });
export type SetStateStatus = z.infer<typeof SetStateStatus>;

export const StateAcceptDetails = z
  .object({ type: z.literal('accept_details').default('accept_details') })
  .meta({ id: 'StateAcceptDetails', description: 'Details associated with an ACCEPT state transition.' });
export const StateRejectDetails = z
  .object({ type: z.literal('reject_details').default('reject_details'), reason: nullable(z.string()) })
  .meta({ id: 'StateRejectDetails', description: 'Details associated with a REJECT state transition.' });
export const StateWaitDetails = z
  .object({ type: z.literal('wait_details').default('wait_details'), delay_seconds: z.int(), reason: nullable(z.string()) })
  .meta({ id: 'StateWaitDetails', description: 'Details associated with a WAIT state transition.' });
export const StateAbortDetails = z
  .object({ type: z.literal('abort_details').default('abort_details'), reason: nullable(z.string()) })
  .meta({ id: 'StateAbortDetails', description: 'Details associated with an ABORT state transition.' });

export type StateAcceptDetails = { type: 'accept_details' };
export type StateRejectDetails = { type: 'reject_details'; reason: string | null };
export type StateWaitDetails = { type: 'wait_details'; delay_seconds: number; reason: string | null };
export type StateAbortDetails = { type: 'abort_details'; reason: string | null };
export type StateTransitionDetails = StateAcceptDetails | StateRejectDetails | StateWaitDetails | StateAbortDetails;

export const OrchestrationResult = z
  .object({
    state: State.nullable(),
    status: SetStateStatus,
    details: z.union([StateAcceptDetails, StateWaitDetails, StateRejectDetails, StateAbortDetails]),
  })
  .meta({ id: 'OrchestrationResult', description: 'A container for the output of state orchestration.' });
export interface OrchestrationResult {
  state: StateResponse | null;
  status: SetStateStatus;
  details: StateTransitionDetails;
}

export const acceptDetails = (): StateAcceptDetails => ({ type: 'accept_details' });
export const rejectDetails = (reason: string | null = null): StateRejectDetails => ({ type: 'reject_details', reason });
export const waitDetails = (delaySeconds: number, reason: string | null = null): StateWaitDetails => ({
  type: 'wait_details',
  delay_seconds: Math.trunc(delaySeconds),
  reason,
});
export const abortDetails = (reason: string | null = null): StateAbortDetails => ({ type: 'abort_details', reason });

const setStateBody = (title: string) =>
  z
    .object({
      state: StateCreate,
      force: z.boolean().default(false).meta({
        description: 'If false, orchestration rules will be applied that may alter or prevent the state transition. If True, orchestration rules are not applied.',
      }),
    })
    .meta({ title });

/** The body of POST /flow_runs/{id}/set_state. */
export const SetFlowRunStateBody = setStateBody('Body_set_flow_run_state_flow_runs__id__set_state_post');
/** The body of POST /task_runs/{id}/set_state. */
export const SetTaskRunStateBody = setStateBody('Body_set_task_run_state_task_runs__id__set_state_post');
/** Either set_state body: `{ state: StateCreate, force: boolean = false }`. */
export const SetStateBody = SetFlowRunStateBody;
export type SetStateBody = z.output<typeof SetStateBody>;
