// /flow_runs/{id}/input through HTTP, with Prefect's status codes and bodies.
import test from 'ava';
import { startTestApi, type TestApi } from '../helpers/api-server.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';

async function aFlowRun(api: TestApi): Promise<string> {
  const flow = (await api.request('POST', '/flows/', { name: 'inputs' })).body as { id: string };
  return ((await api.request('POST', '/flow_runs/', { flow_id: flow.id })).body as { id: string }).id;
}

const answer = (response: { status: number; body: unknown }) => [response.status, response.body];

test('creates, filters, reads and deletes the inputs of a flow run', async (t) => {
  const api = await startTestApi();
  try {
    const run = await aFlowRun(api);
    const input = `/flow_runs/${run}/input`;
    t.deepEqual(answer(await api.request('POST', input, { key: 'int-auto-1', value: '{"value": 1}', sender: 'prefect.flow-run.x' })), [201, null]);
    t.deepEqual(answer(await api.request('POST', input, { key: 'int-auto-2', value: '{"value": 2}' })), [201, null]);
    t.deepEqual(answer(await api.request('POST', input, { key: 'str-auto-1', value: '"x"', extra: 'ignored' })), [201, null]);

    const filtered = await api.request('POST', `${input}/filter`, { prefix: 'int-auto' });
    t.is(filtered.status, 200);
    const [first] = filtered.body as Record<string, unknown>[];
    t.deepEqual(Object.keys(first ?? {}).sort(), ['created', 'flow_run_id', 'id', 'key', 'sender', 'updated', 'value']);
    t.like(first, { flow_run_id: run, key: 'int-auto-1', value: '{"value": 1}', sender: 'prefect.flow-run.x' });
    t.is((filtered.body as unknown[]).length, 1, 'the limit defaults to 1');
    const keys = async (body: unknown) => ((await api.request('POST', `${input}/filter`, body)).body as { key: string }[]).map((i) => i.key);
    t.deepEqual(await keys({ prefix: 'int-auto', limit: 10, exclude_keys: ['int-auto-1'] }), ['int-auto-2']);
    t.deepEqual(await keys({ prefix: '', limit: 10 }), ['int-auto-1', 'int-auto-2', 'str-auto-1']);
    t.deepEqual(await keys({ prefix: '', limit: -1 }), ['int-auto-1', 'int-auto-2', 'str-auto-1']);
    t.deepEqual(await keys({ prefix: 'int', limit: null, exclude_keys: null }), ['int-auto-1']);
    t.deepEqual(answer(await api.request('POST', `/flow_runs/${MISSING}/input/filter`, { prefix: '' })), [200, []]);

    const read = await api.request('GET', `${input}/int-auto-2`);
    t.deepEqual(answer(read), [200, { value: 2 }]);
    t.is(read.headers.get('content-type'), 'text/plain; charset=utf-8');
    t.deepEqual(answer(await api.request('GET', `${input}/str-auto-1`)), [200, 'x']);
    t.deepEqual(answer(await api.request('GET', `${input}/nope`)), [404, { detail: 'Flow run input not found' }]);

    t.deepEqual(answer(await api.request('DELETE', `${input}/int-auto-1`)), [204, '']);
    t.deepEqual(answer(await api.request('DELETE', `${input}/int-auto-1`)), [404, { detail: 'Flow run input not found' }]);
    t.deepEqual(await keys({ prefix: '', limit: 10 }), ['int-auto-2', 'str-auto-1']);

    t.is((await api.request('DELETE', `/flow_runs/${run}`)).status, 204);
    t.deepEqual(answer(await api.request('POST', `${input}/filter`, { prefix: '', limit: 10 })), [200, []]);
  } finally {
    await api.close();
  }
});

test('answers a repeated key with 409, an unknown run with 404 and a bad body with 422', async (t) => {
  const api = await startTestApi();
  try {
    const run = await aFlowRun(api);
    const input = `/flow_runs/${run}/input`;
    await api.request('POST', input, { key: 'taken', value: 'first' });
    t.deepEqual(answer(await api.request('POST', input, { key: 'taken', value: 'second' })), [409, { detail: 'A flow run input with this key already exists.' }]);
    t.deepEqual(answer(await api.request('GET', `${input}/taken`)), [200, 'first']);
    t.deepEqual(answer(await api.request('POST', `/flow_runs/${MISSING}/input`, { key: 'k', value: 'v' })), [404, { detail: 'Flow run not found' }]);

    const badKey = await api.request('POST', input, { key: 'Not_Valid', value: 'v' });
    t.deepEqual(answer(badKey), [
      422,
      {
        exception_message: 'Invalid request received.',
        exception_detail: [
          { type: 'value_error', loc: ['body', 'key'], msg: 'Value error, value must only contain lowercase letters, numbers, and dashes.', input: 'Not_Valid', ctx: { error: {} } },
        ],
        request_body: { key: 'Not_Valid', value: 'v' },
      },
    ]);
    const badValue = await api.request('POST', input, { key: 'k', value: { not: 'text' } });
    t.is(badValue.status, 422);
    t.like((badValue.body as { exception_detail: unknown[] }).exception_detail[0], { type: 'bytes_type', loc: ['body', 'value'], msg: 'Input should be a valid bytes' });
    const missing = await api.request('POST', input, { key: 'k' });
    t.like((missing.body as { exception_detail: unknown[] }).exception_detail[0], { type: 'missing', loc: ['body', 'value'] });
    const noPrefix = await api.request('POST', `${input}/filter`, { limit: 3 });
    t.is(noPrefix.status, 422);
    t.like((noPrefix.body as { exception_detail: unknown[] }).exception_detail[0], { type: 'missing', loc: ['body', 'prefix'] });
    const badExclude = await api.request('POST', `${input}/filter`, { prefix: '', exclude_keys: 'taken' });
    t.like((badExclude.body as { exception_detail: unknown[] }).exception_detail[0], { type: 'list_type', loc: ['body', 'exclude_keys'] });
    t.is((await api.request('POST', `${input}/filter`, { prefix: '', limit: 1.5 })).status, 422);
    const stored = (await api.request('POST', `${input}/filter`, { prefix: '', limit: 10 })).body as { key: string }[];
    t.deepEqual(stored.map((i) => i.key), ['taken'], 'nothing invalid was stored');
  } finally {
    await api.close();
  }
});

test('documents the input routes with Prefect\'s body names', async (t) => {
  const api = await startTestApi();
  try {
    const doc = (await api.request('GET', '/openapi.json')).body as { paths: Record<string, Record<string, { summary: string }>>; components: { schemas: Record<string, { required?: string[] }> } };
    t.deepEqual(Object.keys(doc.paths['/flow_runs/{id}/input'] ?? {}), ['post']);
    t.deepEqual(Object.keys(doc.paths['/flow_runs/{id}/input/{key}'] ?? {}).sort(), ['delete', 'get']);
    t.is(doc.paths['/flow_runs/{id}/input/filter']?.['post']?.summary, 'Filter Flow Run Input');
    t.is(doc.paths['/flow_runs/{id}/resume']?.['post']?.summary, 'Resume Flow Run');
    t.deepEqual(doc.components.schemas['Body_create_flow_run_input_flow_runs__id__input_post']?.required?.sort(), ['key', 'value']);
    t.deepEqual(doc.components.schemas['Body_filter_flow_run_input_flow_runs__id__input_filter_post']?.required, ['prefix']);
    t.truthy(doc.components.schemas['Body_resume_flow_run_flow_runs__id__resume_post']);
    t.truthy(doc.components.schemas['FlowRunInput']);
  } finally {
    await api.close();
  }
});
