// The live event stream of one API process: every event stored by any process on the
// database is announced by id (see the storage notifications); this process reads the
// announced events once, in announcement order, and hands each to the subscribers whose
// filter it passes. Reading by id keeps every notification far under Postgres's 8000-byte
// NOTIFY limit whatever the event's size, and a process with no subscribers reads nothing.
import type { Logger } from 'pino';
import { NOTIFICATION_CHANNELS, type Database, type EventFilter, type EventRecord, type NotificationSubscription } from '@prefect-server-ts/storage';
import { eventMatches } from './filter-match.ts';

export interface EventSubscriber {
  readonly filter: EventFilter;
  deliver(event: EventRecord): void;
  /**
   * Announcements were lost (the listening connection dropped, or the events could not be
   * read): the subscriber has missed events and must catch up by reading.
   */
  interrupted(): void;
}

export interface EventStream {
  /** Resolves once listening: every event stored afterwards reaches the subscriber. Returns the unsubscribe. */
  subscribe(subscriber: EventSubscriber): Promise<() => void>;
  close(): Promise<void>;
}

const ALL_TIME = { since: '0001-01-01T00:00:00.000000Z', until: '9999-12-31T23:59:59.999999Z' };
/** Ids per read, well under either dialect's bind-parameter limit. */
const READ_BATCH = 500;

export function eventStream(database: Database, log: Logger): EventStream {
  const subscribers = new Set<EventSubscriber>();
  let listening: Promise<NotificationSubscription> | undefined;
  let announced: string[] = [];
  let reading: Promise<void> = Promise.resolve();

  const interruptAll = () => {
    for (const subscriber of [...subscribers]) subscriber.interrupted();
  };

  async function deliver(ids: readonly string[]): Promise<void> {
    for (let start = 0; start < ids.length && subscribers.size > 0; start += READ_BATCH) {
      const batch = ids.slice(start, start + READ_BATCH);
      const { events } = await database.repositories.events.list({ occurred: ALL_TIME, id: { id: batch }, order: 'ASC' }, { limit: batch.length, offset: 0 });
      const byId = new Map(events.map((event) => [event.id, event]));
      for (const id of batch) {
        const event = byId.get(id);
        if (!event) continue;
        for (const subscriber of subscribers) if (eventMatches(subscriber.filter, event)) subscriber.deliver(event);
      }
    }
  }

  const heard = (payload: string) => {
    if (subscribers.size === 0) return;
    // Announcements that arrive together are read together, one read after another so that
    // subscribers see events in the order they were announced.
    if (announced.length === 0) {
      setImmediate(() => {
        const ids = announced;
        announced = [];
        reading = reading.then(() =>
          deliver(ids).catch((error: unknown) => {
            log.error({ err: error }, 'could not read announced events; their subscribers will catch up');
            interruptAll();
          }),
        );
      });
    }
    announced.push(...payload.split(','));
  };

  return {
    subscribe: async (subscriber) => {
      subscribers.add(subscriber);
      try {
        listening ??= database.listen(NOTIFICATION_CHANNELS.events, {
          message: heard,
          interrupted: (error) => {
            log.warn({ err: error }, 'lost the event announcements; subscribers will catch up');
            interruptAll();
          },
        });
        await listening;
      } catch (error) {
        listening = undefined;
        subscribers.delete(subscriber);
        throw error;
      }
      return () => void subscribers.delete(subscriber);
    },
    close: async () => {
      subscribers.clear();
      const subscription = listening;
      listening = undefined;
      await (await subscription?.catch(() => undefined))?.close();
      await reading;
    },
  };
}
