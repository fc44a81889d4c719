// Contract: transactions commit together or not at all, and nest as savepoints.
import type { ContractTest } from './context.ts';

export function transactionsContract(test: ContractTest['serial']): void {
  test('rolls back every write when the callback throws', async (t) => {
    const { db } = t.context;
    await t.throwsAsync(
      db.transaction(async (tx) => {
        await tx.flows.create({ name: 'ghost' });
        await tx.variables.create({ name: 'ghost', value: 1 });
        throw new Error('abort');
      }),
      { message: 'abort' },
    );
    t.is(await db.repositories.flows.count(), 0);
    t.is(await db.repositories.variables.count(), 0);
  });

  test('commits every write when the callback returns', async (t) => {
    const { db } = t.context;
    const id = await db.transaction(async (tx) => {
      const { flow } = await tx.flows.create({ name: 'kept' });
      // A nested repository transaction (flow run create) runs as a savepoint.
      await tx.flowRuns.create({ flow_id: flow.id, name: 'r', idempotency_key: 'k' });
      return flow.id;
    }, { forUpdate: true });
    t.is((await db.repositories.flows.read(id))?.name, 'kept');
    t.is(await db.repositories.flowRuns.count({ flows: { id: { any_: [id] } } }), 1);
  });

  test('isConnectable is true for a live database', async (t) => {
    t.true(await t.context.db.isConnectable());
    await t.notThrowsAsync(t.context.db.connect());
  });
}
