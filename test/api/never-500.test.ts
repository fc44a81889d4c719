// Whatever a client sends, the answer is never a 500: every documented operation gets
// malformed bodies, wrong types, unknown ids and garbage paths.
import test from 'ava';
import { startTestApi } from '../helpers/api-server.ts';

const BODIES: unknown[] = [
  undefined,
  null,
  [],
  'text',
  42,
  {},
  { limit: -1, offset: -5 },
  { limit: 1e12 },
  { name: '', flow_id: 'not-a-uuid', state: { type: 'NOPE' } },
  { flow_id: '00000000-0000-4000-8000-000000000000', name: 'orphan' },
  { state: { type: 'RUNNING' }, force: 'yes' },
  { flows: { id: { any_: ['x'] } }, sort: 'SIDEWAYS' },
  { flow_runs: { start_time: { after_: 'yesterday' } } },
  { history_start: 'x', history_end: 1, history_interval_seconds: -1 },
  [{ name: 'l', level: 'high', message: null, timestamp: 'never' }],
  { filter: { occurred: { since: 'x' } }, limit: 500 },
  { name: 'A Bad Name!', value: { deep: [1, { x: 'y'.repeat(6000) }] } },
  { schedules: [{ schedule: { interval: 'P' } }, { schedule: { cron: 5 } }, { schedule: { rrule: 'FREQ=' }, slug: null }], concurrency_limit: 0 },
  [{ schedule: { interval: 1e308, anchor_date: '99999-01-01' } }, { schedule: { rrule: 'DTSTART:x\nRRULE:FREQ=DAILY', timezone: '' } }],
  { enforce_parameter_schema: true, parameter_openapi_schema: { $ref: '#' }, parameters: { a: 1 } },
  { parameter_openapi_schema: { properties: { x: { $ref: '#/nowhere' } } }, parameters: { x: { __prefect_kind: 'json', value: '{' } } },
  { parameters: { x: { __prefect_kind: 'workspace_variable', variable_name: { __prefect_kind: 'none' } } }, work_pool_name: null, job_variables: null },
  { schedules: [{ slug: 'a', replaces: 'b' }, { slug: 'b', replaces: 'b', schedule: null }], work_queue_name: '' },
  { deployment_ids: ['x', null], scheduled_before: 'never', limit: null },
];

const ID_VALUES = ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '%20', 'x'.repeat(300)];

test('no documented operation answers a 500 to malformed input', async (t) => {
  const api = await startTestApi();
  try {
    const doc = (await api.request('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    // One real deployment, so that deployment routes get past their existence checks.
    const flow = (await api.request('POST', '/flows/', { name: 'never-500' })).body as { id: string };
    const deployment = (await api.request('POST', '/deployments/', { name: 'd', flow_id: flow.id, parameter_openapi_schema: { $ref: '#' } })).body as { id: string };
    const failures: string[] = [];
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        // Deleting the real deployment would leave the routes after it nothing to reach.
        for (const id of method === 'delete' ? ID_VALUES : [...ID_VALUES, deployment.id]) {
          const path = template.replace(/\{[^}]+\}/g, encodeURIComponent(id));
          for (const body of method === 'get' || method === 'delete' ? [undefined] : BODIES) {
            const response = await api.request(method.toUpperCase(), path, body);
            if (response.status >= 500) failures.push(`${method.toUpperCase()} ${path} ${JSON.stringify(body)?.slice(0, 80)} → ${response.status}`);
          }
        }
      }
    }
    t.deepEqual(failures, []);
    t.true(Object.keys(doc.paths).length > 30);
  } finally {
    await api.close();
  }
});
