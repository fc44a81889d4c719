// Serializers: storage records become Prefect JSON with exactly the OpenAPI component's
// properties, computed run-time fields included.
import test from 'ava';
import type { FlowRunRecord } from '../../packages/storage/src/port/flow-runs.ts';
import type { StateRecord } from '../../packages/storage/src/port/states.ts';
import type { TaskRunRecord } from '../../packages/storage/src/port/task-runs.ts';
import {
  FlowRunResponse,
  TaskRun,
  serializeFlow,
  serializeFlowRun,
  serializeLog,
  serializeState,
  serializeTaskRun,
  serializeVariable,
} from '../../packages/schemas/src/index.ts';

// Property lists of Prefect 3.9.1's OpenAPI components.
const FLOW_KEYS = ['id', 'created', 'updated', 'name', 'tags', 'labels'];
const FLOW_RUN_KEYS = ['id', 'created', 'updated', 'name', 'flow_id', 'state_id', 'deployment_id', 'deployment_version', 'work_queue_id', 'work_queue_name', 'flow_version', 'parameters', 'idempotency_key', 'context', 'empirical_policy', 'tags', 'labels', 'parent_task_run_id', 'state_type', 'state_name', 'run_count', 'expected_start_time', 'next_scheduled_start_time', 'start_time', 'end_time', 'total_run_time', 'estimated_run_time', 'estimated_start_time_delta', 'auto_scheduled', 'infrastructure_document_id', 'infrastructure_pid', 'created_by', 'work_pool_id', 'work_pool_name', 'state', 'job_variables'];
const TASK_RUN_KEYS = ['id', 'created', 'updated', 'name', 'flow_run_id', 'task_key', 'dynamic_key', 'cache_key', 'cache_expiration', 'task_version', 'empirical_policy', 'tags', 'labels', 'state_id', 'task_inputs', 'state_type', 'state_name', 'run_count', 'flow_run_run_count', 'expected_start_time', 'next_scheduled_start_time', 'start_time', 'end_time', 'total_run_time', 'estimated_run_time', 'estimated_start_time_delta', 'state'];
const STATE_KEYS = ['id', 'type', 'name', 'timestamp', 'message', 'data', 'state_details'];
const STATE_DETAILS_KEYS = ['flow_run_id', 'task_run_id', 'child_flow_run_id', 'scheduled_time', 'cache_key', 'cache_expiration', 'deferred', 'untrackable_result', 'pause_timeout', 'pause_reschedule', 'pause_key', 'run_input_keyset', 'refresh_cache', 'retriable', 'transition_id', 'task_parameters_id', 'traceparent', 'deployment_concurrency_lease_id'];
const LOG_KEYS = ['id', 'created', 'updated', 'name', 'level', 'message', 'timestamp', 'flow_run_id', 'task_run_id'];
const VARIABLE_KEYS = ['id', 'created', 'updated', 'name', 'value', 'tags'];
const FLOW_RUN_POLICY_KEYS = ['max_retries', 'retry_delay_seconds', 'retries', 'retry_delay', 'pause_keys', 'resuming', 'retry_type'];
const TASK_RUN_POLICY_KEYS = ['max_retries', 'retry_delay_seconds', 'retries', 'retry_delay', 'retry_jitter_factor'];

const T0 = '2026-01-01T00:00:00.000000Z';
const ID = '11111111-1111-4111-8111-111111111111';
const FLOW_ID = '22222222-2222-4222-8222-222222222222';

const state: StateRecord = {
  id: '33333333-3333-4333-8333-333333333333',
  created: T0,
  updated: T0,
  type: 'RUNNING',
  name: 'Running',
  timestamp: '2026-01-01T00:01:00.000000Z',
  message: null,
  state_details: { flow_run_id: ID, something_internal: true },
  data: null,
  result_artifact_id: null,
};

const runTiming = {
  state_id: state.id,
  state_type: 'RUNNING' as const,
  state_name: 'Running',
  state_timestamp: state.timestamp,
  run_count: 1,
  expected_start_time: T0,
  next_scheduled_start_time: null,
  start_time: '2026-01-01T00:00:30.000000Z',
  end_time: null,
  total_run_time: 5,
  state,
};

