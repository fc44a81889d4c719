// Task run state events, as Prefect 3's task engine emits them, become task runs.
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { durationSeconds, receiveEvents, type IncomingEvent } from '@prefect-server-ts/events';
import { createTestDatabase } from '../helpers/databases.ts';

function taskRunEvent(taskRunId: string, flowRunId: string, type: string, name: string, occurred: string, extra: object = {}): IncomingEvent {
  return {
    id: randomUUID(),
    occurred,
    event: `prefect.task-run.${name}`,
    resource: { 'prefect.resource.id': `prefect.task-run.${taskRunId}`, 'prefect.resource.name': 'add-abc', 'prefect.state-type': type },
    related: [{ 'prefect.resource.id': `prefect.flow-run.${flowRunId}`, 'prefect.resource.role': 'flow-run' }],
    payload: {
      intended: { from: null, to: type },
      validated_state: { type, name, message: '', state_details: {} },
      task_run: { name: 'add-abc', task_key: 'add-123', dynamic_key: '0', empirical_policy: { retries: 0 }, tags: ['math'], task_inputs: { x: [] }, run_count: type === 'PENDING' ? 0 : 1, flow_run_run_count: 1, total_run_time: 'PT0.25S', ...extra },
    },
    follows: null,
  };
}

for (const dialect of ['sqlite-file', 'postgres'] as const) {
  test(`${dialect}: a Pending, Running, Completed event sequence records one task run with three states`, async (t) => {
    const handle = await createTestDatabase(dialect);
    const { db } = handle;
    try {
      const { flow } = await db.repositories.flows.create({ name: 'f' });
      const { run: flowRun } = await db.repositories.flowRuns.create({ flow_id: flow.id, name: 'r' });
      const taskRunId = randomUUID();
      const events = [
        taskRunEvent(taskRunId, flowRun.id, 'PENDING', 'Pending', '2026-01-01T00:00:00.100000Z'),
        taskRunEvent(taskRunId, flowRun.id, 'RUNNING', 'Running', '2026-01-01T00:00:00.200000Z', { start_time: '2026-01-01T00:00:00.200000Z' }),
        taskRunEvent(taskRunId, flowRun.id, 'COMPLETED', 'Completed', '2026-01-01T00:00:00.450000Z', { start_time: '2026-01-01T00:00:00.200000Z', end_time: '2026-01-01T00:00:00.450000Z' }),
      ];
      // Delivered in two batches, the last first: the newest state still wins.
      t.is(await receiveEvents(db, [events[2]!]), 1);
      t.is(await receiveEvents(db, [events[0]!, events[1]!, events[2]!]), 2);
      const run = (await db.repositories.taskRuns.read(taskRunId))!;
      t.like(run, { flow_run_id: flowRun.id, task_key: 'add-123', state_type: 'COMPLETED', run_count: 1, total_run_time: 0.25, end_time: '2026-01-01T00:00:00.450000Z', tags: ['math'] });
      t.deepEqual(run.state?.state_details, { task_run_id: taskRunId, flow_run_id: flowRun.id });
      t.deepEqual((await db.repositories.taskRuns.readStates(taskRunId)).map((s) => s.name), ['Pending', 'Running', 'Completed']);
      t.is(await db.repositories.events.count(), 3);
    } finally {
      await handle.dispose();
    }
  });
}

test('ignores events that are not task run states, and task run events without a task key', async (t) => {
  const handle = await createTestDatabase('sqlite-file');
  try {
    const other: IncomingEvent = { id: randomUUID(), occurred: '2026-01-01T00:00:00.000000Z', event: 'prefect.flow-run.Running', resource: { 'prefect.resource.id': 'prefect.flow-run.x' }, related: [], payload: {}, follows: null };
    const broken = taskRunEvent(randomUUID(), randomUUID(), 'RUNNING', 'Running', '2026-01-01T00:00:00.000000Z');
    delete (broken.payload['task_run'] as Record<string, unknown>)['task_key'];
    t.is(await receiveEvents(handle.db, [other, broken]), 2);
    t.is(await handle.db.repositories.taskRuns.count(), 0);
  } finally {
    await handle.dispose();
  }
});

test('reads ISO-8601 and numeric durations', (t) => {
  t.is(durationSeconds('PT0.25S'), 0.25);
  t.is(durationSeconds('P1DT1H1M1S'), 90_061);
  t.is(durationSeconds(3), 3);
  t.is(durationSeconds('soon'), undefined);
});
