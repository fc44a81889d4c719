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
];

const ID_VALUES = ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '%20', 'x'.repeat(300)];

test('no documented operation answers a 500 to malformed input', async (t) => {
  const api = await startTestApi();
  try {
    const doc = (await api.request('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const failures: string[] = [];
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        for (const id of ID_VALUES) {
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
