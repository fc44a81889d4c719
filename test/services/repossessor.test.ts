// The repossessor: expired concurrency leases are revoked and their slots given back, once
// each even with two processes ticking at once; a renewed lease is left alone.
import { loadSettings } from '@prefect-server-ts/settings';
import { addSeconds, type Database } from '@prefect-server-ts/storage';
import { repossessor } from '../../packages/services/src/index.ts';
import { serviceTest, tickInProcesses } from './fixtures.ts';

const settings = loadSettings({}).services.repossessor;
const DECAY = settings.slotDecay;

async function aLimit(db: Database, limit: number): Promise<string> {
  const { flow } = await db.repositories.flows.create({ name: `flow-${crypto.randomUUID().slice(0, 8)}` });
  const { id } = await db.repositories.deployments.upsert({ flow_id: flow.id, name: 'limited', values: {}, insertDefaults: {} });
  await db.repositories.deployments.setConcurrencyLimit(id, limit);
  return (await db.repositories.deployments.read(id))!.concurrency_limit_id!;
}

/** Takes `slots` on the limit and leases them until `expiration`. */
async function lease(db: Database, limitId: string, expiration: string, slots = 1): Promise<string> {
  if (!(await db.repositories.concurrencyLimitsV2.incrementActiveSlots([limitId], slots, DECAY))) throw new Error('no slot');
  return (await db.repositories.concurrencyLeases.create({ resource_ids: [limitId], expiration, metadata: { slots, holder: null } })).id;
}

serviceTest('expired leases are revoked and their slots given back; live ones are kept', async (t, { db, clock, context }) => {
  const limitId = await aLimit(db, 5);
  const expired = await lease(db, limitId, clock.in(-1), 2);
  const live = await lease(db, limitId, clock.in(60));
  const renewed = await lease(db, limitId, clock.in(-5));
  t.true(await db.repositories.concurrencyLeases.renew(renewed, clock.in(300)));
  t.is((await db.repositories.concurrencyLimitsV2.read(limitId))!.active_slots, 4);

  t.deepEqual(await repossessor.tick(context, settings), { revoked: 1 });
  t.is(await db.repositories.concurrencyLeases.read(expired), null);
  t.not(await db.repositories.concurrencyLeases.read(live), null);
  t.not(await db.repositories.concurrencyLeases.read(renewed), null);
  const limit = (await db.repositories.concurrencyLimitsV2.read(limitId))!;
  t.is(limit.active_slots, 2);
  // The lease's time held moved the limit's average occupancy.
  t.not(limit.avg_slot_occupancy_seconds, 2);

  t.deepEqual(await repossessor.tick(context, settings), { revoked: 0 });
  clock.tick(61);
  t.deepEqual(await repossessor.tick(context, settings), { revoked: 1 });
  t.is((await db.repositories.concurrencyLimitsV2.read(limitId))!.active_slots, 1);
});

serviceTest('a lease on a limit deleted since is revoked all the same', async (t, { db, clock, context }) => {
  const limitId = await aLimit(db, 1);
  const orphan = (await db.repositories.concurrencyLeases.create({ resource_ids: [crypto.randomUUID()], expiration: clock.in(-1), metadata: { slots: 1, holder: null } })).id;
  await lease(db, limitId, clock.in(-1));
  t.deepEqual(await repossessor.tick(context, settings), { revoked: 2 });
  t.is(await db.repositories.concurrencyLeases.read(orphan), null);
  t.is((await db.repositories.concurrencyLimitsV2.read(limitId))!.active_slots, 0);
});

serviceTest('two processes ticking at once revoke each expired lease exactly once', async (t, { db, clock, handle }) => {
  const limitId = await aLimit(db, 250);
  for (let i = 0; i < 230; i += 1) await lease(db, limitId, clock.in(-10 - i));
  for (let i = 0; i < 20; i += 1) await lease(db, limitId, clock.in(600));
  const reports = await tickInProcesses(handle.url, 'Repossessor', clock.now());
  t.is(reports.reduce((sum, report) => sum + report['revoked']!, 0), 230);
  // Were a lease given back twice, fewer than the 20 live leases' slots would remain.
  t.is((await db.repositories.concurrencyLimitsV2.read(limitId))!.active_slots, 20);
});

serviceTest('the clock decides what has expired', async (t, { db, clock, context }) => {
  const limitId = await aLimit(db, 1);
  await lease(db, limitId, addSeconds(clock.now(), 30));
  t.deepEqual(await repossessor.tick(context, settings), { revoked: 0 });
  clock.tick(31);
  t.deepEqual(await repossessor.tick(context, settings), { revoked: 1 });
});