const flowRun: FlowRunRecord = {
  id: ID,
  created: T0,
  updated: T0,
  name: 'brave-otter',
  flow_id: FLOW_ID,
  deployment_id: null,
  deployment_version: null,
  work_queue_id: null,
  work_queue_name: null,
  flow_version: null,
  parameters: { x: 1 },
  idempotency_key: null,
  context: {},
  empirical_policy: { retries: 2 },
  tags: ['a'],
  labels: null,
  created_by: null,
  infrastructure_pid: null,
  infrastructure_document_id: null,
  job_variables: null,
  parent_task_run_id: null,
  auto_scheduled: false,
  ...runTiming,
};

const taskRun: TaskRunRecord = {
  id: ID,
  created: T0,
  updated: T0,
  name: 'say-hello-0',
  flow_run_id: FLOW_ID,
  task_key: 'say_hello-abc',
  dynamic_key: '0',
  cache_key: null,
  cache_expiration: null,
  task_version: null,
  flow_run_run_count: 1,
  empirical_policy: {},
  task_inputs: { x: [{ input_type: 'parameter', name: 'x' }] },
  tags: [],
  labels: { team: 'data' },
  ...runTiming,
};

const keys = (value: object) => Object.keys(value).sort();
const sorted = (list: string[]) => [...list].sort();

test('a flow serializes to exactly the Flow component properties', (t) => {
  const flow = serializeFlow({ id: FLOW_ID, created: T0, updated: T0, name: 'etl', tags: [], labels: null });
  t.deepEqual(keys(flow), sorted(FLOW_KEYS));
  t.deepEqual(flow.labels, {});
});

test('a state serializes to the State properties, with every StateDetails field', (t) => {
  const json = serializeState(state);
  t.deepEqual(keys(json), sorted(STATE_KEYS));
  t.deepEqual(keys(json.state_details), sorted(STATE_DETAILS_KEYS));
  t.is(json.state_details.flow_run_id, ID);
  t.is(json.state_details.untrackable_result, false);
});

test('a flow run serializes to exactly the FlowRunResponse properties', (t) => {
  const json = serializeFlowRun(flowRun, '2026-01-01T00:02:00.000000Z');
  t.deepEqual(keys(json), sorted(FLOW_RUN_KEYS));
  t.deepEqual(keys(json.empirical_policy), sorted(FLOW_RUN_POLICY_KEYS));
  t.is(json.empirical_policy.retries, 2);
  t.is(json.work_pool_name, null);
  t.deepEqual(json.labels, {});
  t.deepEqual(keys(json.state ?? {}), sorted(STATE_KEYS));
  t.true(FlowRunResponse.safeParse(json).success);
});

test('a running run estimates its run time up to now, in seconds', (t) => {
  const json = serializeFlowRun(flowRun, '2026-01-01T00:02:00.500000Z');
  t.is(json.estimated_run_time, 5 + 60.5);
  t.is(json.estimated_start_time_delta, 30);
});

test('a run not yet started is late by the time since its expected start', (t) => {
  const pending = { ...flowRun, state_type: 'PENDING' as const, start_time: null, state: null };
  const json = serializeFlowRun(pending, '2026-01-01T00:00:10.000000Z');
  t.is(json.estimated_run_time, 5);
  t.is(json.estimated_start_time_delta, 10);
  const finished = { ...pending, state_type: 'COMPLETED' as const };
  t.is(serializeFlowRun(finished, '2026-01-01T00:00:10.000000Z').estimated_start_time_delta, 0);
});

test('a task run serializes to exactly the TaskRun component properties', (t) => {
  const json = serializeTaskRun(taskRun, '2026-01-01T00:02:00.000000Z');
  t.deepEqual(keys(json), sorted(TASK_RUN_KEYS));
  t.deepEqual(keys(json.empirical_policy), sorted(TASK_RUN_POLICY_KEYS));
  t.deepEqual(json.labels, { team: 'data' });
  t.is(json.estimated_run_time, 65);
  t.true(TaskRun.safeParse(json).success);
});

test('a log serializes to exactly the Log component properties', (t) => {
  const log = serializeLog({
    id: ID,
    created: T0,
    updated: T0,
    name: 'prefect.flow_runs',
    level: 20,
    flow_run_id: FLOW_ID,
    task_run_id: null,
    message: 'hello',
    timestamp: T0,
  });
  t.deepEqual(keys(log), sorted(LOG_KEYS));
});

test('a variable serializes to exactly the Variable component properties', (t) => {
  const variable = serializeVariable({ id: ID, created: T0, updated: T0, name: 'cfg', value: { a: 1 }, tags: ['x'] });
  t.deepEqual(keys(variable), sorted(VARIABLE_KEYS));
  t.deepEqual(variable.value, { a: 1 });
});
