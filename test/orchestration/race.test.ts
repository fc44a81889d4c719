// Racing proposals: 20 concurrent PENDING proposals for one SCHEDULED flow run, on Postgres
// and on a SQLite file. The run row lock lets exactly one through.
import anyTest, { type TestFn } from 'ava';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { setFlowRunState } from '../../packages/orchestration/src/index.ts';
import { createFlowRun, flowHistory, forceFlowInto, readFlowRun } from './fixtures.ts';

const test = anyTest as TestFn;
const CONTENDERS = 20;

for (const dialect of ['postgres', 'sqlite-file'] as const) {
  test.serial(`On ${dialect}, one of ${CONTENDERS} racing PENDING proposals is accepted and the rest are aborted`, async (t) => {
    const handle: TestDatabase = await createTestDatabase(dialect, {
      PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: '10',
      PREFECT_API_DATABASE_SQLALCHEMY_MAX_OVERFLOW: '15',
    });
    try {
      const db = handle.db;
      const run = await createFlowRun(db);
      await forceFlowInto(db, run.id, [{ type: 'SCHEDULED' }]);

      const results = await Promise.all(Array.from({ length: CONTENDERS }, () => setFlowRunState(db, run.id, { type: 'PENDING' })));

      const statuses = results.map((r) => r?.status);
      t.is(statuses.filter((s) => s === 'ACCEPT').length, 1);
      t.is(statuses.filter((s) => s === 'ABORT').length, CONTENDERS - 1);
      for (const result of results.filter((r) => r?.status === 'ABORT')) {
        t.deepEqual(result?.details, { type: 'abort_details', reason: 'This run is in a PENDING state and cannot transition to a PENDING state.' });
        t.is(result?.state?.type, 'PENDING');
      }
      t.deepEqual(await flowHistory(db, run.id), ['SCHEDULED:Scheduled', 'PENDING:Pending']);
      const after = await readFlowRun(db, run.id);
      t.is(after.state_type, 'PENDING');
      t.is(after.state?.id, results.find((r) => r?.status === 'ACCEPT')?.state?.id);
    } finally {
      await handle.dispose();
    }
  });
}
