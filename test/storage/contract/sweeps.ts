// Contract: the background services' sweeps find exactly the runs they act on, a page at a
// time in id order.
import type { Database, FlowRunSweepRow, RunTimingUpdate, StateType, SweepPage, Timestamp } from '@prefect-server-ts/storage';
import type { ContractTest } from './context.ts';

const NOW: Timestamp = '2030-06-01T12:00:00.000000Z';
const FIRST: SweepPage = { afterId: null, limit: 100 };

async function flowRun(
  db: Database,
  type: StateType,
  { name, timestamp = NOW, details = {}, timing = {}, deployment_id = null, parent_task_run_id = null }: {
    name?: string;
    timestamp?: Timestamp;
    details?: Record<string, unknown>;
    timing?: RunTimingUpdate;
    deployment_id?: string | null;
    parent_task_run_id?: string | null;
  } = {},
): Promise<string> {
  const { flow } = await db.repositories.flows.create({ name: 'swept' });
  const { run } = await db.repositories.flowRuns.create({ flow_id: flow.id, name: `run-${crypto.randomUUID()}`, deployment_id, parent_task_run_id });
  const stateName = name ?? type.charAt(0) + type.slice(1).toLowerCase();
  await db.repositories.flowRuns.setState(run.id, { type, name: stateName, timestamp, state_details: details }, timing);
  return run.id;
}

async function taskRunIn(db: Database, flowRunId: string | null, type: StateType): Promise<string> {
  const { run } = await db.repositories.taskRuns.create({ flow_run_id: flowRunId, name: 't', task_key: 'k', dynamic_key: crypto.randomUUID() });
  await db.repositories.taskRuns.setState(run.id, { type, name: type.toLowerCase(), timestamp: NOW });
  return run.id;
}

const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id);
const sorted = (values: string[]) => [...values].sort();

