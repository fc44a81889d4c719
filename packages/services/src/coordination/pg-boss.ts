// The Postgres coordinator: every services process sharing the database schedules each task
// through one pg-boss queue, so each interval's tick runs in exactly one process.
//
// Why not pg-boss cron: its schedules have minute granularity, and Prefect's service loops
// are seconds (5 s for late runs). Instead time is cut into slots of the task's interval,
// aligned to the epoch on the database clock, and every process offers a job for the
// current slot with a throttled send (`singletonSeconds` = the interval). pg-boss keeps one
// job per queue and slot (a unique index), so however many processes offer it, the slot
// gets one job, and SKIP LOCKED hands it to one worker. A process that dies takes nothing
// with it: the survivors keep offering the next slots, so the next interval's tick runs on
// one of them. (The job the dead process held stays active until pg-boss expires it and
// marks it failed; it is never retried, since the following slot has already run the work.)
//
// The queues use the `short` policy: at most one job waits per queue. A tick slower than
// its interval therefore delays the next one instead of piling jobs up, as the in-process
// loop does. Ticks of one task in two processes can still overlap then (a second process
// takes the next slot while the first is still busy); every tick is race-safe, so that
// costs work, never correctness.
import { hostname } from 'node:os';
import { PgBoss, type Job } from 'pg-boss';
import type { Logger } from 'pino';
import type { TickReport } from '../service.ts';
import type { Coordinator, PeriodicTask } from './coordinator.ts';
import { runLoggedTick } from './tick.ts';

/** pg-boss creates and migrates its own tables here, apart from Prefect's. */
export const PG_BOSS_SCHEMA = 'pgboss';
const QUEUE_PREFIX = 'services.';
/** Completed and failed tick jobs are kept an hour, for inspection, then deleted by pg-boss. */
const KEEP_SECONDS = 3_600;

export interface PgBossCoordinatorOptions {
  readonly connectionString: string;
  readonly log: Logger;
  /** pg-boss's own connections: polling, sends and maintenance are short statements. */
  readonly poolSize?: number;
  /** How long stop() lets a tick in progress finish before pg-boss fails its job. */
  readonly stopTimeoutMs?: number;
}

/** What a completed tick job stores as its output: which process ran it, and what it changed. */
export interface TickJobOutput {
  readonly pid: number;
  readonly host: string;
  readonly report: TickReport;
}

export const queueName = (task: Pick<PeriodicTask, 'name'>): string => `${QUEUE_PREFIX}${task.name}`;

/** pg-boss slots are whole seconds; a sub-second loop setting ticks once a second. */
export const slotSeconds = (task: Pick<PeriodicTask, 'intervalSeconds'>): number => Math.max(1, Math.ceil(task.intervalSeconds));

/**
 * A job that runs longer than this is failed by pg-boss (a process that died holding it
 * stops counting as active then): ten intervals, at least a minute.
 */
const expireSeconds = (task: PeriodicTask): number => Math.max(60, 10 * slotSeconds(task));

