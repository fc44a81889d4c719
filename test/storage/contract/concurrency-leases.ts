// Contract: concurrency leases are created, read, renewed until revoked, and swept once
// expired; of racing repossessors one gets a lease, and a renewal keeps it from them.
import { addSeconds, nowTimestamp } from '@prefect-server-ts/storage';
import type { ContractTest } from './context.ts';

const T0 = '2031-05-01T12:00:00.000000Z';

export function concurrencyLeasesContract(test: ContractTest['serial']): void {
  test('a lease is created with its resources and metadata, read back, and revoked once', async (t) => {
    const leases = t.context.db.repositories.concurrencyLeases;
    const resource = crypto.randomUUID();
    const holder = { type: 'flow_run', id: crypto.randomUUID() } as const;
    const before = nowTimestamp();
    const lease = await leases.create({ resource_ids: [resource], expiration: addSeconds(T0, 300), metadata: { slots: 2, holder } });
    t.regex(lease.id, /^[0-9a-f-]{36}$/);
    t.deepEqual(lease.resource_ids, [resource]);
    t.is(lease.expiration, addSeconds(T0, 300));
    t.deepEqual(lease.metadata, { slots: 2, holder });
    t.true(lease.created >= before.slice(0, 19));
    t.deepEqual(await leases.read(lease.id), lease);

    const bare = await leases.create({ resource_ids: [], expiration: T0, metadata: { slots: 1, holder: null } });
    t.deepEqual((await leases.read(bare.id))!.metadata, { slots: 1, holder: null });

    t.deepEqual(await leases.revoke(lease.id), lease);
    t.is(await leases.revoke(lease.id), null);
    t.is(await leases.read(lease.id), null);
  });

  test('renewal moves the expiration of any lease not yet revoked, expired or not', async (t) => {
    const leases = t.context.db.repositories.concurrencyLeases;
    const lease = await leases.create({ resource_ids: [crypto.randomUUID()], expiration: T0, metadata: { slots: 1, holder: null } });
    t.true(await leases.renew(lease.id, addSeconds(T0, 600)));
    t.is((await leases.read(lease.id))!.expiration, addSeconds(T0, 600));
    t.false(await leases.renew(crypto.randomUUID(), T0));
    await leases.revoke(lease.id);
    t.false(await leases.renew(lease.id, T0));
  });

  test('the sweep finds leases that expired before now, a page at a time', async (t) => {
    const leases = t.context.db.repositories.concurrencyLeases;
    const expired = [];
    for (let i = 0; i < 5; i += 1) {
      expired.push((await leases.create({ resource_ids: [], expiration: addSeconds(T0, -i - 1), metadata: { slots: 1, holder: null } })).id);
    }
    await leases.create({ resource_ids: [], expiration: T0, metadata: { slots: 1, holder: null } });
    await leases.create({ resource_ids: [], expiration: addSeconds(T0, 10), metadata: { slots: 1, holder: null } });
    const first = await leases.findExpired(T0, { afterId: null, limit: 3 });
    const second = await leases.findExpired(T0, { afterId: first.at(-1)!.id, limit: 3 });
    t.is(first.length, 3);
    t.is(second.length, 2);
    t.deepEqual([...first, ...second].map((row) => row.id), [...expired].sort());
  });

  test('a lease is revoked as expired only when it is, and by one of racing repossessors', async (t) => {
    const leases = t.context.db.repositories.concurrencyLeases;
    const lease = await leases.create({ resource_ids: [crypto.randomUUID()], expiration: T0, metadata: { slots: 1, holder: null } });
    t.is(await leases.revokeIfExpired(lease.id, T0), null);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => t.context.db.transaction((tx) => tx.concurrencyLeases.revokeIfExpired(lease.id, addSeconds(T0, 1)))),
    );
    t.is(results.filter((r) => r !== null).length, 1);
    t.deepEqual(results.find((r) => r !== null), lease);
    t.is(await leases.read(lease.id), null);
  });

  test('a renewal committed before the sweep keeps the lease', async (t) => {
    const leases = t.context.db.repositories.concurrencyLeases;
    const lease = await leases.create({ resource_ids: [], expiration: T0, metadata: { slots: 1, holder: null } });
    t.true(await leases.renew(lease.id, addSeconds(T0, 300)));
    t.is(await leases.revokeIfExpired(lease.id, addSeconds(T0, 1)), null);
    t.not(await leases.read(lease.id), null);
  });
}
