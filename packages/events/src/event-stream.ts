// The live stream of events stored through any replica, for /api/events/out.
import type { Logger } from 'pino';
import { NOTIFICATION_CHANNELS, type Database, type EventFilter, type EventRecord } from '@prefect-server-ts/storage';
import { announcedStream, type LiveStream, type StreamSubscriber } from './announced-stream.ts';
import { eventMatches } from './filter-match.ts';

export type EventStream = LiveStream<EventRecord, EventFilter>;
export type EventSubscriber = StreamSubscriber<EventRecord, EventFilter>;

const ALL_TIME = { since: '0001-01-01T00:00:00.000000Z', until: '9999-12-31T23:59:59.999999Z' };

export function eventStream(database: Database, log: Logger): EventStream {
  return announcedStream(database, log, {
    channel: NOTIFICATION_CHANNELS.events,
    what: 'events',
    read: async (db, ids) => (await db.repositories.events.list({ occurred: ALL_TIME, id: { id: [...ids] }, order: 'ASC' }, { limit: ids.length, offset: 0 })).events,
    matches: eventMatches,
  });
}