export function pgBossCoordinator(options: PgBossCoordinatorOptions): Coordinator {
  const { log } = options;
  return async (tasks) => {
    const boss = new PgBoss({
      connectionString: options.connectionString,
      schema: PG_BOSS_SCHEMA,
      application_name: 'prefect-server-ts services',
      max: options.poolSize ?? 4,
      // No pg-boss cron: the slots above replace it (see the top of this file).
      schedule: false,
      instanceName: 'prefect-server-ts services',
    });
    boss.on('error', (error) => log.error({ err: error }, 'pg-boss error'));
    boss.on('warning', (warning) => log.warn({ warning }, `pg-boss warning: ${warning.message}`));

    const timers = new Set<NodeJS.Timeout>();
    const inFlight = new Set<Promise<unknown>>();
    let stopping = false;
    let wakeFromBackoff: (() => void) | undefined;

    /** Runs `step` until it succeeds or stop() is called, backing off from 1 s to 30 s. */
    async function persistently(what: string, step: () => Promise<void>): Promise<boolean> {
      for (let attempt = 0; !stopping; attempt += 1) {
        try {
          await step();
          return true;
        } catch (error) {
          if (stopping) break;
          log.warn({ err: error }, `pg-boss: could not ${what}; trying again`);
          await new Promise<void>((resolve) => {
            wakeFromBackoff = resolve;
            const timer = setTimeout(() => {
              timers.delete(timer);
              resolve();
            }, Math.min(30_000, 1_000 * 2 ** attempt));
            timers.add(timer);
          });
        }
      }
      return false;
    }

    // Set up in the background: a database that restarts, or is still being migrated by
    // another process, delays the ticks rather than failing the process that runs them.
    const ready = (async () => {
      // A failed start() may be repeated on the same instance (pg-boss says so).
      if (!(await persistently('start', async () => void (await boss.start())))) return;
      for (const task of tasks) await offerSlots(task);
      if (!stopping) log.info({ queues: tasks.map(queueName) }, 'pg-boss coordinates the service ticks');
    })();

    async function offerSlots(task: PeriodicTask): Promise<void> {
      const queue = queueName(task);
      const slotMs = slotSeconds(task) * 1000;
      const queueOptions = { retryLimit: 0, expireInSeconds: expireSeconds(task), deleteAfterSeconds: KEEP_SECONDS };
      const created = await persistently(`create the ${queue} queue`, async () => {
        await boss.createQueue(queue, { policy: 'short', ...queueOptions });
        // An existing queue keeps its policy; the rest follows this process's settings.
        await boss.updateQueue(queue, queueOptions);
      });
      let workerId = '';
      const working =
        created &&
        (await persistently(`work the ${queue} queue`, async () => {
          workerId = await boss.work<object, TickJobOutput>(
            queue,
            // Every offer wakes the worker, so polling is only a backstop.
            { batchSize: 1, pollingIntervalSeconds: Math.min(30, Math.max(0.5, slotSeconds(task) / 2)) },
            (jobs: Job<object>[]) => {
              const run = (async (): Promise<TickJobOutput> => {
                if (jobs.length === 0) throw new Error(`pg-boss handed ${queue} an empty batch`);
                return { pid: process.pid, host: hostname(), report: await runLoggedTick(task, log) };
              })();
              inFlight.add(run);
              return run.finally(() => inFlight.delete(run));
            },
          );
        }));
      if (!working) return;

      const offer = async () => {
        try {
          await boss.sendThrottled(queue, null, null, slotSeconds(task));
          // Wake this process's worker now rather than at its next poll, whether this offer
          // made the slot's job or another process did (and maybe died before taking it):
          // whichever process fetches first takes it.
          boss.notifyWorker(workerId);
        } catch (error) {
          log.warn({ err: error, service: task.name }, `could not offer a ${task.name} tick to pg-boss`);
        }
      };
      // Offers at each slot boundary, and again mid-slot: the slot is computed on the database
      // clock, so if this host's clock runs ahead, the boundary offer lands in the slot just
      // finished (where it is a no-op) and the mid-slot one fills the new slot.
      const schedule = () => {
        if (stopping) return;
        const halfSlot = slotMs / 2;
        const wait = halfSlot - (Date.now() % halfSlot) + 5;
        const timer = setTimeout(() => {
          timers.delete(timer);
          void offer().finally(schedule);
        }, wait);
        timers.add(timer);
      };
      await offer();
      schedule();
    }

    return {
      stop: async () => {
        stopping = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        wakeFromBackoff?.();
        // Workers stop fetching, the tick in progress completes its job, then the pool closes
        // (a start still retrying gives up).
        await boss.stop({ graceful: true, timeout: options.stopTimeoutMs ?? 30_000 });
        await ready;
        // Past the timeout pg-boss has failed the job, but the tick itself still runs to its end.
        await Promise.allSettled([...inFlight]);
      },
      queueSizes: async () => {
        const sizes: Record<string, number> = {};
        for (const task of tasks) {
          const [stats] = await boss.getQueueStats(queueName(task), { force: true });
          sizes[queueName(task)] = stats?.queuedCount ?? 0;
        }
        return sizes;
      },
    };
  };
}
