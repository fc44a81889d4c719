// The 422 body: pydantic-style entries under exception_detail, with the request body echoed.
import test from 'ava';
import { FlowCreate, FlowRunCreate, LogCreateList, VariableCreate, flowsFilterBody, validationErrorBody } from '../../packages/schemas/src/index.ts';

function failure(schema: { safeParse(value: unknown): { success: boolean; error?: unknown } }, body: unknown) {
  const result = schema.safeParse(body);
  if (result.success) throw new Error('expected the body to be invalid');
  return result.error as Parameters<typeof validationErrorBody>[0];
}

test('a missing field and an extra field render as pydantic errors', (t) => {
  const body = { tags: ['a'], owner: 'me' };
  t.deepEqual(validationErrorBody(failure(FlowCreate, body), body, 'body'), {
    exception_message: 'Invalid request received.',
    exception_detail: [
      { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: body },
      { type: 'extra_forbidden', loc: ['body', 'owner'], msg: 'Extra inputs are not permitted', input: 'me' },
    ],
    request_body: body,
  });
});

test('wrong types, bad UUIDs and bad timestamps get their pydantic types', (t) => {
  const body = { flow_id: 'nope', name: 5, tags: 'a' };
  const detail = validationErrorBody(failure(FlowRunCreate, body), body, 'body').exception_detail;
  t.deepEqual(
    detail.map(({ type, loc, input }) => ({ type, loc, input })),
    [
      { type: 'string_type', loc: ['body', 'name'], input: 5 },
      { type: 'uuid_parsing', loc: ['body', 'flow_id'], input: 'nope' },
      { type: 'list_type', loc: ['body', 'tags'], input: 'a' },
    ],
  );
  t.is(detail[0]?.msg, 'Input should be a valid string');

  const logs = [{ name: 'x', level: 1.5, message: 'm', timestamp: 'soon' }];
  const logDetail = validationErrorBody(failure(LogCreateList, logs), logs, 'body').exception_detail;
  t.deepEqual(
    logDetail.map(({ type, loc }) => ({ type, loc })),
    [
      { type: 'int_from_float', loc: ['body', 0, 'level'] },
      { type: 'datetime_from_date_parsing', loc: ['body', 0, 'timestamp'] },
    ],
  );
});

test('pattern, length and validator failures carry pydantic messages', (t) => {
  const flow = { name: 'a/b' };
  t.deepEqual(validationErrorBody(failure(FlowCreate, flow), flow, 'body').exception_detail, [
    {
      type: 'string_pattern_mismatch',
      loc: ['body', 'name'],
      msg: "String should match pattern '^[^/%&><]+$'",
      input: 'a/b',
      ctx: { pattern: '^[^/%&><]+$' },
    },
  ]);
  const variable = { name: 'Bad', value: 1 };
  const [entry] = validationErrorBody(failure(VariableCreate, variable), variable, 'body').exception_detail;
  t.is(entry?.type, 'value_error');
  t.is(entry?.msg, 'Value error, Variable name must only contain lowercase letters, numbers, and dashes or underscores.');
});

test('an enum mismatch lists the allowed values as pydantic does', (t) => {
  const body = { sort: 'SIDEWAYS' };
  const [entry] = validationErrorBody(failure(flowsFilterBody(), body), body, 'body').exception_detail;
  t.is(entry?.type, 'enum');
  t.deepEqual(entry?.loc, ['body', 'sort']);
  t.is(entry?.msg, "Input should be 'CREATED_DESC', 'UPDATED_DESC', 'NAME_ASC' or 'NAME_DESC'");
});

test('the location prefixes every loc', (t) => {
  const params = { id: 'x' };
  const error = failure(FlowRunCreate.pick({ flow_id: true }), { flow_id: 'x' });
  const body = validationErrorBody(error, null, 'path', params);
  t.deepEqual(body.exception_detail[0]?.loc, ['path', 'flow_id']);
  t.is(body.request_body, null);
});
