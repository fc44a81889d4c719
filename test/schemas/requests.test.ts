// Request bodies: valid ones parse with Prefect's defaults, invalid ones are rejected.
import test from 'ava';
import {
  FlowCreate,
  FlowRunCreate,
  FlowRunUpdate,
  FlowUpdate,
  LogCreateList,
  SetStateBody,
  StateCreate,
  TaskRunCreate,
  TaskRunUpdate,
  VariableCreate,
  VariableUpdate,
} from '../../packages/schemas/src/index.ts';

const FLOW_ID = '5a0c4bbe-3b4c-4c5e-9e4f-2d2b6c1d2e3f';

test('a flow needs only a name; tags and labels default to empty', (t) => {
  t.deepEqual(FlowCreate.parse({ name: 'etl' }), { name: 'etl', tags: [], labels: {} });
});

test('flow names with a slash, percent, ampersand or angle bracket are rejected', (t) => {
  for (const name of ['a/b', 'a%b', 'a&b', 'a>b', 'a<b', '']) t.false(FlowCreate.safeParse({ name }).success, name);
});

test('unknown keys are forbidden in flow create and update bodies', (t) => {
  t.false(FlowCreate.safeParse({ name: 'etl', owner: 'me' }).success);
  t.false(FlowUpdate.safeParse({ name: 'renamed' }).success);
  t.deepEqual(FlowUpdate.parse({}), {});
});

test('a flow run body gets a generated name, empty collections and the default policy', (t) => {
  const run = FlowRunCreate.parse({ flow_id: FLOW_ID.toUpperCase() });
  t.is(run.flow_id, FLOW_ID);
  t.regex(run.name, /^[a-z]+-[a-z]+$/);
  t.deepEqual(run.parameters, {});
  t.deepEqual(run.context, {});
  t.deepEqual(run.tags, []);
  t.deepEqual(run.labels, {});
  t.is(run.state, null);
  t.is(run.work_pool_name, null);
  t.is(run.job_variables, null);
  t.deepEqual(run.empirical_policy, {
    max_retries: 0,
    retry_delay_seconds: 0,
    retries: null,
    retry_delay: null,
    pause_keys: [],
    resuming: false,
    retry_type: null,
  });
});

test('deprecated retry fields populate retries and retry_delay', (t) => {
  const run = FlowRunCreate.parse({ flow_id: FLOW_ID, empirical_policy: { max_retries: 3, retry_delay_seconds: 10 } });
  t.is(run.empirical_policy.retries, 3);
  t.is(run.empirical_policy.retry_delay, 10);
});

test('a flow run body without a flow id or with a bad one is rejected', (t) => {
  t.false(FlowRunCreate.safeParse({}).success);
  t.false(FlowRunCreate.safeParse({ flow_id: 'nope' }).success);
  t.false(FlowRunCreate.safeParse({ flow_id: FLOW_ID, surprise: 1 }).success);
});

test('flow run parameters over the size limit are rejected', (t) => {
  t.false(FlowRunCreate.safeParse({ flow_id: FLOW_ID, parameters: { big: 'x'.repeat(524_288) } }).success);
});

test('a flow run update keeps only the fields that were sent', (t) => {
  t.deepEqual(FlowRunUpdate.parse({ tags: ['a'] }), { tags: ['a'] });
  t.regex(FlowRunUpdate.parse({ name: null }).name ?? '', /^[a-z]+-[a-z]+$/);
  t.false(FlowRunUpdate.safeParse({ labels: {} }).success);
});

test('a state body gets its name from its type and empty details', (t) => {
  const state = StateCreate.parse({ type: 'COMPLETED' });
  t.is(state.name, 'Completed');
  t.is(state.message, null);
  t.is(state.data, null);
  t.is(state.state_details.untrackable_result, false);
  t.is(state.state_details.deferred, false);
  t.is(state.state_details.flow_run_id, null);
});

