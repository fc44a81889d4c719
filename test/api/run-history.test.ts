// /flow_runs/history, /task_runs/history and /flow_runs/lateness through HTTP.
import test from 'ava';
import { startTestApi } from '../helpers/api-server.ts';

test('answers flow run history in Prefect\'s interval shape, capped intervals included', async (t) => {
  const api = await startTestApi();
  try {
    const flow = (await api.request('POST', '/flows/', { name: 'f' })).body as { id: string };
    for (const [minute, type] of [[0, 'COMPLETED'], [1, 'FAILED'], [1, 'FAILED']] as const) {
      // A scheduled state's scheduled_time becomes the run's expected start.
      const created = await api.request('POST', '/flow_runs/', {
        flow_id: flow.id,
        state: { type: 'SCHEDULED', state_details: { scheduled_time: `2026-01-01T00:0${minute}:30Z` } },
      });
      t.is(created.status, 201, JSON.stringify(created.body));
      const run = created.body as { id: string; expected_start_time: string };
      t.is(run.expected_start_time, `2026-01-01T00:0${minute}:30.000000Z`);
      const set = await api.request('POST', `/flow_runs/${run.id}/set_state`, { state: { type }, force: true });
      t.is((set.body as { status: string }).status, 'ACCEPT');
    }
    const history = await api.request('POST', '/flow_runs/history', {
      history_start: '2026-01-01T00:00:00Z',
      history_end: '2026-01-01T00:02:30Z',
      history_interval_seconds: 60,
    });
    t.is(history.status, 200);
    const intervals = history.body as { interval_start: string; interval_end: string; states: { state_type: string; count_runs: number }[] }[];
    t.deepEqual(intervals.map((i) => [i.interval_start, i.interval_end]), [
      ['2026-01-01T00:00:00.000000Z', '2026-01-01T00:01:00.000000Z'],
      ['2026-01-01T00:01:00.000000Z', '2026-01-01T00:02:00.000000Z'],
      ['2026-01-01T00:02:00.000000Z', '2026-01-01T00:03:00.000000Z'],
    ]);
    t.deepEqual(intervals.map((i) => i.states.map((s) => [s.state_type, s.count_runs])), [[['COMPLETED', 1]], [['FAILED', 2]], []]);
    const tooSmall = await api.request('POST', '/flow_runs/history', { history_start: '2026-01-01T00:00:00Z', history_end: '2026-01-01T00:01:00Z', history_interval_seconds: 0.5 });
    t.deepEqual([tooSmall.status, tooSmall.body], [422, { detail: 'History interval must not be less than 1 second.' }]);
    const many = await api.request('POST', '/task_runs/history', { history_start: '2026-01-01T00:00:00Z', history_end: '2026-01-02T00:00:00Z', history_interval_seconds: 1 });
    t.is((many.body as unknown[]).length, 500);
    t.is(typeof (await api.request('POST', '/flow_runs/lateness', {})).body, 'number');
  } finally {
    await api.close();
  }
});
