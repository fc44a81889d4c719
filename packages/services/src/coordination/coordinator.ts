// How periodic service ticks are scheduled: in this process alone (SQLite, one node), or
// across every services process sharing a Postgres database (pg-boss). Either way each
// task ticks about once per interval and stop() lets a tick in progress finish.
import type { TickReport } from '../service.ts';

export interface PeriodicTask {
  readonly name: string;
  readonly intervalSeconds: number;
  tick(): Promise<TickReport>;
}

export interface RunningCoordinator {
  /** Takes no new tick, waits for those in progress, and releases what it holds. */
  stop(): Promise<void>;
  /**
   * Jobs waiting (created or retrying, not yet taken) per queue; empty where ticks are not
   * queued. pg-boss counts them on its monitor pass, so a figure may be up to a minute old.
   */
  queueSizes(): Promise<Record<string, number>>;
}

export type Coordinator = (tasks: readonly PeriodicTask[]) => Promise<RunningCoordinator>;
