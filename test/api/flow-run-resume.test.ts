// POST /flow_runs/{id}/resume: orchestrated back to RUNNING (SCHEDULED after a suspension),
// with the run input checked against the schema stored under the pause's keyset.
import test from 'ava';
import { startTestApi, type TestApi } from '../helpers/api-server.ts';

type Json = Record<string, unknown>;
interface Result {
  status: string;
  details: { type: string; reason?: string | null };
  state: { type: string; name: string; timestamp: string } | null;
}

const MISSING = '00000000-0000-4000-8000-000000000000';
const KEYSET = { description: 'paused-1-description', response: 'paused-1-response', schema: 'paused-1-schema' };
const SCHEMA = {
  title: 'Approval',
  type: 'object',
  properties: { approved: { title: 'Approved', type: 'boolean' }, note: { title: 'Note', type: 'string', default: '' } },
  required: ['approved'],
  additionalProperties: false,
};

async function aRunningFlowRun(api: TestApi, extra: Json = {}): Promise<string> {
  const flow = (await api.request('POST', '/flows/', { name: 'resumable' })).body as { id: string };
  const run = ((await api.request('POST', '/flow_runs/', { flow_id: flow.id, ...extra })).body as { id: string }).id;
  acceptedOrThrow(await api.request('POST', `/flow_runs/${run}/set_state`, { state: { type: 'RUNNING' } }));
  return run;
}

function acceptedOrThrow(response: { status: number; body: unknown }): void {
  if ((response.body as Result).status !== 'ACCEPT') throw new Error(`not accepted: ${JSON.stringify(response.body)}`);
}

async function pause(api: TestApi, run: string, details: Json, name = 'Paused'): Promise<void> {
  acceptedOrThrow(await api.request('POST', `/flow_runs/${run}/set_state`, { state: { type: 'PAUSED', name, state_details: { pause_key: '1', ...details } } }));
}

const resume = async (api: TestApi, run: string, body?: unknown) => {
  const response = await api.request('POST', `/flow_runs/${run}/resume`, body);
  return { status: response.status, result: response.body as Result };
};

const history = async (api: TestApi, run: string) =>
  ((await api.request('GET', `/flow_run_states/?flow_run_id=${run}`)).body as { type: string; name: string }[]).map((s) => `${s.type}/${s.name}`);

const inputKeys = async (api: TestApi, run: string) =>
  ((await api.request('POST', `/flow_runs/${run}/input/filter`, { prefix: '', limit: -1 })).body as { key: string }[]).map((i) => i.key);

test('a run that is not paused is not resumed; an unknown run is a 404', async (t) => {
  const api = await startTestApi();
  try {
    const run = await aRunningFlowRun(api);
    t.deepEqual(await resume(api, run, { run_input: { x: 1 } }), {
      status: 200,
      result: { state: null, status: 'ABORT', details: { type: 'abort_details', reason: 'Cannot resume a flow run that is not paused.' } },
    });
    t.deepEqual(await history(api, run), ['PENDING/Pending', 'RUNNING/Running']);
    const missing = await api.request('POST', `/flow_runs/${MISSING}/resume`);
    t.deepEqual([missing.status, missing.body], [404, { detail: 'Flow run not found' }]);
    const bad = await api.request('POST', `/flow_runs/${run}/resume`, { run_input: [1] });
    t.is(bad.status, 422);
    t.like((bad.body as { exception_detail: unknown[] }).exception_detail[0], { type: 'dict_type', loc: ['body', 'run_input'] });
  } finally {
    await api.close();
  }
});

test('a pause without input resumes to RUNNING and ignores any run input', async (t) => {
  const api = await startTestApi();
  try {
    const run = await aRunningFlowRun(api);
    await pause(api, run, {});
    const { status, result } = await resume(api, run, { run_input: { anything: 1 } });
    t.is(status, 201);
    t.like(result, { status: 'ACCEPT', details: { type: 'accept_details' }, state: { type: 'RUNNING', name: 'Running' } });
    t.deepEqual(await history(api, run), ['PENDING/Pending', 'RUNNING/Running', 'PAUSED/Paused', 'RUNNING/Running']);
    t.deepEqual(await inputKeys(api, run), []);
    const flowRun = (await api.request('GET', `/flow_runs/${run}`)).body as { empirical_policy: Json };
    t.like(flowRun.empirical_policy, { resuming: true, pause_keys: ['1'] });
  } finally {
    await api.close();
  }
});