export function sweepsContract(test: ContractTest['serial']): void {
  test('findLate finds scheduled runs past their start, not those already late, due later or in another state', async (t) => {
    const { db } = t.context;
    const past = '2030-06-01T11:59:00.000000Z';
    const late = await flowRun(db, 'SCHEDULED', { timing: { next_scheduled_start_time: past } });
    const exactly = await flowRun(db, 'SCHEDULED', { timing: { next_scheduled_start_time: NOW } });
    await flowRun(db, 'SCHEDULED', { name: 'Late', timing: { next_scheduled_start_time: past } });
    await flowRun(db, 'SCHEDULED', { name: 'AwaitingRetry', timing: { next_scheduled_start_time: past } });
    await flowRun(db, 'SCHEDULED', { timing: { next_scheduled_start_time: '2030-06-01T12:00:00.000001Z' } });
    await flowRun(db, 'PENDING', { timing: { next_scheduled_start_time: past } });
    const rows = await db.repositories.flowRuns.findLate(NOW, FIRST);
    t.deepEqual(ids(rows), sorted([late, exactly]));
    t.like(rows.find((row) => row.id === late), { state_type: 'SCHEDULED', state_name: 'Scheduled', next_scheduled_start_time: past });
  });

  test('sweeps page in id order without repeating or skipping a run', async (t) => {
    const { db } = t.context;
    const all = sorted(await Promise.all(Array.from({ length: 7 }, () => flowRun(db, 'PAUSED'))));
    const seen: string[] = [];
    let page: FlowRunSweepRow[];
    let afterId: string | null = null;
    do {
      page = await db.repositories.flowRuns.findPaused({ afterId, limit: 3 });
      seen.push(...ids(page));
      afterId = page.at(-1)?.id ?? null;
    } while (page.length === 3);
    t.deepEqual(seen, all);
  });

  test('findPaused returns each paused run with its current state details', async (t) => {
    const { db } = t.context;
    const paused = await flowRun(db, 'PAUSED', { details: { pause_timeout: '2030-06-01T11:00:00.000000Z', pause_key: 'k' } });
    await flowRun(db, 'RUNNING');
    const rows = await db.repositories.flowRuns.findPaused(FIRST);
    t.deepEqual(ids(rows), [paused]);
    t.deepEqual(rows[0]!.state_details, { pause_timeout: '2030-06-01T11:00:00.000000Z', pause_key: 'k' });
  });

  test('findCancellingSince finds runs that entered CANCELLING at or before the cutoff', async (t) => {
    const { db } = t.context;
    const old = await flowRun(db, 'CANCELLING', { timestamp: '2030-06-01T11:00:00.000000Z' });
    const atCutoff = await flowRun(db, 'CANCELLING', { timestamp: '2030-06-01T11:55:00.000000Z' });
    await flowRun(db, 'CANCELLING', { timestamp: '2030-06-01T11:59:00.000000Z' });
    await flowRun(db, 'CANCELLED', { timestamp: '2030-06-01T11:00:00.000000Z' });
    const rows = await db.repositories.flowRuns.findCancellingSince('2030-06-01T11:55:00.000000Z', FIRST);
    t.deepEqual(ids(rows), sorted([old, atCutoff]));
    t.is(rows.find((row) => row.id === old)?.state_timestamp, '2030-06-01T11:00:00.000000Z');
  });

  test('findSubflowsOfCancelledRuns finds unfinished subflows of cancelled parents only', async (t) => {
    const { db } = t.context;
    const cancelledParent = await flowRun(db, 'CANCELLED');
    const runningParent = await flowRun(db, 'RUNNING');
    const inCancelled = await taskRunIn(db, cancelledParent, 'CANCELLED');
    const inRunning = await taskRunIn(db, runningParent, 'RUNNING');
    const deployment = crypto.randomUUID();
    const wanted = [
      await flowRun(db, 'RUNNING', { parent_task_run_id: inCancelled }),
      await flowRun(db, 'PAUSED', { parent_task_run_id: inCancelled }),
      await flowRun(db, 'SCHEDULED', { parent_task_run_id: inCancelled, deployment_id: deployment }),
      await flowRun(db, 'CANCELLING', { parent_task_run_id: inCancelled }),
    ];
    await flowRun(db, 'CANCELLING', { parent_task_run_id: inCancelled, deployment_id: deployment });
    await flowRun(db, 'COMPLETED', { parent_task_run_id: inCancelled });
    await flowRun(db, 'RUNNING', { parent_task_run_id: inRunning });
    await flowRun(db, 'RUNNING', { parent_task_run_id: await taskRunIn(db, null, 'CANCELLED') });
    const rows = await db.repositories.flowRuns.findSubflowsOfCancelledRuns(FIRST);
    t.deepEqual(ids(rows), sorted(wanted));
    t.is(rows.find((row) => row.state_type === 'SCHEDULED')?.deployment_id, deployment);
  });

  test('findUnfinishedInCancelledFlowRuns finds unfinished task runs of runs cancelled since the cutoff', async (t) => {
    const { db } = t.context;
    const recent = await flowRun(db, 'CANCELLED', { timing: { end_time: '2030-06-01T10:00:00.000000Z' } });
    const longAgo = await flowRun(db, 'CANCELLED', { timing: { end_time: '2030-05-01T10:00:00.000000Z' } });
    const running = await flowRun(db, 'RUNNING');
    const wanted = [await taskRunIn(db, recent, 'RUNNING'), await taskRunIn(db, recent, 'PENDING'), await taskRunIn(db, recent, 'CANCELLING')];
    await taskRunIn(db, recent, 'COMPLETED');
    await taskRunIn(db, longAgo, 'RUNNING');
    await taskRunIn(db, running, 'RUNNING');
    await taskRunIn(db, null, 'RUNNING');
    const rows = await db.repositories.taskRuns.findUnfinishedInCancelledFlowRuns('2030-05-31T12:00:00.000000Z', FIRST);
    t.deepEqual(ids(rows), sorted(wanted));
    t.true(rows.every((row) => row.flow_run_id === recent));
    const secondPage = await db.repositories.taskRuns.findUnfinishedInCancelledFlowRuns('2030-05-31T12:00:00.000000Z', { afterId: rows[0]!.id, limit: 1 });
    t.deepEqual(ids(secondPage), [rows[1]!.id]);
  });
}
