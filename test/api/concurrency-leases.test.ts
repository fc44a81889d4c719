// Deployment concurrency through HTTP: a 3.9.1 client (known by its User-Agent) takes a
// slot with its PENDING proposal, renews the lease at /v2/concurrency_limits/leases/{id}/renew
// and gives the slot back when the run finishes; Prefect's status codes and bodies.
import test from 'ava';
import { addSeconds, nowTimestamp } from '@prefect-server-ts/storage';
import { startTestApi, type TestApi } from '../helpers/api-server.ts';

type Json = Record<string, any>;
const CLIENT = { 'user-agent': 'prefect/3.9.1 (API 0.8.4)', 'x-prefect-api-version': '0.8.4' };
const MISSING = '00000000-0000-4000-8000-000000000000';
const renewPath = (id: string) => `/v2/concurrency_limits/leases/${id}/renew`;

async function limitedDeployment(api: TestApi, options: Json | null = null): Promise<string> {
  const flow = (await api.request('POST', '/flows/', { name: 'limited' })).body as Json;
  const body = { name: 'one-at-a-time', flow_id: flow['id'], concurrency_limit: 1, ...(options ? { concurrency_options: options } : {}) };
  const deployment = await api.request('POST', '/deployments/', body);
  if (deployment.status !== 201) throw new Error(`deployment not created: ${JSON.stringify(deployment.body)}`);
  return (deployment.body as Json)['id'];
}

async function aRun(api: TestApi, deploymentId: string): Promise<string> {
  return ((await api.request('POST', `/deployments/${deploymentId}/create_flow_run`, {})).body as Json)['id'];
}

const propose = (api: TestApi, runId: string, state: Json, headers: Record<string, string> = CLIENT) =>
  api.request('POST', `/flow_runs/${runId}/set_state`, { state }, headers);

const activeSlots = async (api: TestApi, deploymentId: string) =>
  ((await api.request('GET', `/deployments/${deploymentId}`)).body as Json)['global_concurrency_limit']['active_slots'];

test('A 3.9.1 client takes the slot, renews its lease, and gives the slot back when the run completes', async (t) => {
  const api = await startTestApi();
  try {
    const deploymentId = await limitedDeployment(api);
    const first = await aRun(api, deploymentId);
    const second = await aRun(api, deploymentId);

    const pending = await propose(api, first, { type: 'PENDING' });
    t.is(pending.status, 201);
    t.is((pending.body as Json)['status'], 'ACCEPT');
    const leaseId = (pending.body as Json)['state']['state_details']['deployment_concurrency_lease_id'];
    t.regex(leaseId, /^[0-9a-f-]{36}$/);
    t.is(await activeSlots(api, deploymentId), 1);

    const waiting = (await propose(api, second, { type: 'PENDING' })).body as Json;
    t.is(waiting['status'], 'REJECT');
    t.deepEqual(waiting['details'], { type: 'reject_details', reason: 'Deployment concurrency limit reached.' });
    t.like(waiting['state'], { type: 'SCHEDULED', name: 'AwaitingConcurrencySlot' });

    const before = nowTimestamp();
    const renewed = await api.request('POST', renewPath(leaseId), { lease_duration: 600 });
    t.deepEqual([renewed.status, renewed.body], [204, '']);
    const lease = (await api.handle.db.repositories.concurrencyLeases.read(leaseId))!;
    t.true(lease.expiration >= addSeconds(before, 600) && lease.expiration <= addSeconds(nowTimestamp(), 600));
    // Without a body, the lease is renewed for Prefect's default of 300 seconds.
    t.is((await api.request('POST', renewPath(leaseId))).status, 204);
    t.true((await api.handle.db.repositories.concurrencyLeases.read(leaseId))!.expiration <= addSeconds(nowTimestamp(), 300));

    for (const type of ['RUNNING', 'COMPLETED']) t.is(((await propose(api, first, { type })).body as Json)['status'], 'ACCEPT');
    t.is(await activeSlots(api, deploymentId), 0);
    t.deepEqual(await api.request('POST', renewPath(leaseId), { lease_duration: 300 }).then((r) => [r.status, r.body]), [
      410,
      { detail: 'Lease not found - it may have expired or been revoked' },
    ]);
    t.is(((await propose(api, second, { type: 'PENDING' })).body as Json)['status'], 'ACCEPT');
  } finally {
    await api.close();
  }
});