test('a pause waiting for input refuses input until it matches the stored schema, then stores it', async (t) => {
  const api = await startTestApi();
  try {
    const run = await aRunningFlowRun(api);
    await api.request('POST', '/variables/', { name: 'reviewer_note', value: 'from a variable' });
    await pause(api, run, { run_input_keyset: KEYSET });
    const refused = async (body: unknown, reason: string) => {
      const { status, result } = await resume(api, run, body);
      t.is(status, 200, reason);
      t.is(result.status, 'REJECT', reason);
      t.deepEqual(result.details, { type: 'abort_details', reason });
      t.like(result.state, { type: 'PAUSED', name: 'Paused' });
    };
    await refused({ run_input: { approved: true } }, 'Run input schema not found.');
    await api.request('POST', `/flow_runs/${run}/input`, { key: KEYSET.schema, value: JSON.stringify(SCHEMA) });
    await refused(undefined, "Reason: Validation failed. Failure reason: 'approved' is a required property");
    await refused({ run_input: {} }, "Reason: Validation failed. Failure reason: 'approved' is a required property");
    await refused({ run_input: { approved: 'yes' } }, "Reason: Validation failed for field 'approved'. Failure reason: 'yes' is not of type 'boolean'");
    await refused({ run_input: { approved: true, other: 1 } }, "Reason: Validation failed. Failure reason: Additional properties are not allowed ('other' was unexpected)");
    await refused(
      { run_input: { approved: true, note: { __prefect_kind: 'workspace_variable', variable_name: 'nope' } } },
      "Error hydrating run input: Variable 'nope' not found in workspace.",
    );
    t.deepEqual(await history(api, run), ['PENDING/Pending', 'RUNNING/Running', 'PAUSED/Paused']);
    t.deepEqual(await inputKeys(api, run), [KEYSET.schema]);

    const { status, result } = await resume(api, run, { run_input: { approved: true, note: { __prefect_kind: 'workspace_variable', variable_name: 'reviewer_note' } } });
    t.is(status, 201);
    t.like(result, { status: 'ACCEPT', state: { type: 'RUNNING' } });
    // Stored as Prefect stores it: compact JSON of the hydrated input.
    const text = await (await fetch(`${api.api}/flow_runs/${run}/input/${KEYSET.response}`)).text();
    t.is(text, '{"approved":true,"note":"from a variable"}');
    t.deepEqual(await history(api, run), ['PENDING/Pending', 'RUNNING/Running', 'PAUSED/Paused', 'RUNNING/Running']);
    t.like(await resume(api, run, { run_input: { approved: false } }), { status: 200, result: { status: 'ABORT' } });
  } finally {
    await api.close();
  }
});

test('a stored schema that cannot validate refuses the resume', async (t) => {
  const api = await startTestApi();
  try {
    for (const [schema, reason] of [
      ['{not json', 'Run input schema is not valid JSON.'],
      [JSON.stringify({ $ref: '#' }), 'Invalid schema: Unable to validate schema with circular references.'],
      ['5', "Invalid schema: 5 is not of type 'object'"],
      [JSON.stringify({ type: 'nope' }), "Invalid schema: 'nope' is not valid under any of the given schemas"],
    ] as const) {
      const run = await aRunningFlowRun(api);
      await pause(api, run, { run_input_keyset: KEYSET });
      await api.request('POST', `/flow_runs/${run}/input`, { key: KEYSET.schema, value: schema });
      const { status, result } = await resume(api, run, { run_input: { approved: true } });
      t.deepEqual([status, result.status, result.details.reason, result.state?.type], [200, 'REJECT', reason, 'PAUSED'], schema);
    }
  } finally {
    await api.close();
  }
});

