// Contract: variables are unique by name and hold any JSON value.
import { UniqueViolationError } from '@prefect-server-ts/storage';
import type { ContractTest } from './context.ts';

export function variablesContract(test: ContractTest['serial']): void {
  test('stores any JSON value and reads it back by id and by name', async (t) => {
    const { variables } = t.context.db.repositories;
    for (const [name, value] of [['obj', { a: [1, { b: null }] }], ['str', 'text'], ['num', 3.5], ['bool', false], ['nil', null], ['arr', [1, 2]]] as const) {
      const created = await variables.create({ name, value });
      t.deepEqual((await variables.read(created.id))?.value, value, name);
      t.deepEqual((await variables.readByName(name))?.value, value, name);
    }
  });

  test('refuses a second variable with the same name', async (t) => {
    const { variables } = t.context.db.repositories;
    await variables.create({ name: 'dup', value: 1 });
    await t.throwsAsync(variables.create({ name: 'dup', value: 2 }), { instanceOf: UniqueViolationError });
    t.is((await variables.readByName('dup'))?.value, 1);
  });

  test('updates and deletes by id and by name', async (t) => {
    const { variables } = t.context.db.repositories;
    const v = await variables.create({ name: 'v', value: 1, tags: ['a'] });
    t.true(await variables.update(v.id, { value: { n: 2 } }));
    t.true(await variables.updateByName('v', { tags: ['b'], name: 'w' }));
    const after = (await variables.readByName('w'))!;
    t.deepEqual(after.value, { n: 2 });
    t.deepEqual(after.tags, ['b']);
    t.false(await variables.updateByName('v', { value: 0 }));
    t.true(await variables.deleteByName('w'));
    t.false(await variables.delete(v.id));
  });

  test('filters variables by name, fragment and tags', async (t) => {
    const { variables } = t.context.db.repositories;
    await variables.create({ name: 'db_url', value: 'x', tags: ['prod', 'db'] });
    await variables.create({ name: 'db_pool', value: 5, tags: ['db'] });
    await variables.create({ name: 'api_key', value: 'k', tags: ['prod'] });
    const names = (list: { name: string }[]) => list.map((v) => v.name);
    t.deepEqual(names(await variables.list({ name: { like_: 'db_' } })), ['db_pool', 'db_url']);
    t.deepEqual(names(await variables.list({ tags: { all_: ['prod'] } }, { sort: 'NAME_DESC' })), ['db_url', 'api_key']);
    t.deepEqual(names(await variables.list({ name: { any_: ['api_key'] } })), ['api_key']);
    t.is(await variables.count({ tags: { all_: ['db', 'prod'] } }), 1);
  });
}

export function csrfTokensContract(test: ContractTest['serial']): void {
  test('keeps one CSRF token per client, replaced on upsert and invisible once expired', async (t) => {
    const { csrfTokens } = t.context.db.repositories;
    await csrfTokens.upsert('browser', 'first', '2026-01-01T01:00:00.000000Z');
    const second = await csrfTokens.upsert('browser', 'second', '2026-01-01T02:00:00.000000Z');
    t.is(second.token, 'second');
    t.is((await csrfTokens.readValid('browser', '2026-01-01T01:30:00.000000Z'))?.token, 'second');
    t.is(await csrfTokens.readValid('browser', '2026-01-01T02:00:00.000000Z'), null);
    await csrfTokens.upsert('other', 'x', '2026-01-01T00:30:00.000000Z');
    t.is(await csrfTokens.deleteExpired('2026-01-01T01:00:00.000000Z'), 1);
    t.is((await csrfTokens.readValid('browser', '2026-01-01T01:00:00.000000Z'))?.token, 'second');
  });
}
