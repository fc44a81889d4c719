// The repossessor: a concurrency lease its holder stopped renewing (a worker that died while
// the infrastructure was starting, an engine that stopped) expires, and its slots are taken
// back. Revoking the lease and giving back its slots is one transaction, and the lease is
// revoked only if still expired, so racing repossessors take it back once and a renewal
// that got there first keeps it.
import type { RepossessorSettings } from '@prefect-server-ts/settings';
import { secondsBetween } from '@prefect-server-ts/storage';
import type { ServiceContext, ServiceDefinition, TickReport } from './service.ts';
import { forEachSwept } from './sweep.ts';

const PAGE_SIZE = 100;

export async function tick(context: ServiceContext, settings: RepossessorSettings): Promise<TickReport> {
  let revoked = 0;
  const leases = context.database.repositories.concurrencyLeases;
  await forEachSwept(context, PAGE_SIZE, (page) => leases.findExpired(context.now(), page), async ({ id }) => {
    const now = context.now();
    try {
      const repossessed = await context.database.transaction(async (tx) => {
        const lease = await tx.concurrencyLeases.revokeIfExpired(id, now);
        if (lease === null) return false;
        const occupancySeconds = secondsBetween(lease.created, now);
        await tx.concurrencyLimitsV2.decrementActiveSlots(lease.resource_ids, lease.metadata.slots, settings.slotDecay, occupancySeconds);
        return true;
      });
      if (repossessed) revoked += 1;
    } catch (error) {
      // One lease that cannot be revoked now is tried again next tick; the sweep goes on.
      context.log.error({ err: error, lease_id: id }, `could not revoke lease ${id}`);
    }
  });
  return { revoked };
}

export const Repossessor: ServiceDefinition = {
  name: 'Repossessor',
  settings: (services) => services.repossessor,
  tick: (context, services) => tick(context, services.repossessor),
};