test('an empty schema takes an empty input and stores nothing; a timed-out pause fails and stores nothing', async (t) => {
  const api = await startTestApi();
  try {
    const run = await aRunningFlowRun(api);
    await pause(api, run, { run_input_keyset: KEYSET });
    await api.request('POST', `/flow_runs/${run}/input`, { key: KEYSET.schema, value: '{}' });
    t.like(await resume(api, run, { run_input: {} }), { status: 201, result: { status: 'ACCEPT', state: { type: 'RUNNING' } } });
    t.deepEqual(await inputKeys(api, run), [KEYSET.schema]);

    const late = await aRunningFlowRun(api);
    await pause(api, late, { run_input_keyset: KEYSET, pause_timeout: new Date(Date.now() + 300).toISOString() });
    await api.request('POST', `/flow_runs/${late}/input`, { key: KEYSET.schema, value: '{}' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const { status, result } = await resume(api, late, { run_input: { a: 1 } });
    t.is(status, 201);
    t.like(result, { status: 'REJECT', details: { type: 'reject_details', reason: 'The flow run pause has timed out and can no longer resume.' }, state: { type: 'FAILED' } });
    t.deepEqual(await inputKeys(api, late), [KEYSET.schema]);
  } finally {
    await api.close();
  }
});

test('a suspended run of a deployment resumes to SCHEDULED "Resuming" with its input stored', async (t) => {
  const api = await startTestApi();
  try {
    const flow = (await api.request('POST', '/flows/', { name: 'suspendable' })).body as { id: string };
    const deployment = (await api.request('POST', '/deployments/', { name: 'd', flow_id: flow.id })).body as { id: string };
    const run = await aRunningFlowRun(api, { deployment_id: deployment.id });
    const keyset = { description: 'suspended-1-description', response: 'suspended-1-response', schema: 'suspended-1-schema' };
    await pause(api, run, { run_input_keyset: keyset, pause_reschedule: true }, 'Suspended');
    await api.request('POST', `/flow_runs/${run}/input`, { key: keyset.schema, value: JSON.stringify({ type: 'object', properties: { value: { type: 'integer' } } }) });
    const { status, result } = await resume(api, run, { run_input: { value: 3 } });
    t.is(status, 201);
    t.like(result, { status: 'ACCEPT', state: { type: 'SCHEDULED', name: 'Resuming' } });
    t.deepEqual(await inputKeys(api, run), [keyset.schema, keyset.response]);
    t.deepEqual(await history(api, run), ['PENDING/Pending', 'RUNNING/Running', 'PAUSED/Suspended', 'SCHEDULED/Resuming']);
  } finally {
    await api.close();
  }
});

for (const dialect of ['postgres', 'sqlite-file'] as const) {
  test(`of racing resumes of one paused run exactly one moves it and stores its input (${dialect})`, async (t) => {
    const api = await startTestApi(dialect);
    try {
      const run = await aRunningFlowRun(api);
      await pause(api, run, { run_input_keyset: KEYSET });
      await api.request('POST', `/flow_runs/${run}/input`, { key: KEYSET.schema, value: JSON.stringify(SCHEMA) });
      const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => resume(api, run, { run_input: { approved: true, note: String(i) } })));
      const accepted = outcomes.filter((o) => o.result.status === 'ACCEPT');
      const aborted = outcomes.filter((o) => o.result.status === 'ABORT');
      t.is(accepted.length, 1);
      t.is(aborted.length, 5);
      t.true(accepted.every((o) => o.status === 201));
      t.deepEqual(await history(api, run), ['PENDING/Pending', 'RUNNING/Running', 'PAUSED/Paused', 'RUNNING/Running']);
      t.deepEqual(await inputKeys(api, run), [KEYSET.schema, KEYSET.response]);
      const winner = outcomes.indexOf(accepted[0]!);
      t.is(await (await fetch(`${api.api}/flow_runs/${run}/input/${KEYSET.response}`)).text(), `{"approved":true,"note":"${winner}"}`);
    } finally {
      await api.close();
    }
  });
}
