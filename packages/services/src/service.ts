// What every background service is: a name, its loop settings, and a tick that does one
// pass of its work against the database and reports what it changed.
import type { Logger } from 'pino';
import type { LoopServiceSettings, ServicesSettings } from '@prefect-server-ts/settings';
import type { Database, Timestamp } from '@prefect-server-ts/storage';
import type { TickObserver } from './loop.ts';

export interface ServiceContext {
  readonly database: Database;
  readonly log: Logger;
  /** The clock: state timestamps and every "is it due yet" decision read it. */
  readonly now: () => Timestamp;
  /** Told of every finished tick by the loop runner (the metrics). */
  readonly onTick?: TickObserver;
}

/** What one tick changed, by kind: `{ marked: 3 }`. */
export type TickReport = Readonly<Record<string, number>>;

export interface ServiceDefinition {
  /** Prefect's name for the service, used in logs. */
  readonly name: string;
  settings(services: ServicesSettings): LoopServiceSettings;
  tick(context: ServiceContext, services: ServicesSettings): Promise<TickReport>;
}
