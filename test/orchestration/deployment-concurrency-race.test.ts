// Racing PENDING proposals for runs of one deployment with a concurrency limit of 2, on
// Postgres and on a SQLite file: the conditional slot increment lets exactly two through.
import anyTest, { type TestFn } from 'ava';
import { createTestDatabase } from '../helpers/databases.ts';
import { setFlowRunState } from '../../packages/orchestration/src/index.ts';
import { proposeFlow } from './fixtures.ts';
import { activeSlots, allLeaseIds, CLIENT, deploymentRun, leaseIdOf, limitedDeployment } from './deployment-concurrency-fixtures.ts';

const test = anyTest as TestFn;
const RUNS = 20;
const LIMIT = 2;

const OUTCOMES = {
  ENQUEUE: { type: 'SCHEDULED', name: 'AwaitingConcurrencySlot' },
  CANCEL_NEW: { type: 'CANCELLED', name: 'Cancelled' },
} as const;

for (const dialect of ['postgres', 'sqlite-file'] as const) {
  for (const strategy of ['ENQUEUE', 'CANCEL_NEW'] as const) {
    test.serial(`On ${dialect}, ${RUNS} racing PENDING proposals under a limit of ${LIMIT} (${strategy}): exactly ${LIMIT} are accepted`, async (t) => {
      const handle = await createTestDatabase(dialect, {
        PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: '10',
        PREFECT_API_DATABASE_SQLALCHEMY_MAX_OVERFLOW: '15',
      });
      try {
        const db = handle.db;
        const { deploymentId, limitId } = await limitedDeployment(db, LIMIT, { collision_strategy: strategy });
        const runs = await Promise.all(Array.from({ length: RUNS }, () => deploymentRun(db, deploymentId)));

        const results = await Promise.all(runs.map((id) => setFlowRunState(db, id, { type: 'PENDING' }, { clientVersion: CLIENT })));

        const accepted = runs.filter((_, i) => results[i]?.status === 'ACCEPT');
        t.is(accepted.length, LIMIT);
        for (const result of results.filter((r) => r?.status !== 'ACCEPT')) {
          t.is(result?.status, 'REJECT');
          t.like(result?.state, OUTCOMES[strategy]);
        }
        t.is(await activeSlots(db, limitId), LIMIT);
        const leases = await Promise.all(accepted.map((id) => leaseIdOf(db, id)));
        t.deepEqual((await allLeaseIds(db)).sort(), (leases as string[]).sort());

        // A finished run frees its slot for one more, and only one.
        const [finishing] = accepted as [string];
        for (const type of ['RUNNING', 'COMPLETED'] as const) t.is((await proposeFlow(db, finishing, { type }, { clientVersion: CLIENT })).status, 'ACCEPT');
        t.is(await activeSlots(db, limitId), LIMIT - 1);
        if (strategy === 'ENQUEUE') {
          const waiting = runs.filter((id) => !accepted.includes(id));
          const retries = await Promise.all(waiting.map((id) => setFlowRunState(db, id, { type: 'PENDING' }, { clientVersion: CLIENT })));
          t.is(retries.filter((r) => r?.status === 'ACCEPT').length, 1);
          t.is(await activeSlots(db, limitId), LIMIT);
        }
      } finally {
        await handle.dispose();
      }
    });
  }
}
