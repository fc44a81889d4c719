// Filter bodies: nested operator objects, Prefect's defaults, and the limit bounds.
import test from 'ava';
import {
  FlowFilter,
  FlowRunFilter,
  FlowRunsCountBody,
  FlowRunsHistoryBody,
  LogFilter,
  TaskRunFilter,
  VariablesCountBody,
  flowRunsFilterBody,
  flowsFilterBody,
  flowsPaginateBody,
  httpExceptionDetail,
  limitSchema,
  logsFilterBody,
  taskRunsFilterBody,
  variablesFilterBody,
} from '../../packages/schemas/src/index.ts';

const ID = '44444444-4444-4444-8444-444444444444';

test('an empty flows filter body gets offset 0, NAME_ASC and the default limit', (t) => {
  t.deepEqual(flowsFilterBody(200).parse({}), {
    offset: 0,
    flows: null,
    flow_runs: null,
    task_runs: null,
    deployments: null,
    work_pools: null,
    sort: 'NAME_ASC',
    limit: 200,
  });
});

test('null body fields mean their defaults, as FastAPI treats them', (t) => {
  const body = flowRunsFilterBody(50).parse({ sort: null, offset: null, limit: null, flows: null });
  t.is(body.sort, 'ID_DESC');
  t.is(body.offset, 0);
  t.is(body.limit, 50);
  t.is(body.work_pool_queues, null);
});

test('a limit above the configured default or below zero is rejected with Prefect\'s detail', (t) => {
  const over = flowsFilterBody(200).safeParse({ limit: 201 });
  t.false(over.success);
  if (!over.success) t.is(httpExceptionDetail(over.error), 'Invalid limit: must be less than or equal to 200.');
  const under = limitSchema(10).safeParse(-1);
  t.false(under.success);
  if (!under.success) t.is(httpExceptionDetail(under.error), 'Invalid limit: must be greater than or equal to 0.');
  t.is(limitSchema(10).parse(10), 10);
  t.is(limitSchema(10).parse(0), 0);
});

test('a negative offset and a page below one are rejected', (t) => {
  t.false(flowsFilterBody().safeParse({ offset: -1 }).success);
  t.false(flowsPaginateBody().safeParse({ page: 0 }).success);
  t.is(flowsPaginateBody().parse({}).page, 1);
});

test('nested flow run criteria parse with operator and_ and null defaults', (t) => {
  const filter = FlowRunFilter.parse({
    id: { any_: [ID.toUpperCase()] },
    state: { type: { any_: ['RUNNING', 'PENDING'] } },
    start_time: { after_: '2026-01-01T00:00:00+01:00' },
    tags: { all_: ['a'] },
  });
  t.is(filter.operator, 'and_');
  t.deepEqual(filter.id, { any_: [ID], not_any_: null });
  t.deepEqual(filter.state, { operator: 'and_', type: { any_: ['RUNNING', 'PENDING'], not_any_: null }, name: null });
  t.deepEqual(filter.start_time, { before_: null, after_: '2025-12-31T23:00:00.000000Z', is_null_: null });
  t.deepEqual(filter.tags, { operator: 'and_', all_: ['a'], any_: null, is_null_: null });
  t.is(filter.parent_task_run_id, null);
});

test('filters reject unknown operators, unknown criteria and bad state types', (t) => {
  t.false(FlowFilter.safeParse({ operator: 'xor_' }).success);
  t.false(FlowFilter.safeParse({ name: { startswith_: ['x'] } }).success);
  t.false(FlowFilter.safeParse({ colour: 'red' }).success);
  t.false(TaskRunFilter.safeParse({ state: { type: { any_: ['DONE'] } } }).success);
});

test('the task run flow_run_id criterion defaults is_null_ to false', (t) => {
  t.deepEqual(TaskRunFilter.parse({ flow_run_id: {} }).flow_run_id, { operator: 'and_', any_: null, is_null_: false });
  t.deepEqual(taskRunsFilterBody().parse({}).sort, 'ID_DESC');
});

test('log filters bound the text query and default to ascending timestamps', (t) => {
  t.false(LogFilter.safeParse({ text: { query: 'x'.repeat(201) } }).success);
  t.deepEqual(LogFilter.parse({ level: { ge_: 20 } }).level, { ge_: 20, le_: null });
  t.is(logsFilterBody().parse({}).sort, 'TIMESTAMP_ASC');
});

test('variable filter and count bodies take a variables filter', (t) => {
  const body = variablesFilterBody(5).parse({ variables: { name: { like_: 'cfg' } } });
  t.is(body.sort, 'NAME_ASC');
  t.is(body.limit, 5);
  t.deepEqual(body.variables?.name, { any_: null, like_: 'cfg' });
  t.deepEqual(VariablesCountBody.parse({}), { variables: null });
});

test('count bodies ignore unknown keys and take every filter the endpoint lists', (t) => {
  t.deepEqual(Object.keys(FlowRunsCountBody.parse({ extra: 1 })).sort(), [
    'deployments',
    'flow_runs',
    'flows',
    'task_runs',
    'work_pool_queues',
    'work_pools',
  ]);
});

test('the history body needs a range and an interval of at least a second', (t) => {
  const body = FlowRunsHistoryBody.parse({
    history_start: '2026-01-01T00:00:00Z',
    history_end: '2026-01-02T00:00:00Z',
    history_interval_seconds: 3600,
  });
  t.is(body.history_start, '2026-01-01T00:00:00.000000Z');
  t.is(body.work_queues, null);
  const short = FlowRunsHistoryBody.safeParse({ ...body, history_interval_seconds: 0.5 });
  t.false(short.success);
  if (!short.success) t.is(httpExceptionDetail(short.error), 'History interval must not be less than 1 second.');
  t.false(FlowRunsHistoryBody.safeParse({ history_start: '2026-01-01T00:00:00Z' }).success);
});
