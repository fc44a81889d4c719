// The contract suite's test type: each test gets a fresh, migrated database of one dialect.
import anyTest, { type TestFn } from 'ava';
import type { Database } from '@prefect-server-ts/storage';
import { createTestDatabase, type TestDatabase, type TestDialect } from '../../helpers/databases.ts';

export type ContractTest = TestFn<{ db: Database; handle: TestDatabase }>;

/** Registers fresh-database hooks and returns the serial test function for `dialect`. */
export function contractTest(dialect: TestDialect): ContractTest['serial'] {
  const test = anyTest as ContractTest;
  test.beforeEach(async (t) => {
    // Small pools: many test databases live on one Postgres server.
    t.context.handle = await createTestDatabase(dialect, {
      PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: '2',
      PREFECT_API_DATABASE_SQLALCHEMY_MAX_OVERFLOW: '3',
    });
    t.context.db = t.context.handle.db;
  });
  test.afterEach.always(async (t) => {
    await t.context.handle?.dispose();
  });
  return test.serial;
}
