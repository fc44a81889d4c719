// Deployment concurrency as the rules share it: a deployment's collision options and lease
// length, and taking and giving back a lease on the deployment's limit. All of it runs in
// the proposal's transaction, so a rejected or failed proposal takes nothing.
import type { ConcurrencyLeaseHolder, DeploymentRecord } from '@prefect-server-ts/storage';
import type { FlowRunContext } from './context.ts';
import { addSeconds } from './time.ts';

export type CollisionStrategy = 'ENQUEUE' | 'CANCEL_NEW';

export interface ConcurrencyOptions {
  readonly collisionStrategy: CollisionStrategy;
  /** Seconds the infrastructure has to start before the slot is taken back; null: the server's setting. */
  readonly gracePeriodSeconds: number | null;
}

/** The deployment's concurrency_options, or null when it has none. */
export function concurrencyOptions(deployment: DeploymentRecord): ConcurrencyOptions | null {
  const options = deployment.concurrency_options;
  if (!options) return null;
  const grace = options['grace_period_seconds'];
  return {
    collisionStrategy: options['collision_strategy'] === 'CANCEL_NEW' ? 'CANCEL_NEW' : 'ENQUEUE',
    gracePeriodSeconds: typeof grace === 'number' ? grace : null,
  };
}

/** How long a lease on the deployment's limit lasts: its grace period, or the server's setting. */
export function leaseSeconds(context: FlowRunContext, deployment: DeploymentRecord): number {
  return concurrencyOptions(deployment)?.gracePeriodSeconds ?? context.settings.initialDeploymentLeaseDurationSeconds;
}

/** Takes one slot on the limit; false when it has none free. */
export function takeSlot(context: FlowRunContext, limitId: string): Promise<boolean> {
  return context.repositories.concurrencyLimitsV2.incrementActiveSlots([limitId], 1, context.settings.slotDecay);
}

/** A lease on the one slot just taken on `limitId`, lasting `seconds` from now. */
export async function leaseSlot(context: FlowRunContext, limitId: string, seconds: number, holder: ConcurrencyLeaseHolder | null): Promise<string> {
  const lease = await context.repositories.concurrencyLeases.create({
    resource_ids: [limitId],
    expiration: addSeconds(context.now(), seconds),
    metadata: { slots: 1, holder },
  });
  return lease.id;
}

export async function giveBackSlots(context: FlowRunContext, limitIds: readonly string[], slots: number): Promise<void> {
  // A limit deleted or deactivated since has nothing to give back to.
  await context.repositories.concurrencyLimitsV2.decrementActiveSlots(limitIds, slots, context.settings.slotDecay);
}

/**
 * Revokes the lease and gives back its slots. A lease already gone (repossessed, or revoked
 * for an old client) gives back one slot on `fallbackLimitIds` instead, as Prefect does.
 */
export async function releaseLease(context: FlowRunContext, leaseId: string, fallbackLimitIds: readonly string[]): Promise<void> {
  const lease = await context.repositories.concurrencyLeases.revoke(leaseId);
  if (lease === null) {
    await giveBackSlots(context, fallbackLimitIds, 1);
    return;
  }
  await giveBackSlots(context, lease.resource_ids, lease.metadata.slots);
}
