// Contract: run history buckets runs by expected start and state; lateness averages delays.
import type { ContractTest } from './context.ts';

export function runHistoryContract(test: ContractTest['serial']): void {
  test('buckets runs by expected start time and state, summing run time', async (t) => {
    const { db } = t.context;
    const { flow } = await db.repositories.flows.create({ name: 'f' });
    const mk = async (expected: string, type: 'COMPLETED' | 'FAILED', runSeconds: number) => {
      const { run } = await db.repositories.flowRuns.create({ flow_id: flow.id, name: expected, expected_start_time: expected });
      await db.repositories.flowRuns.setState(run.id, { type, name: type === 'COMPLETED' ? 'Completed' : 'Failed', timestamp: expected }, {
        start_time: expected,
        total_run_time: runSeconds,
      });
    };
    await mk('2026-01-01T00:00:10.000000Z', 'COMPLETED', 2);
    await mk('2026-01-01T00:01:30.000000Z', 'COMPLETED', 3);
    await mk('2026-01-01T00:01:40.000000Z', 'COMPLETED', 4);
    await mk('2026-01-01T00:01:50.000000Z', 'FAILED', 1);
    await mk('2026-01-01T00:05:00.000000Z', 'FAILED', 1);
    const rows = await db.repositories.runHistory.history('flow_run', {}, '2026-01-01T00:00:00.000000Z', 60, 3);
    t.deepEqual(rows, [
      { bucket_index: 0, state_type: 'COMPLETED', state_name: 'Completed', count_runs: 1, sum_estimated_run_time: 2, sum_estimated_lateness: 0 },
      { bucket_index: 1, state_type: 'COMPLETED', state_name: 'Completed', count_runs: 2, sum_estimated_run_time: 7, sum_estimated_lateness: 0 },
      { bucket_index: 1, state_type: 'FAILED', state_name: 'Failed', count_runs: 1, sum_estimated_run_time: 1, sum_estimated_lateness: 0 },
    ]);
    const filtered = await db.repositories.runHistory.history('flow_run', { flow_runs: { state: { type: { any_: ['FAILED'] } } } }, '2026-01-01T00:00:00.000000Z', 60, 10);
    t.deepEqual(filtered.map((r) => [r.bucket_index, r.count_runs]), [[1, 1], [5, 1]]);
  });

  test('averages lateness over runs that started late or have not started in time', async (t) => {
    const { db } = t.context;
    const { flow } = await db.repositories.flows.create({ name: 'f' });
    const { run: late } = await db.repositories.flowRuns.create({ flow_id: flow.id, name: 'late', expected_start_time: '2026-01-01T00:00:00.000000Z' });
    await db.repositories.flowRuns.setState(late.id, { type: 'COMPLETED', name: 'Completed', timestamp: '2026-01-01T00:00:20.000000Z' }, { start_time: '2026-01-01T00:00:10.000000Z' });
    const { run: onTime } = await db.repositories.flowRuns.create({ flow_id: flow.id, name: 'on-time', expected_start_time: '2026-01-01T00:00:00.000000Z' });
    await db.repositories.flowRuns.setState(onTime.id, { type: 'COMPLETED', name: 'Completed', timestamp: '2026-01-01T00:00:20.000000Z' }, { start_time: '2026-01-01T00:00:00.000000Z' });
    t.is(await db.repositories.runHistory.averageLateness({}), 5);
    t.is(await db.repositories.runHistory.averageLateness({ flow_runs: { name: { any_: ['none'] } } }), null);
  });
}
