// Background-service settings under Prefect's names (PREFECT_SERVER_SERVICES_<SERVICE>_<FIELD>,
// with the legacy PREFECT_API_SERVICES_ alias where Prefect 3.9 still reads one) and defaults.
import { readSlotDecaySettings, type SlotDecaySettings } from './concurrency.ts';
import { readBoolean, readDurationSeconds, readNumber, type Env } from './env.ts';

export interface LoopServiceSettings {
  readonly enabled: boolean;
  /** Seconds from the start of one tick to the start of the next. */
  readonly loopSeconds: number;
}

export interface SchedulerSettings extends LoopServiceSettings {
  readonly deploymentBatchSize: number;
  readonly maxRuns: number;
  readonly minRuns: number;
  readonly maxScheduledTimeSeconds: number;
  readonly minScheduledTimeSeconds: number;
  readonly insertBatchSize: number;
  /** The loop of the scheduler that picks up recently changed deployments. */
  readonly recentDeploymentsLoopSeconds: number;
}

export interface LateRunsSettings extends LoopServiceSettings {
  /** A scheduled run is late once its scheduled start is this many seconds past. */
  readonly afterSeconds: number;
}

export interface CancellationCleanupSettings extends LoopServiceSettings {
  /** A run still CANCELLING this long after entering it is marked CANCELLED. */
  readonly cancellingTimeoutSeconds: number;
}

export interface ForemanSettings extends LoopServiceSettings {
  readonly inactivityHeartbeatMultiple: number;
  readonly fallbackHeartbeatIntervalSeconds: number;
  readonly deploymentLastPolledTimeoutSeconds: number;
  readonly workQueueLastPolledTimeoutSeconds: number;
}

export interface RepossessorSettings extends LoopServiceSettings {
  /** How the slots it gives back decay, as every change to a limit's slots does. */
  readonly slotDecay: SlotDecaySettings;
}

export interface ServicesSettings {
  readonly scheduler: SchedulerSettings;
  readonly lateRuns: LateRunsSettings;
  readonly pauseExpirations: LoopServiceSettings;
  readonly cancellationCleanup: CancellationCleanupSettings;
  readonly foreman: ForemanSettings;
  readonly repossessor: RepossessorSettings;
}

const DAY = 86_400;
const LOOP = { integer: false, min: 0.001, max: DAY } as const;
const COUNT = { integer: true, min: 1, max: 100_000 } as const;
const SECONDS = { integer: true, min: 1, max: DAY } as const;

/** The current name, then the legacy alias unless Prefect reads the field under one name only. */
function names(service: string, field: string, { legacy = true } = {}): string[] {
  const current = `PREFECT_SERVER_SERVICES_${service}_${field}`;
  return legacy ? [current, `PREFECT_API_SERVICES_${service}_${field}`] : [current];
}

function loop(env: Env, service: string, loopSeconds: number, { legacy = true } = {}): LoopServiceSettings {
  return {
    enabled: readBoolean(env, names(service, 'ENABLED', { legacy }), true),
    loopSeconds: readNumber(env, names(service, 'LOOP_SECONDS', { legacy }), loopSeconds, LOOP),
  };
}

export function readServicesSettings(env: Env): ServicesSettings {
  return {
    scheduler: {
      ...loop(env, 'SCHEDULER', 60),
      deploymentBatchSize: readNumber(env, names('SCHEDULER', 'DEPLOYMENT_BATCH_SIZE'), 100, COUNT),
      maxRuns: readNumber(env, names('SCHEDULER', 'MAX_RUNS'), 100, COUNT),
      minRuns: readNumber(env, names('SCHEDULER', 'MIN_RUNS'), 3, { ...COUNT, min: 0 }),
      maxScheduledTimeSeconds: readDurationSeconds(env, names('SCHEDULER', 'MAX_SCHEDULED_TIME'), 100 * DAY),
      minScheduledTimeSeconds: readDurationSeconds(env, names('SCHEDULER', 'MIN_SCHEDULED_TIME'), 3_600, { allowZero: true }),
      insertBatchSize: readNumber(env, names('SCHEDULER', 'INSERT_BATCH_SIZE'), 500, COUNT),
      recentDeploymentsLoopSeconds: readNumber(env, names('SCHEDULER', 'RECENT_DEPLOYMENTS_LOOP_SECONDS', { legacy: false }), 5, LOOP),
    },
    lateRuns: {
      ...loop(env, 'LATE_RUNS', 5),
      afterSeconds: readDurationSeconds(env, names('LATE_RUNS', 'AFTER_SECONDS'), 15, { allowZero: true }),
    },
    pauseExpirations: loop(env, 'PAUSE_EXPIRATIONS', 5),
    cancellationCleanup: {
      ...loop(env, 'CANCELLATION_CLEANUP', 20),
      cancellingTimeoutSeconds: readNumber(env, names('CANCELLATION_CLEANUP', 'CANCELLING_TIMEOUT_SECONDS', { legacy: false }), 300, { ...LOOP, max: 7 * DAY }),
    },
    foreman: {
      ...loop(env, 'FOREMAN', 15),
      inactivityHeartbeatMultiple: readNumber(env, names('FOREMAN', 'INACTIVITY_HEARTBEAT_MULTIPLE'), 3, { integer: true, min: 1, max: 1_000 }),
      fallbackHeartbeatIntervalSeconds: readNumber(env, names('FOREMAN', 'FALLBACK_HEARTBEAT_INTERVAL_SECONDS'), 30, SECONDS),
      deploymentLastPolledTimeoutSeconds: readNumber(env, names('FOREMAN', 'DEPLOYMENT_LAST_POLLED_TIMEOUT_SECONDS'), 60, SECONDS),
      workQueueLastPolledTimeoutSeconds: readNumber(env, names('FOREMAN', 'WORK_QUEUE_LAST_POLLED_TIMEOUT_SECONDS'), 60, SECONDS),
    },
    // A service newer than the PREFECT_API_SERVICES_ names.
    repossessor: { ...loop(env, 'REPOSSESSOR', 15, { legacy: false }), slotDecay: readSlotDecaySettings(env) },
  };
}
