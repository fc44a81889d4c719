// Contract: flow run inputs are unique per run and key, read oldest first by key prefix,
// and go away with their run.
import { ForeignKeyViolationError, UniqueViolationError, type Database } from '@prefect-server-ts/storage';
import type { ContractTest } from './context.ts';

const MISSING_RUN = '00000000-0000-4000-8000-000000000000';

async function aRun(db: Database, name = 'run') {
  const flow = (await db.repositories.flows.create({ name: `flow-of-${name}` })).flow;
  return (await db.repositories.flowRuns.create({ flow_id: flow.id, name })).run;
}

export function flowRunInputsContract(test: ContractTest['serial']): void {
  test('stores an input and reads it back by run and key', async (t) => {
    const { db } = t.context;
    const { flowRunInputs } = db.repositories;
    const run = await aRun(db);
    const created = await flowRunInputs.create({ flow_run_id: run.id, key: 'paused-1-schema', value: '{"type": "object"}' });
    t.like(created, { flow_run_id: run.id, key: 'paused-1-schema', value: '{"type": "object"}', sender: null });
    t.regex(created.created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    t.is(created.updated, created.created);
    const sent = await flowRunInputs.create({ flow_run_id: run.id, key: 'int-auto-1', value: '{"value": 1}', sender: 'prefect.flow-run.x' });
    t.deepEqual(await flowRunInputs.read(run.id, 'paused-1-schema'), created);
    t.deepEqual(await flowRunInputs.read(run.id, 'int-auto-1'), sent);
    t.is(await flowRunInputs.read(run.id, 'paused-1'), null);
    t.is(await flowRunInputs.read((await aRun(db, 'other')).id, 'paused-1-schema'), null);
  });

  test('refuses a key the run already has, and a run that does not exist', async (t) => {
    const { db } = t.context;
    const { flowRunInputs } = db.repositories;
    const run = await aRun(db, 'a');
    const other = await aRun(db, 'b');
    await flowRunInputs.create({ flow_run_id: run.id, key: 'k', value: 'first' });
    await t.throwsAsync(flowRunInputs.create({ flow_run_id: run.id, key: 'k', value: 'second' }), { instanceOf: UniqueViolationError });
    await flowRunInputs.create({ flow_run_id: other.id, key: 'k', value: 'elsewhere' });
    await t.throwsAsync(flowRunInputs.create({ flow_run_id: MISSING_RUN, key: 'k', value: 'orphan' }), { instanceOf: ForeignKeyViolationError });
    t.is((await flowRunInputs.read(run.id, 'k'))?.value, 'first');
    t.is((await flowRunInputs.read(other.id, 'k'))?.value, 'elsewhere');
  });

  test('of racing creates of one key, exactly one wins', async (t) => {
    const { db } = t.context;
    const run = await aRun(db);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => db.repositories.flowRunInputs.create({ flow_run_id: run.id, key: 'paused-1-response', value: String(i) })),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    t.is(won.length, 1);
    t.is(lost.length, 7);
    t.true(lost.every((o) => o.reason instanceof UniqueViolationError));
    t.is((await db.repositories.flowRunInputs.read(run.id, 'paused-1-response'))?.value, (won[0] as PromiseFulfilledResult<{ value: string }>).value.value);
  });

  test('filters one run\'s inputs by key prefix, oldest first, without the excluded keys, up to the limit', async (t) => {
    const { db } = t.context;
    const { flowRunInputs } = db.repositories;
    const run = await aRun(db, 'a');
    const other = await aRun(db, 'b');
    for (const key of ['int-auto-3', 'int-auto-1', 'str-auto-1', 'int-auto-2']) await flowRunInputs.create({ flow_run_id: run.id, key, value: key });
    await flowRunInputs.create({ flow_run_id: other.id, key: 'int-auto-0', value: 'other run' });
    const keys = async (prefix: string, limit: number, excludeKeys?: string[]) =>
      (await flowRunInputs.filter(run.id, { prefix, limit, ...(excludeKeys ? { excludeKeys } : {}) })).map((input) => input.key);
    t.deepEqual(await keys('int-auto', 10), ['int-auto-3', 'int-auto-1', 'int-auto-2']);
    t.deepEqual(await keys('int-auto', 1), ['int-auto-3']);
    t.deepEqual(await keys('int-auto', 1, ['int-auto-3']), ['int-auto-1']);
    t.deepEqual(await keys('int-auto', 10, ['int-auto-3', 'int-auto-2', 'not-there']), ['int-auto-1']);
    t.deepEqual(await keys('int-auto', 10, []), ['int-auto-3', 'int-auto-1', 'int-auto-2']);
    t.deepEqual(await keys('', 10), ['int-auto-3', 'int-auto-1', 'str-auto-1', 'int-auto-2']);
    t.deepEqual(await keys('', -1), ['int-auto-3', 'int-auto-1', 'str-auto-1', 'int-auto-2']);
    t.deepEqual(await keys('', 0), []);
    t.deepEqual(await keys('str-auto-1-', 10), []);
    // Prefect matches with LIKE: `_` stands for any one character.
    t.deepEqual(await keys('___-auto-1', 10), ['int-auto-1', 'str-auto-1']);
    t.deepEqual(await flowRunInputs.filter(MISSING_RUN, { prefix: '', limit: 10 }), []);
    t.deepEqual((await flowRunInputs.filter(run.id, { prefix: 'str', limit: 1 }))[0], await flowRunInputs.read(run.id, 'str-auto-1'));
  });

  test('deletes one input by run and key', async (t) => {
    const { db } = t.context;
    const { flowRunInputs } = db.repositories;
    const run = await aRun(db, 'a');
    const other = await aRun(db, 'b');
    await flowRunInputs.create({ flow_run_id: run.id, key: 'a', value: '1' });
    await flowRunInputs.create({ flow_run_id: run.id, key: 'b', value: '2' });
    await flowRunInputs.create({ flow_run_id: other.id, key: 'a', value: '3' });
    t.true(await flowRunInputs.delete(run.id, 'a'));
    t.false(await flowRunInputs.delete(run.id, 'a'));
    t.false(await flowRunInputs.delete(MISSING_RUN, 'b'));
    t.is(await flowRunInputs.read(run.id, 'a'), null);
    t.is((await flowRunInputs.read(run.id, 'b'))?.value, '2');
    t.is((await flowRunInputs.read(other.id, 'a'))?.value, '3');
  });

  test('deleting a flow run deletes its inputs and no others', async (t) => {
    const { db } = t.context;
    const { flowRunInputs, flowRuns } = db.repositories;
    const run = await aRun(db, 'a');
    const other = await aRun(db, 'b');
    await flowRunInputs.create({ flow_run_id: run.id, key: 'a', value: '1' });
    await flowRunInputs.create({ flow_run_id: run.id, key: 'b', value: '2' });
    await flowRunInputs.create({ flow_run_id: other.id, key: 'a', value: '3' });
    t.true(await flowRuns.delete(run.id));
    t.deepEqual(await flowRunInputs.filter(run.id, { prefix: '', limit: -1 }), []);
    t.deepEqual((await flowRunInputs.filter(other.id, { prefix: '', limit: -1 })).map((input) => input.value), ['3']);
  });
}
