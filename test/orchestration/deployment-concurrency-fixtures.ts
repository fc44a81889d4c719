// Fixtures for the deployment concurrency rules: each test on SQLite and on Postgres, a
// deployment with its own concurrency limit, runs of it, and reads of its slots and leases.
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { ConcurrencyLeaseRecord, Database, JsonObject } from '@prefect-server-ts/storage';
import { createTestDatabase, type TestDialect } from '../helpers/databases.ts';
import { Clock, createFlowRun, forceFlowInto } from './fixtures.ts';
import type { FlowOrchestrationOptions, ProposedState } from '../../packages/orchestration/src/index.ts';

const test = anyTest as TestFn;

/** The version the Prefect 3.9.1 client puts in its User-Agent. */
export const CLIENT = '3.9.1';

export interface ConcurrencyTestContext {
  readonly db: Database;
  readonly clock: Clock;
  /** Options for proposals from a 3.9.1 client at the test's clock. */
  readonly client: FlowOrchestrationOptions;
}

/** Registers `title` on SQLite (in memory) and on Postgres, each on a fresh database. */
export function concurrencyTest(title: string, fn: (t: ExecutionContext, s: ConcurrencyTestContext) => Promise<void>): void {
  for (const dialect of ['sqlite-memory', 'postgres'] as const satisfies TestDialect[]) {
    test.serial(`${dialect}: ${title}`, async (t) => {
      const handle = await createTestDatabase(dialect, {
        PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: '3',
        PREFECT_API_DATABASE_SQLALCHEMY_MAX_OVERFLOW: '3',
      });
      try {
        const clock = new Clock();
        await fn(t, { db: handle.db, clock, client: { clientVersion: CLIENT, now: clock.now } });
      } finally {
        await handle.dispose();
      }
    });
  }
}

export interface LimitedDeployment {
  readonly deploymentId: string;
  readonly limitId: string;
}

/** A deployment with its own concurrency limit of `limit` and the given concurrency_options. */
export async function limitedDeployment(db: Database, limit: number, options: JsonObject | null = null): Promise<LimitedDeployment> {
  const { flow } = await db.repositories.flows.create({ name: `flow-${crypto.randomUUID().slice(0, 8)}` });
  const { id } = await db.repositories.deployments.upsert({ flow_id: flow.id, name: 'limited', values: { concurrency_options: options }, insertDefaults: {} });
  await db.repositories.deployments.setConcurrencyLimit(id, limit);
  return { deploymentId: id, limitId: (await db.repositories.deployments.read(id))!.concurrency_limit_id! };
}

/** A run of the deployment, forced into `states` (SCHEDULED by default). */
export async function deploymentRun(db: Database, deploymentId: string, states: ProposedState[] = [{ type: 'SCHEDULED' }], clock?: Clock): Promise<string> {
  const run = await createFlowRun(db, { deployment_id: deploymentId });
  await forceFlowInto(db, run.id, states, clock);
  return run.id;
}

export async function activeSlots(db: Database, limitId: string): Promise<number> {
  return (await db.repositories.concurrencyLimitsV2.read(limitId))!.active_slots;
}

/** The lease id the run's current state carries. */
export async function leaseIdOf(db: Database, runId: string): Promise<string | null> {
  const run = await db.repositories.flowRuns.read(runId);
  return (run?.state?.state_details['deployment_concurrency_lease_id'] as string | null | undefined) ?? null;
}

export async function leaseOf(db: Database, runId: string): Promise<ConcurrencyLeaseRecord | null> {
  const id = await leaseIdOf(db, runId);
  return id === null ? null : db.repositories.concurrencyLeases.read(id);
}

/** What the repossessor does to an expired lease: revoke it and give back its slots. */
export async function repossess(db: Database, leaseId: string): Promise<void> {
  const lease = await db.repositories.concurrencyLeases.revoke(leaseId);
  if (lease === null) throw new Error(`no lease ${leaseId}`);
  await db.repositories.concurrencyLimitsV2.decrementActiveSlots(lease.resource_ids, lease.metadata.slots, { tagSlotWaitSeconds: 10, maximumSlotWaitSeconds: 30 });
}

/** Every lease there is (all have expired by the year 2200). */
export async function allLeaseIds(db: Database): Promise<string[]> {
  return (await db.repositories.concurrencyLeases.findExpired('2200-01-01T00:00:00.000000Z', { afterId: null, limit: 1000 })).map((row) => row.id);
}
