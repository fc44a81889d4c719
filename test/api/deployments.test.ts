// /deployments through HTTP: upserts, reads, filters, updates, pauses, deletes, flow runs
// from deployments and runner polling, with Prefect's status codes and bodies.
import test from 'ava';
import { nowTimestamp } from '@prefect-server-ts/storage';
import { startTestApi, type TestApi } from '../helpers/api-server.ts';

type Json = Record<string, any>;
const MISSING = '00000000-0000-4000-8000-000000000000';
const SCHEMA = {
  title: 'Parameters',
  type: 'object',
  properties: { x: { title: 'x', type: 'integer' }, mode: { enum: ['fast', 'slow'] } },
  required: ['x'],
};

async function aFlow(api: TestApi, name = 'etl', labels: Json = {}): Promise<string> {
  return ((await api.request('POST', '/flows/', { name, labels })).body as Json)['id'];
}

async function aDeployment(api: TestApi, body: Json): Promise<Json> {
  const response = await api.request('POST', '/deployments/', body);
  if (response.status !== 201) throw new Error(`deployment not created: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Json;
}

const status = (response: { status: number; body: unknown }) => [response.status, response.body];

test('creates a deployment (201), upserts it by flow and name (200), and reads it by id and by name', async (t) => {
  const api = await startTestApi();
  try {
    const flowId = await aFlow(api, 'etl', { team: 'data' });
    const created = await api.request('POST', '/deployments/', {
      name: 'nightly',
      flow_id: flowId,
      description: 'first',
      tags: ['a'],
      parameters: { x: 1 },
      job_variables: { image: 'python' },
      labels: { env: 'prod' },
      concurrency_limit: 2,
      concurrency_options: { collision_strategy: 'CANCEL_NEW' },
    });
    t.is(created.status, 201);
    const deployment = created.body as Json;
    t.like(deployment, {
      name: 'nightly',
      flow_id: flowId,
      description: 'first',
      paused: false,
      status: 'NOT_READY',
      last_polled: null,
      enforce_parameter_schema: true,
      parameter_openapi_schema: {},
      pull_steps: [],
      job_variables: { image: 'python' },
      concurrency_limit: null,
      concurrency_options: { collision_strategy: 'CANCEL_NEW', grace_period_seconds: null },
      work_queue_id: null,
      work_pool_name: null,
      schedules: [],
    });
    t.deepEqual(deployment['labels'], { team: 'data', 'prefect.flow.id': flowId, env: 'prod' });
    t.like(deployment['global_concurrency_limit'], { name: `deployment:${deployment['id']}`, limit: 2, active: true, active_slots: 0 });

    const upserted = await api.request('POST', '/deployments/', { name: 'nightly', flow_id: flowId, version: '2' });
    t.is(upserted.status, 200);
    t.like(upserted.body, { id: deployment['id'], version: '2', description: 'first', tags: ['a'], parameters: {}, global_concurrency_limit: { limit: 2 } });

    t.like((await api.request('GET', `/deployments/${deployment['id']}`)).body, { version: '2' });
    t.like((await api.request('GET', '/deployments/name/etl/nightly')).body, { id: deployment['id'] });
    t.deepEqual(status(await api.request('GET', '/deployments/name/etl/daily')), [404, { detail: 'Deployment not found' }]);
    t.deepEqual(status(await api.request('GET', `/deployments/${MISSING}`)), [404, { detail: 'Deployment not found' }]);
    t.is((await api.request('GET', '/deployments/not-a-uuid')).status, 422);
  } finally {
    await api.close();
  }
});

test('racing creates of one deployment leave one row: one 201, the rest 200', async (t) => {
  for (const dialect of ['sqlite-file', 'postgres'] as const) {
    const api = await startTestApi(dialect);
    try {
      const flowId = await aFlow(api);
      const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => api.request('POST', '/deployments/', { name: 'raced', flow_id: flowId, version: String(i) })));
      t.deepEqual(responses.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 200, 200, 200, 200, 201], dialect);
      t.is((await api.request('POST', '/deployments/count', {})).body, 1, dialect);
    } finally {
      await api.close();
    }
  }
});

test('refuses invalid creates with Prefect\'s 404, 409 and 422 answers', async (t) => {
  const api = await startTestApi();
  try {
    const flowId = await aFlow(api);
    const post = (body: Json) => api.request('POST', '/deployments/', { name: 'd', flow_id: flowId, ...body });
    t.deepEqual(status(await post({ work_pool_name: 'nowhere' })), [404, { detail: 'Work pool "nowhere" not found.' }]);
    t.deepEqual(status(await post({ global_concurrency_limit_id: MISSING })), [404, { detail: 'Concurrency limit not found' }]);
    const infra = await post({ infrastructure_document_id: MISSING });
    t.is(infra.status, 409);
    t.regex((infra.body as Json)['detail'], /^Error creating deployment\. Could not find infrastructure block with id: /);
    t.is((await api.request('POST', '/deployments/', { name: 'd', flow_id: MISSING })).status, 409);

    const valueError = async (body: Json) => {
      const response = await post(body);
      t.is(response.status, 422);
      return (response.body as Json)['exception_detail'][0];
    };
    t.like(await valueError({ concurrency_limit: 1, global_concurrency_limit_id: MISSING }), {
      loc: ['body'],
      msg: 'Value error, A deployment cannot have both a concurrency limit and a global concurrency limit.',
    });
    t.like(await valueError({ enforce_parameter_schema: true, parameter_openapi_schema: SCHEMA, parameters: { x: 'no' } }), {
      msg: "Value error, Validation failed for field 'x'. Failure reason: 'no' is not of type 'integer'",
    });
    t.like(await valueError({ enforce_parameter_schema: true, parameter_openapi_schema: { type: 'foo' } }), {
      msg: "Value error, The provided schema is not a valid json schema. Schema error: 'foo' is not valid under any of the given schemas",
    });
    t.like(await valueError({ schedules: [{ schedule: { cron: '61 * * * *' } }] }), { msg: 'Value error, Invalid cron string: "61 * * * *"' });
    t.like(await valueError({ schedules: [{ schedule: { cron: 'H 0 * * *' } }] }), { msg: 'Value error, Invalid cron string: "H 0 * * *"' });
    t.like(await valueError({ schedules: [{ schedule: { interval: 0 } }] }), { msg: 'Value error, interval must be positive' });
    t.like(await valueError({ schedules: [{ schedule: { interval: 60, timezone: 'Mars/Base' } }] }), {
      msg: 'Value error, Invalid timezone: "Mars/Base" (specify in IANA tzdata format, for example, America/New_York)',
    });
    t.like(await valueError({ schedules: [{ schedule: { rrule: 'FREQ=FOO' } }] }), { msg: 'Value error, Invalid RRule string "FREQ=FOO": invalid \'FREQ\': FOO' });
    t.like(await valueError({ name: 'a/b' }), { type: 'string_pattern_mismatch' });
    t.like(await valueError({ unknown_field: 1 }), { type: 'extra_forbidden' });
    // Fields of older clients are dropped rather than refused.
    t.is((await post({ worker_pool_name: 'legacy' })).status, 201);
    t.is((await api.request('POST', '/deployments/count', {})).body, 1);
  } finally {
    await api.close();
  }
});

test('schedules given on create are normalized and replace the stored ones on upsert', async (t) => {
  const api = await startTestApi();
  try {
    const flowId = await aFlow(api);
    const first = await aDeployment(api, {
      name: 'd',
      flow_id: flowId,
      schedules: [
        { schedule: { interval: 'PT1H', anchor_date: '2024-01-01T00:00:00+02:00' }, slug: 'hourly' },
        { schedule: { cron: '0 9 * * mon-fri', timezone: 'Europe/Paris' }, active: false, max_scheduled_runs: 5, parameters: { a: 1 } },
        { schedule: { rrule: 'FREQ=DAILY;INTERVAL=2' } },
      ],
    });
    const [rrule, cron, interval] = first['schedules'] as Json[];
    t.deepEqual(interval!['schedule'], { interval: 3600, anchor_date: '2024-01-01T00:00:00+02:00', timezone: 'UTC' });
    t.like(cron, { schedule: { cron: '0 9 * * mon-fri', timezone: 'Europe/Paris', day_or: true }, active: false, max_scheduled_runs: null, parameters: { a: 1 }, slug: null });
    t.deepEqual(rrule!['schedule'], { rrule: 'DTSTART:20200101T000000\nFREQ=DAILY;INTERVAL=2', timezone: 'UTC' });
    const again = await api.request('POST', '/deployments/', { name: 'd', flow_id: flowId, schedules: [{ schedule: { interval: 60 } }] });
    t.is(again.status, 200);
    t.is((again.body as Json)['schedules'].length, 1);
    t.regex((again.body as Json)['schedules'][0].schedule.anchor_date, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$/);
  } finally {
    await api.close();
  }
});

test('work pools and queues: the pool\'s default queue, a named queue made on demand, a legacy queue', async (t) => {
  const api = await startTestApi();
  try {
    const flowId = await aFlow(api);
    const pool = await api.request('POST', '/work_pools/', { name: 'k8s', type: 'kubernetes' });
    t.is(pool.status, 201);
    const defaultQueueId = (pool.body as Json)['default_queue_id'];
    t.like(await aDeployment(api, { name: 'a', flow_id: flowId, work_pool_name: 'k8s' }), { work_pool_name: 'k8s', work_queue_name: 'default', work_queue_id: defaultQueueId });
    const named = await aDeployment(api, { name: 'b', flow_id: flowId, work_pool_name: 'k8s', work_queue_name: 'gpu' });
    t.like(named, { work_pool_name: 'k8s', work_queue_name: 'gpu' });
    t.like(await aDeployment(api, { name: 'c', flow_id: flowId, work_pool_name: 'k8s', work_queue_name: 'gpu' }), { work_queue_id: named['work_queue_id'] });
    t.like(await aDeployment(api, { name: 'e', flow_id: flowId, work_queue_name: 'old-agent' }), { work_pool_name: 'default-agent-pool', work_queue_name: 'old-agent' });
    t.like(await aDeployment(api, { name: 'f', flow_id: flowId }), { work_queue_id: null, work_queue_name: null, work_pool_name: null });
  } finally {
    await api.close();
  }
});

test('job variables are checked against the pool\'s base job template', async (t) => {
  const api = await startTestApi();
  try {
    const flowId = await aFlow(api);
    const pool = await api.request('POST', '/work_pools/', {
      name: 'docker',
      type: 'docker',
      base_job_template: {
        job_configuration: { image: '{{ image }}' },
        variables: { type: 'object', properties: { image: { type: 'string', default: 'python' }, cpu: { type: 'integer' }, team: { type: 'string' } }, required: ['team'] },
      },
    });
    t.is(pool.status, 201);
    const bad = await api.request('POST', '/deployments/', { name: 'd', flow_id: flowId, work_pool_name: 'docker', job_variables: { cpu: 'many' } });
    t.deepEqual(status(bad), [422, { detail: "Error creating deployment: Validation failed for field 'cpu'. Failure reason: 'many' is not valid under any of the given schemas" }]);
    const deployment = await aDeployment(api, { name: 'd', flow_id: flowId, work_pool_name: 'docker', job_variables: { cpu: 2 } });
    const run = (body: Json) => api.request('POST', `/deployments/${deployment['id']}/create_flow_run`, body);
    t.deepEqual(status(await run({})), [422, { detail: "Error creating flow run: Validation failed. Failure reason: 'team' is a required property" }]);
    const ok = await run({ job_variables: { team: 'ml' }, work_queue_name: 'urgent' });
    t.is(ok.status, 201);
    t.like(ok.body, { job_variables: { team: 'ml' }, work_queue_name: 'urgent', work_pool_name: 'docker' });
    const patched = await api.request('PATCH', `/deployments/${deployment['id']}`, { work_pool_name: 'docker', job_variables: { cpu: 'x' } });
    t.deepEqual(status(patched), [409, { detail: 'Error creating deployment: <ValidationError: "\'x\' is not valid under any of the given schemas">' }]);
  } finally {
    await api.close();
  }
});

test('filters, counts and paginates deployments with cross-resource filters', async (t) => {
  const api = await startTestApi();
  try {
    const etl = await aFlow(api, 'etl');
    const ml = await aFlow(api, 'ml');
    const a = await aDeployment(api, { name: 'alpha', flow_id: etl, tags: ['x'] });
    await aDeployment(api, { name: 'beta', flow_id: etl, paused: true, work_queue_name: 'legacy' });
    await aDeployment(api, { name: 'gamma', flow_id: ml, tags: ['x', 'y'] });
    await api.request('POST', `/deployments/${a['id']}/create_flow_run`, {});
    const names = async (body: Json) => ((await api.request('POST', '/deployments/filter', body)).body as Json[]).map((d) => d['name']);
    t.deepEqual(await names({}), ['alpha', 'beta', 'gamma']);
    t.deepEqual(await names({ sort: 'NAME_DESC', limit: 2 }), ['gamma', 'beta']);
    t.deepEqual(await names({ offset: 2 }), ['gamma']);
    t.deepEqual(await names({ flows: { name: { any_: ['etl'] } } }), ['alpha', 'beta']);
    t.deepEqual(await names({ deployments: { tags: { all_: ['x'] }, paused: { eq_: false } } }), ['alpha', 'gamma']);
    t.deepEqual(await names({ deployments: { flow_or_deployment_name: { like_: 'ML' } } }), ['gamma']);
    t.deepEqual(await names({ flow_runs: { state: { type: { any_: ['SCHEDULED'] } } } }), ['alpha']);
    t.deepEqual(await names({ work_pools: { name: { any_: ['default-agent-pool'] } } }), ['beta']);
    t.deepEqual(await names({ work_pool_queues: { name: { startswith_: ['LEG'] } } }), ['beta']);
    t.is((await api.request('POST', '/deployments/count', { flows: { name: { any_: ['etl'] } } })).body, 2);
    const page = (await api.request('POST', '/deployments/paginate', { limit: 2, page: 2 })).body as Json;
    t.like(page, { count: 3, limit: 2, pages: 2, page: 2 });
    t.deepEqual(page['results'].map((d: Json) => d['name']), ['gamma']);
    t.deepEqual(status(await api.request('POST', '/deployments/filter', { limit: 201 })), [422, { detail: 'Invalid limit: must be less than or equal to 200.' }]);
    t.is((await api.request('POST', '/deployments/filter', { sort: 'SIDEWAYS' })).status, 422);
  } finally {
    await api.close();
  }
});

test('updates only the fields sent, hydrates parameters and enforces the parameter schema', async (t) => {
  const api = await startTestApi();
  try {
    const flowId = await aFlow(api);
    const deployment = await aDeployment(api, { name: 'd', flow_id: flowId, description: 'old', version: '1', parameters: { x: 1 }, parameter_openapi_schema: SCHEMA, concurrency_limit: 3 });
    const path = `/deployments/${deployment['id']}`;
    const patch = (body: Json) => api.request('PATCH', path, body);
    t.is((await patch({ description: 'new', tags: ['t'] })).status, 204);
    t.like((await api.request('GET', path)).body, { description: 'new', version: '1', tags: ['t'], paused: false, parameters: { x: 1 } });
    await api.request('POST', '/variables/', { name: 'answer', value: 42 });
    t.is((await patch({ parameters: { x: { __prefect_kind: 'workspace_variable', variable_name: 'answer' }, mode: { __prefect_kind: 'json', value: '"fast"' } } })).status, 204);
    t.like((await api.request('GET', path)).body, { parameters: { x: 42, mode: 'fast' } });
    t.deepEqual(status(await patch({ parameters: { x: { __prefect_kind: 'workspace_variable', variable_name: 'nope' } } })), [
      400,
      { detail: "Error hydrating deployment parameters: Variable 'nope' not found in workspace." },
    ]);
    t.deepEqual(status(await patch({ parameters: { x: 'text' } })), [409, { detail: "Error updating deployment: Validation failed for field 'x'. Failure reason: 'text' is not of type 'integer'" }]);
    t.is((await patch({ parameters: { mode: 'slow' } })).status, 204, 'required parameters are not insisted on');
    t.is((await patch({ parameters: { x: 'text' }, enforce_parameter_schema: false })).status, 204);
    t.is((await patch({ concurrency_limit: null, version: null, paused: true })).status, 204);
    t.like((await api.request('GET', path)).body, { global_concurrency_limit: null, version: null, paused: true, enforce_parameter_schema: false });
    t.deepEqual(status(await api.request('PATCH', `/deployments/${MISSING}`, { description: 'x' })), [404, { detail: 'Deployment not found.' }]);
    t.is((await patch({ paused: 'maybe' })).status, 422);
  } finally {
    await api.close();
  }
});

test('creates flow runs from a deployment: merged parameters, tags and labels, idempotency, states and checks', async (t) => {
  const api = await startTestApi();
  try {
    const flowId = await aFlow(api, 'etl', { team: 'data' });
    const deployment = await aDeployment(api, {
      name: 'd',
      flow_id: flowId,
      version: '7',
      tags: ['dep'],
      labels: { env: 'prod' },
      parameters: { x: 1, mode: 'fast' },
      parameter_openapi_schema: SCHEMA,
      job_variables: { image: 'i' },
    });
    const path = `/deployments/${deployment['id']}/create_flow_run`;
    const created = await api.request('POST', path, { parameters: { mode: 'slow' }, tags: ['run', 'dep'], labels: { k: 1 }, idempotency_key: 'once', name: 'first' });
    t.is(created.status, 201);
    const run = created.body as Json;
    t.like(run, {
      name: 'first',
      flow_id: flowId,
      deployment_id: deployment['id'],
      deployment_version: '7',
      parameters: { x: 1, mode: 'slow' },
      tags: ['dep', 'run'],
      state_type: 'SCHEDULED',
      state_name: 'Scheduled',
      idempotency_key: 'once',
      job_variables: {},
      work_queue_id: null,
      auto_scheduled: false,
    });
    t.deepEqual(run['labels'], { team: 'data', 'prefect.flow.id': flowId, env: 'prod', 'prefect.deployment.id': deployment['id'], k: 1 });
    t.is(run['next_scheduled_start_time'], run['state'].state_details.scheduled_time);

    const again = await api.request('POST', path, { idempotency_key: 'once', name: 'second' });
    t.deepEqual([again.status, (again.body as Json)['id'], (again.body as Json)['name']], [200, run['id'], 'first']);
    t.like((await api.request('POST', path, { state: { type: 'PENDING' } })).body, { state_type: 'PENDING', next_scheduled_start_time: null });

    t.deepEqual(status(await api.request('POST', path, { parameters: { x: 'one' } })), [
      409,
      { detail: "Error creating flow run: Validation failed for field 'x'. Failure reason: 'one' is not of type 'integer'" },
    ]);
    t.deepEqual(status(await api.request('POST', path, { parameters: { mode: 'medium' } })), [
      409,
      { detail: "Error creating flow run: Validation failed for field 'mode'. Failure reason: 'medium' is not one of ['fast', 'slow']" },
    ]);
    t.is((await api.request('POST', path, { parameters: { x: 'one' }, enforce_parameter_schema: false })).status, 201);
    t.deepEqual(status(await api.request('POST', path, { parameters: { x: { __prefect_kind: 'json', value: '{' } } })).slice(0, 1), [400]);
    t.deepEqual(status(await api.request('POST', path, { work_queue_name: 'q' })), [
      400,
      { detail: `Cannot create flow run in work queue q because deployment ${deployment['id']} is not associated with a work pool. Please remove work_pool_name and try again.` },
    ]);
    t.deepEqual(status(await api.request('POST', `/deployments/${MISSING}/create_flow_run`, {})), [404, { detail: 'Deployment not found' }]);
    t.is((await api.request('POST', path, { state: { type: 'NOPE' } })).status, 422);

    const noSchema = await aDeployment(api, { name: 'bare', flow_id: flowId, parameter_openapi_schema: null });
    t.deepEqual(status(await api.request('POST', `/deployments/${noSchema['id']}/create_flow_run`, {})), [
      409,
      { detail: 'Error updating deployment: Cannot update parameters because parameter schema enforcement is enabled and the deployment does not have a valid parameter schema.' },
    ]);
  } finally {
    await api.close();
  }
});

test('runners poll for due scheduled runs, in start order, and polling makes deployments READY', async (t) => {
  const api = await startTestApi();
  try {
    const flowId = await aFlow(api);
    const a = await aDeployment(api, { name: 'a', flow_id: flowId });
    const b = await aDeployment(api, { name: 'b', flow_id: flowId });
    const schedule = (id: string, when: string, name: string) =>
      api.request('POST', `/deployments/${id}/create_flow_run`, { name, state: { type: 'SCHEDULED', state_details: { scheduled_time: when } } });
    await schedule(a['id'], '2030-01-01T00:00:02Z', 'late');
    await schedule(b['id'], '2030-01-01T00:00:01Z', 'early');
    await schedule(a['id'], '2099-01-01T00:00:00Z', 'far');
    await api.request('POST', `/deployments/${a['id']}/create_flow_run`, { name: 'pending', state: { type: 'PENDING' } });
    const poll = async (body: Json) => ((await api.request('POST', '/deployments/get_scheduled_flow_runs', body)).body as Json[]).map((r) => r['name']);
    t.deepEqual(await poll({ deployment_ids: [a['id'], b['id']], scheduled_before: '2031-01-01T00:00:00Z' }), ['early', 'late']);
    t.deepEqual(await poll({ deployment_ids: [a['id'], b['id']], limit: 1 }), ['early']);
    t.deepEqual(await poll({ deployment_ids: [a['id']] }), ['late', 'far']);
    t.deepEqual(await poll({ deployment_ids: [] }), []);
    const polled = (await api.request('GET', `/deployments/${a['id']}`)).body as Json;
    t.is(polled['status'], 'READY');
    t.truthy(polled['last_polled']);
    t.is(polled['updated'], a['updated']);
    t.is((await api.request('POST', '/deployments/get_scheduled_flow_runs', {})).status, 422);
  } finally {
    await api.close();
  }
});

test('pausing sets paused and drops auto-scheduled runs; resuming clears it; deleting removes scheduled runs', async (t) => {
  const api = await startTestApi();
  try {
    const flowId = await aFlow(api);
    const deployment = await aDeployment(api, { name: 'd', flow_id: flowId });
    const { flowRuns } = api.handle.db.repositories;
    const scheduled = { type: 'SCHEDULED' as const, name: 'Scheduled', timestamp: nowTimestamp() };
    const auto = await flowRuns.create({ flow_id: flowId, name: 'auto', deployment_id: deployment['id'], auto_scheduled: true }, scheduled);
    const manual = await flowRuns.create({ flow_id: flowId, name: 'manual', deployment_id: deployment['id'] }, scheduled);
    t.deepEqual(status(await api.request('POST', `/deployments/${deployment['id']}/pause_deployment`)), [200, null]);
    t.is(((await api.request('GET', `/deployments/${deployment['id']}`)).body as Json)['paused'], true);
    t.is(await flowRuns.read(auto.run.id), null);
    t.not(await flowRuns.read(manual.run.id), null);
    t.deepEqual(status(await api.request('POST', `/deployments/${deployment['id']}/resume_deployment`)), [200, null]);
    t.is(((await api.request('GET', `/deployments/${deployment['id']}`)).body as Json)['paused'], false);
    t.deepEqual(status(await api.request('POST', `/deployments/${MISSING}/pause_deployment`)), [404, { detail: 'Deployment not found' }]);
    t.deepEqual(status(await api.request('POST', `/deployments/${MISSING}/resume_deployment`)), [404, { detail: 'Deployment not found' }]);

    t.is((await api.request('DELETE', `/deployments/${deployment['id']}`)).status, 204);
    t.is(await flowRuns.read(manual.run.id), null);
    t.deepEqual(status(await api.request('DELETE', `/deployments/${deployment['id']}`)), [404, { detail: 'Deployment not found' }]);
    const other = await aDeployment(api, { name: 'other', flow_id: flowId });
    t.is((await api.request('DELETE', `/flows/${flowId}`)).status, 204);
    t.is((await api.request('GET', `/deployments/${other['id']}`)).status, 404);
  } finally {
    await api.close();
  }
});
