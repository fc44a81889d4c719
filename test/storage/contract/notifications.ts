// Contract: stored events are announced by id on the events channel, to listeners of this
// database, once the write commits; a rolled-back write (or savepoint) announces nothing,
// and an event stored twice is announced once.
import { randomUUID } from 'node:crypto';
import { NOTIFICATION_CHANNELS, nowTimestamp, type Database, type EventRecord, type NotificationChannel } from '@prefect-server-ts/storage';
import { idPayloads } from '../../../packages/storage/src/repositories/announce.ts';
import type { ContractTest } from './context.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function event(name = 'test.happened'): EventRecord {
  const now = nowTimestamp();
  return { id: randomUUID(), occurred: now, received: now, event: name, resource: { 'prefect.resource.id': 'test.thing' }, related: [], payload: {}, follows: null };
}

/** Every id heard on a channel (the events one unless told), in order. */
async function hear(db: Database, channel: NotificationChannel = NOTIFICATION_CHANNELS.events): Promise<{ ids: string[]; until(count: number): Promise<void>; close(): Promise<void> }> {
  const ids: string[] = [];
  const subscription = await db.listen(channel, { message: (payload) => ids.push(...payload.split(',')) });
  return {
    ids,
    until: async (count) => {
      const deadline = Date.now() + 5_000;
      while (ids.length < count && Date.now() < deadline) await sleep(10);
    },
    close: () => subscription.close(),
  };
}

export function notificationsContract(test: ContractTest['serial']): void {
  test('stored events are announced by id, once, and resent ones not again', async (t) => {
    const { db } = t.context;
    const heard = await hear(db);
    const [a, b] = [event(), event()];
    await db.repositories.events.insertMany([a!, b!]);
    await heard.until(2);
    t.deepEqual(heard.ids, [a!.id, b!.id]);
    await db.repositories.events.insertMany([a!]);
    await sleep(200);
    t.deepEqual(heard.ids, [a!.id, b!.id]);
    await heard.close();
  });

  test('events stored in a transaction are announced when it commits, not before', async (t) => {
    const { db } = t.context;
    const heard = await hear(db);
    const kept = event();
    await db.transaction(async (tx) => {
      await tx.events.insertMany([kept]);
      await sleep(200);
      t.deepEqual(heard.ids, [], 'nothing is heard before the commit');
    });
    await heard.until(1);
    t.deepEqual(heard.ids, [kept.id]);
    await heard.close();
  });

  test('a rolled-back transaction announces nothing, though the insert inside it completed', async (t) => {
    const { db } = t.context;
    const heard = await hear(db);
    const [lost, kept] = [event(), event()];
    await t.throwsAsync(
      db.transaction(async (tx) => {
        // insertMany writes inside the transaction here, so its rollback takes the events too.
        await tx.events.insertMany([lost]);
        throw new Error('abort');
      }),
      { message: 'abort' },
    );
    await db.repositories.events.insertMany([kept]);
    await heard.until(1);
    await sleep(200);
    t.deepEqual(heard.ids, [kept.id]);
    t.is((await db.repositories.events.list({ occurred: { since: '2000-01-01T00:00:00.000000Z', until: '2100-01-01T00:00:00.000000Z' }, order: 'ASC' }, { limit: 10, offset: 0 })).total, 1);
    await heard.close();
  });

  test('a batch larger than one announcement is stored whole, indexed by its related resources, and each id heard once', async (t) => {
    const { db } = t.context;
    const heard = await hear(db);
    const flow = `prefect.flow.${randomUUID()}`;
    const batch = Array.from({ length: 500 }, (_, n) => ({
      ...event(),
      related: n % 2 === 0 ? [{ 'prefect.resource.id': flow, 'prefect.resource.role': 'flow' }] : [],
    }));
    const resent = batch.slice(0, 10);
    await db.repositories.events.insertMany(resent);
    t.is((await db.repositories.events.insertMany(batch)).length, 490, 'the ten already stored are skipped');
    await heard.until(500);
    await sleep(200);
    t.deepEqual([...heard.ids].sort(), batch.map((e) => e.id).sort(), 'every id once');
    const window = { since: '2000-01-01T00:00:00.000000Z', until: '2100-01-01T00:00:00.000000Z' };
    const related = await db.repositories.events.list({ occurred: window, related: [{ id: [flow], role: ['flow'] }], order: 'ASC' }, { limit: 1, offset: 0 });
    t.is(related.total, 250);
    const own = await db.repositories.events.list({ occurred: window, resource: { id: ['test.thing'] }, order: 'ASC' }, { limit: 1, offset: 0 });
    t.is(own.total, 500);
    await heard.close();
  });

  test('a closed subscription hears nothing more; others still do', async (t) => {
    const { db } = t.context;
    const first = await hear(db);
    const second = await hear(db);
    await first.close();
    const stored = event();
    await db.repositories.events.insertMany([stored]);
    await second.until(1);
    await sleep(100);
    t.deepEqual(second.ids, [stored.id]);
    t.deepEqual(first.ids, []);
    await second.close();
  });

  test('stored logs are announced by id on the logs channel, and can be read back by id', async (t) => {
    const { db } = t.context;
    const heard = await hear(db, NOTIFICATION_CHANNELS.logs);
    const events = await hear(db);
    const now = nowTimestamp();
    t.is(await db.repositories.logs.createMany([1, 2, 3].map((n) => ({ name: 'test', level: 20, message: `line ${n}`, timestamp: now }))), 3);
    await heard.until(3);
    t.is(heard.ids.length, 3);
    const read = await db.repositories.logs.list({ id: { any_: heard.ids.slice(0, 2) } });
    t.deepEqual(read.map((log) => log.message).sort(), ['line 1', 'line 2']);
    t.deepEqual(events.ids, [], 'nothing on the events channel');
    await heard.close();
    await events.close();
  });

  test('ids are packed into as few payloads as fit under the NOTIFY limit', (t) => {
    const ids = Array.from({ length: 500 }, () => randomUUID());
    const payloads = idPayloads(ids);
    t.is(payloads.length, Math.ceil(500 / Math.floor(8_000 / 37)));
    t.true(payloads.every((payload) => Buffer.byteLength(payload) < 8_000));
    t.deepEqual(payloads.flatMap((payload) => payload.split(',')), ids);
    t.deepEqual(idPayloads([]), []);
  });
}
