// A live stream of rows that any process on the database stores and announces by id (see
// the storage notifications): this process reads the announced rows once, in announcement
// order, and hands each to the subscribers whose filter it passes. Reading by id keeps every
// notification far under Postgres's 8000-byte NOTIFY limit whatever the row's size, and a
// process with no subscribers reads nothing.
import type { Logger } from 'pino';
import type { Database, NotificationChannel, NotificationSubscription } from '@prefect-server-ts/storage';

export interface StreamSubscriber<Item, Filter> {
  readonly filter: Filter;
  deliver(item: Item): void;
  /**
   * Announcements were lost (the listening connection dropped, or the rows could not be
   * read): the subscriber has missed items and must catch up by reading, or reconnect.
   */
  interrupted(): void;
}

export interface LiveStream<Item, Filter> {
  /** Resolves once listening: every row stored afterwards reaches the subscriber. Returns the unsubscribe. */
  subscribe(subscriber: StreamSubscriber<Item, Filter>): Promise<() => void>;
  close(): Promise<void>;
}

export interface AnnouncedRows<Item extends { readonly id: string }, Filter> {
  readonly channel: NotificationChannel;
  /** What the rows are, for the log. */
  readonly what: string;
  /** Reads rows by id (any order, missing ones left out). */
  read(database: Database, ids: readonly string[]): Promise<Item[]>;
  matches(filter: Filter, item: Item): boolean;
}

/** Ids per read, well under either dialect's bind-parameter limit. */
const READ_BATCH = 500;

export function announcedStream<Item extends { readonly id: string }, Filter>(
  database: Database,
  log: Logger,
  rows: AnnouncedRows<Item, Filter>,
): LiveStream<Item, Filter> {
  const subscribers = new Set<StreamSubscriber<Item, Filter>>();
  let listening: Promise<NotificationSubscription> | undefined;
  let announced: string[] = [];
  let reading: Promise<void> = Promise.resolve();

  const interruptAll = () => {
    for (const subscriber of [...subscribers]) subscriber.interrupted();
  };

  async function deliver(ids: readonly string[]): Promise<void> {
    for (let start = 0; start < ids.length && subscribers.size > 0; start += READ_BATCH) {
      const batch = ids.slice(start, start + READ_BATCH);
      const byId = new Map((await rows.read(database, batch)).map((item) => [item.id, item]));
      for (const id of batch) {
        const item = byId.get(id);
        if (!item) continue;
        for (const subscriber of subscribers) if (rows.matches(subscriber.filter, item)) subscriber.deliver(item);
      }
    }
  }

  const heard = (payload: string) => {
    if (subscribers.size === 0) return;
    // Announcements that arrive together are read together, one read after another so that
    // subscribers see rows in the order they were announced.
    if (announced.length === 0) {
      setImmediate(() => {
        const ids = announced;
        announced = [];
        reading = reading.then(() =>
          deliver(ids).catch((error: unknown) => {
            log.error({ err: error }, `could not read announced ${rows.what}; their subscribers will catch up`);
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
        listening ??= database.listen(rows.channel, {
          message: heard,
          interrupted: (error) => {
            log.warn({ err: error }, `lost the ${rows.what} announcements; subscribers will catch up`);
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
