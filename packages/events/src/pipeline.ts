// What happens to events a client sends: stamped as received, stored once, and task run
// state events recorded as task runs.
import { nowTimestamp, type Database } from '@prefect-server-ts/storage';
import type { IncomingEvent } from './event.ts';
import { recordTaskRunEvents } from './task-run-recorder.ts';

export async function receiveEvents(database: Database, events: readonly IncomingEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const received = nowTimestamp();
  const fresh = await database.repositories.events.insertMany(events.map((event) => ({ ...event, received })));
  await recordTaskRunEvents(database, fresh);
  return fresh.length;
}
