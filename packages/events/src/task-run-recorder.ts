// Turns `prefect.task-run.*` state events into task run and task run state rows. Prefect 3
// clients orchestrate task runs themselves and report each state as an event, so these
// events are the only record of task runs that the server receives.
import type { Database, EventRecord, JsonObject, RecordedTaskRun, StateType } from '@prefect-server-ts/storage';
import { canonicalTimestamp, STATE_TYPES } from '@prefect-server-ts/storage';

const TASK_RUN_PREFIX = 'prefect.task-run.';
const FLOW_RUN_PREFIX = 'prefect.flow-run.';

interface ReportedState {
  readonly type?: string;
  readonly name?: string;
  readonly message?: string | null;
  readonly state_details?: JsonObject;
  readonly data?: unknown;
}

const asObject = (value: unknown): JsonObject => (value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {});
const asTimestamp = (value: unknown): string | null => (typeof value === 'string' ? (canonicalTimestamp(value) ?? null) : null);
const asNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
/** Pydantic serialises timedeltas as ISO-8601 durations ("PT1.5S"); older payloads use seconds. */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
  if (!m || value === 'P' || value.endsWith('T')) return undefined;
  const seconds = Number(m[2] ?? 0) * 86_400 + Number(m[3] ?? 0) * 3_600 + Number(m[4] ?? 0) * 60 + Number(m[5] ?? 0);
  return m[1] ? -seconds : seconds;
}
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function isTaskRunStateEvent(event: EventRecord): boolean {
  return event.event.startsWith(TASK_RUN_PREFIX) && (event.resource['prefect.resource.id'] ?? '').startsWith(TASK_RUN_PREFIX);
}

/** The task run and state an event reports, or undefined when the event lacks what a task run needs. */
export function taskRunFromEvent(event: EventRecord): { run: RecordedTaskRun; state: Parameters<Database['repositories']['taskRuns']['recordState']>[1] } | undefined {
  const taskRunId = event.resource['prefect.resource.id']!.slice(TASK_RUN_PREFIX.length);
  const flowRunResource = event.related.find((r) => r['prefect.resource.role'] === 'flow-run');
  const flowRunId = flowRunResource?.['prefect.resource.id']?.slice(FLOW_RUN_PREFIX.length) ?? null;
  const reported = asObject(event.payload['validated_state']) as ReportedState;
  const task = asObject(event.payload['task_run']);
  const type = reported.type as StateType | undefined;
  const taskKey = asString(task['task_key']);
  if (!type || !STATE_TYPES.includes(type) || taskKey === undefined) return undefined;
  const run: RecordedTaskRun = {
    id: taskRunId,
    flow_run_id: flowRunId,
    name: asString(task['name']) ?? taskKey,
    task_key: taskKey,
    dynamic_key: asString(task['dynamic_key']) ?? '0',
    cache_key: asString(task['cache_key']) ?? null,
    cache_expiration: asTimestamp(task['cache_expiration']),
    task_version: asString(task['task_version']) ?? null,
    flow_run_run_count: asNumber(task['flow_run_run_count']) ?? 0,
    empirical_policy: asObject(task['empirical_policy']),
    task_inputs: asObject(task['task_inputs']),
    tags: Array.isArray(task['tags']) ? task['tags'].filter((t): t is string => typeof t === 'string') : [],
    labels: task['labels'] === undefined || task['labels'] === null ? null : asObject(task['labels']),
    run_count: asNumber(task['run_count']) ?? 0,
    total_run_time: durationSeconds(task['total_run_time']) ?? 0,
    expected_start_time: asTimestamp(task['expected_start_time']),
    next_scheduled_start_time: asTimestamp(task['next_scheduled_start_time']),
    start_time: asTimestamp(task['start_time']),
    end_time: asTimestamp(task['end_time']),
  };
  const state = {
    id: event.id,
    type,
    name: reported.name ?? type[0] + type.slice(1).toLowerCase(),
    timestamp: event.occurred,
    message: reported.message ?? null,
    state_details: { ...asObject(reported.state_details), task_run_id: taskRunId, flow_run_id: flowRunId },
    data: reported.data ?? null,
  };
  return { run, state };
}

/** Records every task run state event in `events`, oldest first. Returns how many were recorded. */
export async function recordTaskRunEvents(database: Database, events: readonly EventRecord[]): Promise<number> {
  const reports = events
    .filter(isTaskRunStateEvent)
    .map(taskRunFromEvent)
    .filter((report) => report !== undefined)
    .sort((a, b) => (a.state.timestamp < b.state.timestamp ? -1 : a.state.timestamp > b.state.timestamp ? 1 : 0));
  for (const { run, state } of reports) await database.repositories.taskRuns.recordState(run, state);
  return reports.length;
}
