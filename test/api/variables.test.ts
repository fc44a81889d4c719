// /variables through HTTP, with Prefect's status codes and bodies.
import test from 'ava';
import { startTestApi } from '../helpers/api-server.ts';

test('creates, reads, filters, counts, updates and deletes variables', async (t) => {
  const api = await startTestApi();
  try {
    const created = await api.request('POST', '/variables/', { name: 'db_url', value: { host: 'x' }, tags: ['prod'] });
    t.is(created.status, 201);
    const variable = created.body as { id: string; name: string; value: unknown; tags: string[] };
    t.like(variable, { name: 'db_url', value: { host: 'x' }, tags: ['prod'] });
    await api.request('POST', '/variables/', { name: 'pool_size', value: 5 });
    t.like((await api.request('GET', `/variables/${variable.id}`)).body, { name: 'db_url' });
    t.like((await api.request('GET', '/variables/name/pool_size')).body, { value: 5 });
    const filtered = await api.request('POST', '/variables/filter', { variables: { tags: { all_: ['prod'] } } });
    t.deepEqual((filtered.body as { name: string }[]).map((v) => v.name), ['db_url']);
    t.is((await api.request('POST', '/variables/count', {})).body, 2);
    t.is((await api.request('PATCH', '/variables/name/pool_size', { value: 10 })).status, 204);
    t.like((await api.request('GET', '/variables/name/pool_size')).body, { value: 10 });
    t.is((await api.request('DELETE', `/variables/${variable.id}`)).status, 204);
    t.deepEqual(await api.request('GET', `/variables/${variable.id}`).then((r) => [r.status, r.body]), [404, { detail: 'Variable not found.' }]);
    t.is((await api.request('DELETE', '/variables/name/nope')).status, 404);
  } finally {
    await api.close();
  }
});

test('answers a duplicate name with 409 and a bad body with 422, losing nothing', async (t) => {
  const api = await startTestApi();
  try {
    await api.request('POST', '/variables/', { name: 'taken', value: 1 });
    t.deepEqual(await api.request('POST', '/variables/', { name: 'taken', value: 2 }).then((r) => [r.status, r.body]), [
      409,
      { detail: "A variable with the name 'taken' already exists." },
    ]);
    const bad = await api.request('POST', '/variables/', { name: 'Not Valid!', value: 1, extra: true });
    t.is(bad.status, 422);
    const detail = (bad.body as { exception_detail: { loc: string[] }[]; request_body: unknown }).exception_detail;
    t.deepEqual(detail.map((d) => d.loc.join('.')).sort(), ['body.extra', 'body.name']);
    t.like(bad.body, { exception_message: 'Invalid request received.', request_body: { name: 'Not Valid!', value: 1, extra: true } });
    t.is((await api.request('GET', '/variables/not-a-uuid')).status, 422);
    t.is((await api.request('POST', '/variables/filter', { limit: 10_000 })).status, 422);
    t.like((await api.request('GET', '/variables/name/taken')).body, { value: 1 });
  } finally {
    await api.close();
  }
});
