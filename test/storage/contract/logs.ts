// Contract: logs insert in bulk (one parameter per batch, whatever its size), and filter and page.
import type { LogInsert } from '@prefect-server-ts/storage';
import type { ContractTest } from './context.ts';

const FLOW_RUN = '11111111-1111-4111-8111-111111111111';
const OTHER_RUN = '22222222-2222-4222-8222-222222222222';

function ts(second: number): string {
  return new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + second * 1000).toISOString().replace('Z', '000Z');
}

export function logsContract(test: ContractTest['serial']): void {
  test('inserts 50,000 logs in one call, more than one statement can bind on either dialect', async (t) => {
    const { logs } = t.context.db.repositories;
    const batch: LogInsert[] = Array.from({ length: 50_000 }, (_, i) => ({
      name: 'prefect.flow_runs',
      level: i % 2 ? 20 : 40,
      flow_run_id: FLOW_RUN,
      task_run_id: null,
      message: `line ${i} ünïcode ✓`,
      timestamp: ts(i),
    }));
    t.is(await logs.createMany(batch), 50_000);
    t.is(await logs.count({ flow_run_id: { any_: [FLOW_RUN] } }), 50_000);
    t.is(await logs.count({ level: { ge_: 40 } }), 25_000);
    const last = await logs.list({ flow_run_id: { any_: [FLOW_RUN] } }, { sort: 'TIMESTAMP_DESC', limit: 1 });
    t.is(last[0]?.message, 'line 49999 ünïcode ✓');
  });

  test('filters logs by run, level and time, sorted and paged', async (t) => {
    const { logs } = t.context.db.repositories;
    await logs.createMany([
      { name: 'a', level: 10, flow_run_id: FLOW_RUN, message: 'debug', timestamp: ts(1) },
      { name: 'a', level: 20, flow_run_id: FLOW_RUN, message: 'info', timestamp: ts(2) },
      { name: 'a', level: 40, flow_run_id: FLOW_RUN, message: 'error', timestamp: ts(3) },
      { name: 'b', level: 20, flow_run_id: OTHER_RUN, task_run_id: FLOW_RUN, message: 'other', timestamp: ts(4) },
    ]);
    const messages = (list: { message: string }[]) => list.map((l) => l.message);
    t.deepEqual(messages(await logs.list({ flow_run_id: { any_: [FLOW_RUN] } })), ['debug', 'info', 'error']);
    t.deepEqual(messages(await logs.list({ flow_run_id: { any_: [FLOW_RUN] } }, { sort: 'TIMESTAMP_DESC', limit: 2, offset: 1 })), ['info', 'debug']);
    t.deepEqual(messages(await logs.list({ level: { ge_: 20, le_: 20 } })), ['info', 'other']);
    t.deepEqual(messages(await logs.list({ timestamp: { after_: ts(2), before_: ts(3) } })), ['info', 'error']);
    t.deepEqual(messages(await logs.list({ task_run_id: { any_: [FLOW_RUN] } })), ['other']);
    t.is(await logs.createMany([]), 0);
  });
}
