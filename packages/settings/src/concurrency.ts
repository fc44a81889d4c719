// Concurrency settings under Prefect's names: how long a deployment concurrency lease is
// first granted for, how long a run that found no free slot waits, and the waits that bound
// how fast denied slots decay.
import { readNumber, type Env } from './env.ts';

const YEAR = 31_536_000;
const WAIT = { integer: false, min: 0, max: YEAR } as const;

/** The waits that clamp the decay of denied slots (Prefect's slot decay). */
export interface SlotDecaySettings {
  /** PREFECT_SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS, for "tag:" limits. */
  readonly tagSlotWaitSeconds: number;
  /** PREFECT_SERVER_CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS, for every other limit. */
  readonly maximumSlotWaitSeconds: number;
}

export interface ConcurrencySettings {
  /** Seconds a deployment's lease lasts unless its concurrency options give a grace period. */
  readonly initialDeploymentLeaseDurationSeconds: number;
  /** Seconds a deployment run that found no free slot waits before it is tried again. */
  readonly deploymentSlotWaitSeconds: number;
  readonly slotDecay: SlotDecaySettings;
}

export function readSlotDecaySettings(env: Env): SlotDecaySettings {
  return {
    tagSlotWaitSeconds: readNumber(env, ['PREFECT_SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS', 'PREFECT_TASK_RUN_TAG_CONCURRENCY_SLOT_WAIT_SECONDS'], 10, WAIT),
    maximumSlotWaitSeconds: readNumber(env, ['PREFECT_SERVER_CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS'], 30, WAIT),
  };
}

export function readConcurrencySettings(env: Env): ConcurrencySettings {
  return {
    initialDeploymentLeaseDurationSeconds: readNumber(env, ['PREFECT_SERVER_CONCURRENCY_INITIAL_DEPLOYMENT_LEASE_DURATION'], 300, {
      integer: false,
      min: 30,
      max: 3_600,
    }),
    deploymentSlotWaitSeconds: readNumber(
      env,
      ['PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS', 'PREFECT_DEPLOYMENT_CONCURRENCY_SLOT_WAIT_SECONDS'],
      30,
      WAIT,
    ),
    slotDecay: readSlotDecaySettings(env),
  };
}
