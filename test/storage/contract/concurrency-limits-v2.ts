// Contract: global concurrency limit slots are taken only while a limit has room, given back
// never below zero, and racing takers get exactly the free slots.
import type { Database } from '@prefect-server-ts/storage';
import type { ContractTest } from './context.ts';

const DECAY = { tagSlotWaitSeconds: 10, maximumSlotWaitSeconds: 30 };

/** A deployment's own limit of `limit` slots: the only way the port creates one. */
async function aLimit(db: Database, limit: number): Promise<string> {
  const { flow } = await db.repositories.flows.create({ name: `flow-${crypto.randomUUID().slice(0, 8)}` });
  const { id } = await db.repositories.deployments.upsert({ flow_id: flow.id, name: 'limited', values: {}, insertDefaults: {} });
  await db.repositories.deployments.setConcurrencyLimit(id, limit);
  return (await db.repositories.deployments.read(id))!.concurrency_limit_id!;
}

export function concurrencyLimitsV2Contract(test: ContractTest['serial']): void {
  test('slots are taken while the limit has room, and not past it', async (t) => {
    const limits = t.context.db.repositories.concurrencyLimitsV2;
    const id = await aLimit(t.context.db, 3);
    const before = (await limits.read(id))!;
    t.true(await limits.incrementActiveSlots([id], 2, DECAY));
    t.false(await limits.incrementActiveSlots([id], 2, DECAY));
    t.true(await limits.incrementActiveSlots([id], 1, DECAY));
    t.false(await limits.incrementActiveSlots([id], 1, DECAY));
    const after = (await limits.read(id))!;
    t.is(after.active_slots, 3);
    t.is(after.denied_slots, 0);
    t.is(after.limit, 3);
    t.true(after.active);
    t.true(after.updated >= before.updated);
  });

  test('giving slots back never goes below zero and reports the limits it changed', async (t) => {
    const limits = t.context.db.repositories.concurrencyLimitsV2;
    const id = await aLimit(t.context.db, 2);
    t.true(await limits.incrementActiveSlots([id], 1, DECAY));
    t.is(await limits.decrementActiveSlots([id], 3, DECAY), 1);
    t.is((await limits.read(id))!.active_slots, 0);
    t.is(await limits.decrementActiveSlots([crypto.randomUUID()], 1, DECAY), 0);
  });

  test('a taking is reported whole only when every limit took its slots', async (t) => {
    const limits = t.context.db.repositories.concurrencyLimitsV2;
    const roomy = await aLimit(t.context.db, 5);
    const full = await aLimit(t.context.db, 1);
    t.true(await limits.incrementActiveSlots([full], 1, DECAY));
    t.false(await limits.incrementActiveSlots([roomy, full], 1, DECAY));
    t.false(await limits.incrementActiveSlots([roomy, crypto.randomUUID()], 1, DECAY));
    t.true(await limits.incrementActiveSlots([], 1, DECAY));
    t.is(await limits.decrementActiveSlots([], 1, DECAY), 0);
  });

  test('a release with an occupancy moves the average occupancy by one weighted sample', async (t) => {
    const limits = t.context.db.repositories.concurrencyLimitsV2;
    const id = await aLimit(t.context.db, 2);
    t.is((await limits.read(id))!.avg_slot_occupancy_seconds, 2);
    await limits.incrementActiveSlots([id], 2, DECAY);
    // Two slots held for 12 s: 6 s a slot, weighted over limit × 2 = 4 samples.
    t.is(await limits.decrementActiveSlots([id], 2, DECAY, 12), 1);
    const after = (await limits.read(id))!;
    t.is(after.avg_slot_occupancy_seconds, 2 + 6 / 4 - 2 / 4);
    t.is(after.active_slots, 0);
    await limits.decrementActiveSlots([id], 1, DECAY);
    t.is((await limits.read(id))!.avg_slot_occupancy_seconds, 3);
  });

  test('of 12 racing takers of a limit of 5, exactly 5 get a slot', async (t) => {
    const limits = t.context.db.repositories.concurrencyLimitsV2;
    const id = await aLimit(t.context.db, 5);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => t.context.db.transaction((tx) => tx.concurrencyLimitsV2.incrementActiveSlots([id], 1, DECAY))),
    );
    t.is(results.filter(Boolean).length, 5);
    t.is((await limits.read(id))!.active_slots, 5);
  });
}
