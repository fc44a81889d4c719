// Tier 1 on SQLite: the connection layout, and the guard that turns a would-be deadlock
// into a clear error.
import test from 'ava';
import { createTestDatabase } from '../../helpers/databases.ts';

test(':memory: uses exactly one connection, and sees its own writes', async (t) => {
  const handle = await createTestDatabase('sqlite-memory');
  try {
    await handle.db.repositories.flows.create({ name: 'in-memory' });
    t.is(handle.db.poolStats().total, 1);
    t.is((await handle.db.repositories.flows.readByName('in-memory'))?.name, 'in-memory');
  } finally {
    await handle.dispose();
  }
});

test('a file database has one writer and one reader connection', async (t) => {
  const handle = await createTestDatabase('sqlite-file');
  try {
    await handle.db.repositories.flows.count();
    t.is(handle.db.poolStats().total, 2);
  } finally {
    await handle.dispose();
  }
});

test('writing through the root repositories inside a transaction fails fast instead of deadlocking', async (t) => {
  const handle = await createTestDatabase('sqlite-file');
  try {
    await t.throwsAsync(
      handle.db.transaction(async () => {
        await handle.db.repositories.flows.create({ name: 'wrong-handle' });
      }),
      { message: /A SQLite transaction is open in this context: use the repositories passed to the transaction callback/ },
    );
    t.is(await handle.db.repositories.flows.count(), 0);
  } finally {
    await handle.dispose();
  }
});

test('two hundred concurrent writers in one process all commit, one at a time', async (t) => {
  const handle = await createTestDatabase('sqlite-file');
  try {
    const { flows } = handle.db.repositories;
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => flows.create({ name: `f${i % 50}` })));
    t.deepEqual(results.filter((r) => r.status === 'rejected'), []);
    t.is(await flows.count(), 50);
  } finally {
    await handle.dispose();
  }
});