test('a scheduled state without a scheduled time is scheduled for now', (t) => {
  const state = StateCreate.parse({ type: 'SCHEDULED', name: 'Late' });
  t.is(state.name, 'Late');
  t.regex(state.state_details.scheduled_time ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  const given = StateCreate.parse({ type: 'SCHEDULED', state_details: { scheduled_time: '2030-01-01T00:00:00+01:00' } });
  t.is(given.state_details.scheduled_time, '2029-12-31T23:00:00.000000Z');
});

test('a state of an unknown type or with extra keys is rejected', (t) => {
  t.false(StateCreate.safeParse({ type: 'DONE' }).success);
  t.false(StateCreate.safeParse({ type: 'RUNNING', timestamp: '2026-01-01T00:00:00Z' }).success);
});

test('the set_state body defaults force to false', (t) => {
  const body = SetStateBody.parse({ state: { type: 'RUNNING' } });
  t.false(body.force);
  t.is(body.state.name, 'Running');
  t.false(SetStateBody.safeParse({ force: true }).success);
});

test('a task run body fills Prefect defaults and keeps its task inputs', (t) => {
  const run = TaskRunCreate.parse({
    task_key: 'say_hello-abc',
    dynamic_key: '0',
    task_inputs: { x: [{ input_type: 'parameter', name: 'x' }], y: [{ id: FLOW_ID }] },
  });
  t.is(run.id, null);
  t.is(run.flow_run_id, null);
  t.is(run.cache_key, null);
  t.deepEqual(run.empirical_policy, {
    max_retries: 0,
    retry_delay_seconds: 0,
    retries: null,
    retry_delay: null,
    retry_jitter_factor: null,
  });
  t.deepEqual(run.task_inputs, {
    x: [{ input_type: 'parameter', name: 'x' }],
    y: [{ input_type: 'task_run', id: FLOW_ID }],
  });
});

test('task run bodies enforce the cache key length, retry delays and jitter rules', (t) => {
  const base = { task_key: 'k', dynamic_key: '0' };
  t.false(TaskRunCreate.safeParse({ ...base, cache_key: 'k'.repeat(2001) }).success);
  t.false(TaskRunCreate.safeParse({ ...base, empirical_policy: { retry_delay: Array(51).fill(1) } }).success);
  t.false(TaskRunCreate.safeParse({ ...base, empirical_policy: { retry_jitter_factor: -1 } }).success);
  t.false(TaskRunCreate.safeParse({ task_key: 'k' }).success);
  t.true(TaskRunCreate.safeParse({ ...base, empirical_policy: { retry_delay: [1, 2.5] } }).success);
});

test('a task run update accepts only a name', (t) => {
  t.deepEqual(TaskRunUpdate.parse({ name: 'renamed' }), { name: 'renamed' });
  t.false(TaskRunUpdate.safeParse({ tags: [] }).success);
});

test('logs are a list of strict log bodies with canonical timestamps', (t) => {
  const [log] = LogCreateList.parse([{ name: 'prefect', level: 20, message: 'hi', timestamp: '2026-01-01T00:00:00Z' }]);
  t.deepEqual(log, {
    name: 'prefect',
    level: 20,
    message: 'hi',
    timestamp: '2026-01-01T00:00:00.000000Z',
    flow_run_id: null,
    task_run_id: null,
  });
  t.false(LogCreateList.safeParse([{ name: 'p', level: 'INFO', message: 'hi', timestamp: '2026-01-01T00:00:00Z' }]).success);
  t.false(LogCreateList.safeParse({ name: 'p' }).success);
});

test('a variable needs a lower-case name and a value, which may be null', (t) => {
  t.deepEqual(VariableCreate.parse({ name: 'my_var-1', value: null }), { name: 'my_var-1', value: null, tags: [] });
  t.deepEqual(VariableCreate.parse({ name: 'cfg', value: { a: [1, 2] } }).value, { a: [1, 2] });
  t.false(VariableCreate.safeParse({ name: 'My Var', value: 1 }).success);
  t.false(VariableCreate.safeParse({ name: 'v'.repeat(256), value: 1 }).success);
  t.false(VariableCreate.safeParse({ name: 'v' }).success);
  t.false(VariableCreate.safeParse({ name: 'v', value: 'x'.repeat(5000) }).success);
});

test('a variable update keeps only the fields that were sent', (t) => {
  t.deepEqual(VariableUpdate.parse({ value: 3 }), { value: 3 });
  t.deepEqual(VariableUpdate.parse({ tags: null }), { tags: null });
  t.false(VariableUpdate.safeParse({ name: 'Bad Name' }).success);
});