test('CANCEL_NEW cancels the second run; a client without a Prefect User-Agent loses its lease at RUNNING', async (t) => {
  const api = await startTestApi('sqlite-file', { PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS: '5' });
  try {
    const deploymentId = await limitedDeployment(api, { collision_strategy: 'CANCEL_NEW' });
    const first = await aRun(api, deploymentId);
    const leaseId = ((await propose(api, first, { type: 'PENDING' }, {})).body as Json)['state']['state_details']['deployment_concurrency_lease_id'];
    const cancelled = (await propose(api, await aRun(api, deploymentId), { type: 'PENDING' })).body as Json;
    t.like(cancelled['state'], { type: 'CANCELLED', message: 'Deployment concurrency limit reached.' });

    t.is(((await propose(api, first, { type: 'RUNNING' }, { 'user-agent': 'python-httpx/0.28' })).body as Json)['status'], 'ACCEPT');
    t.is((await api.request('POST', renewPath(leaseId))).status, 410);
    t.is(await activeSlots(api, deploymentId), 1);
  } finally {
    await api.close();
  }
});

test('PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS sets when a waiting run is tried again', async (t) => {
  const api = await startTestApi('sqlite-file', { PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS: '5' });
  try {
    const deploymentId = await limitedDeployment(api);
    await propose(api, await aRun(api, deploymentId), { type: 'PENDING' });
    const before = nowTimestamp();
    const waiting = (await propose(api, await aRun(api, deploymentId), { type: 'PENDING' })).body as Json;
    const retryAt: string = waiting['state']['state_details']['scheduled_time'];
    t.true(new Date(retryAt).getTime() >= new Date(addSeconds(before, 5)).getTime() - 1);
    t.true(new Date(retryAt).getTime() <= new Date(addSeconds(nowTimestamp(), 5)).getTime() + 1);
  } finally {
    await api.close();
  }
});

test('Renewal answers Prefect\'s 410 for an unknown lease and its 422 bodies for bad input', async (t) => {
  const api = await startTestApi();
  try {
    const gone = await api.request('POST', renewPath(MISSING), { lease_duration: 60 });
    t.deepEqual([gone.status, gone.body], [410, { detail: 'Lease not found - it may have expired or been revoked' }]);
    t.is((await api.request('POST', renewPath(MISSING), 'null')).status, 410);
    // Lax numbers, as pydantic reads them; null takes the default.
    for (const lease_duration of ['120', ' 1e3 ', null]) t.is((await api.request('POST', renewPath(MISSING), { lease_duration })).status, 410);

    const badId = await api.request('POST', renewPath('not-a-uuid'));
    t.is(badId.status, 422);
    t.like(badId.body, { exception_message: 'Invalid request received.', exception_detail: [{ type: 'uuid_parsing', loc: ['path', 'lease_id'], input: 'not-a-uuid' }] });

    const short = await api.request('POST', renewPath(MISSING), { lease_duration: 10 });
    t.deepEqual(short.body, {
      exception_message: 'Invalid request received.',
      exception_detail: [
        { type: 'greater_than_equal', loc: ['body', 'lease_duration'], msg: 'Input should be greater than or equal to 60', input: 10, ctx: { ge: 60.0 } },
      ],
      request_body: { lease_duration: 10 },
    });
    const long = await api.request('POST', renewPath(MISSING), { lease_duration: 100_000 });
    t.like(long.body, { exception_detail: [{ type: 'less_than_equal', loc: ['body', 'lease_duration'], msg: 'Input should be less than or equal to 86400' }] });
    const text = await api.request('POST', renewPath(MISSING), { lease_duration: 'x' });
    t.like(text.body, {
      exception_detail: [{ type: 'float_parsing', loc: ['body', 'lease_duration'], msg: 'Input should be a valid number, unable to parse string as a number', input: 'x' }],
    });
  } finally {
    await api.close();
  }
});

test('The renewal route is in the OpenAPI document as Prefect describes it', async (t) => {
  const api = await startTestApi();
  try {
    const document = (await api.request('GET', '/openapi.json')).body as Json;
    const operation = document['paths']['/v2/concurrency_limits/leases/{lease_id}/renew']['post'];
    t.is(operation['summary'], 'Renew Concurrency Lease');
    t.deepEqual(operation['tags'], ['Concurrency Limits V2']);
    t.truthy(operation['responses']['204']);
    const body = document['components']['schemas']['Body_renew_concurrency_lease_v2_concurrency_limits_leases__lease_id__renew_post'];
    t.like(body['properties']['lease_duration'], { type: 'number', minimum: 60, maximum: 86400, default: 300 });
  } finally {
    await api.close();
  }
});
