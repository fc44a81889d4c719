// InstrumentFlowRunStateTransitions: every state written for a flow run is also an event,
// `prefect.flow-run.<state name>`, with Prefect's shape: the run as resource (with its state
// labels), the flow, deployment, work queue, work pool, parent task run and their tags as
// related resources, and the state id as the event id. It is stored in the orchestration's
// transaction and announced when that commits, so subscribers on any replica hear it (a
// runner watching for `prefect.flow-run.Cancelling`, `wait_for_flow_run`, automations).
import type { EventRecord, Repositories, Resource, StateRecord, Timestamp } from '@prefect-server-ts/storage';
import { nowTimestamp, secondsBetween } from '@prefect-server-ts/storage';
import type { FlowRunContext, FlowRunDraft } from '../context.ts';
import { defineTransform } from '../engine.ts';
import type { State } from '../states.ts';

/** Prefect's TRUNCATE_STATE_MESSAGES_AT: state messages can carry whole tracebacks. */
const TRUNCATE_STATE_MESSAGES_AT = 100_000;
/** Within this many seconds of the previous state, the event names it as the one it follows. */
const TIGHT_TIMING_SECONDS = 300;

/** Prefect's truncated_to: the first and last halves around a count of what was left out. */
export function truncatedTo(length: number, value: string | null | undefined): string {
  if (!value) return '';
  if (value.length <= length) return value;
  const half = Math.floor(length / 2);
  const beginning = value.slice(0, half);
  const end = value.slice(-half);
  const proposed = `${beginning}...${value.length - beginning.length - end.length} additional characters...${end}`;
  return proposed.length < value.length ? proposed : value;
}

/** A timestamp as Python's isoformat() prints an aware UTC datetime (no fraction when it is zero). */
export function pythonIsoformat(timestamp: Timestamp): string {
  return timestamp.replace(/\.000000Z$/, 'Z').replace(/Z$/, '+00:00');
}

type StateParts = Pick<State, 'type' | 'name' | 'message'> & { readonly state_details: { readonly pause_reschedule?: unknown } };

function statePayload(state: StateParts | null): Record<string, string> | null {
  if (!state) return null;
  const payload: Record<string, string> = { type: state.type };
  if (state.name) payload['name'] = state.name;
  if (state.message) payload['message'] = truncatedTo(TRUNCATE_STATE_MESSAGES_AT, state.message);
  if (state.type === 'PAUSED') payload['pause_reschedule'] = String(state.state_details.pause_reschedule === true);
  return payload;
}

const related = (kind: string, id: string, role: string, name: string, extra: Resource = {}): Resource => ({
  'prefect.resource.id': `prefect.${kind}.${id}`,
  'prefect.resource.role': role,
  'prefect.resource.name': name,
  ...extra,
});

/**
 * Related objects by kind and id, kept five minutes as Prefect keeps them
 * (PREFECT_API_EVENTS_RELATED_RESOURCE_CACHE_TTL): a new run of a known flow, deployment or
 * queue costs no read. The run's own tags and creator are always current.
 */
const RELATED_TTL_MS = 300_000;
const RELATED_CACHE_SIZE = 1_000;

interface RelatedObject {
  readonly resources: readonly Resource[];
  readonly tags: readonly string[];
}

const relatedCache = new Map<string, { readonly value: RelatedObject; readonly until: number }>();

async function cachedObject(kind: string, id: string | null, load: (id: string) => Promise<RelatedObject | null>): Promise<RelatedObject | null> {
  if (id === null) return null;
  const key = `${kind}:${id}`;
  const hit = relatedCache.get(key);
  if (hit && hit.until > Date.now()) return hit.value;
  const value = await load(id);
  relatedCache.delete(key);
  if (value === null) return null;
  relatedCache.set(key, { value, until: Date.now() + RELATED_TTL_MS });
  // Maps iterate in insertion order: the first key is the oldest entry.
  if (relatedCache.size > RELATED_CACHE_SIZE) relatedCache.delete(relatedCache.keys().next().value!);
  return value;
}

/** The flow, deployment, work queue, work pool and parent task run, then every tag among them, sorted. */
async function relatedResources(repositories: Repositories, run: FlowRunDraft): Promise<Resource[]> {
  const objects = [
    await cachedObject('flow', run.flow_id, async (id) => {
      const flow = await repositories.flows.read(id);
      return flow && { resources: [related('flow', flow.id, 'flow', flow.name)], tags: flow.tags };
    }),
    await cachedObject('deployment', run.deployment_id, async (id) => {
      const deployment = await repositories.deployments.read(id);
      return deployment && { resources: [related('deployment', deployment.id, 'deployment', deployment.name)], tags: deployment.tags };
    }),
    await cachedObject('work-queue', run.work_queue_id, async (id) => {
      const queue = await repositories.workQueues.read(id);
      if (!queue) return null;
      const pool = await repositories.workPools.read(queue.work_pool_id);
      const resources = [related('work-queue', queue.id, 'work-queue', queue.name)];
      if (pool) resources.push(related('work-pool', pool.id, 'work-pool', pool.name, { 'prefect.work-pool.type': pool.type }));
      return { resources, tags: [] };
    }),
    await cachedObject('task-run', run.parent_task_run_id, async (id) => {
      const parent = await repositories.taskRuns.read(id);
      return parent && { resources: [related('task-run', parent.id, 'task-run', parent.name)], tags: parent.tags };
    }),
  ];
  const resources: Resource[] = [];
  const tags = new Set(run.tags);
  for (const object of objects) {
    if (!object) continue;
    resources.push(...object.resources);
    for (const tag of object.tags) tags.add(tag);
  }
  for (const tag of [...tags].sort()) resources.push({ 'prefect.resource.id': `prefect.tag.${tag}`, 'prefect.resource.role': 'tag' });
  const creator = run.created_by as { type?: unknown; id?: unknown; display_value?: unknown } | null;
  if (creator && (creator.type === 'DEPLOYMENT' || creator.type === 'AUTOMATION') && typeof creator.id === 'string') {
    const kind = creator.type === 'DEPLOYMENT' ? 'deployment' : 'automation';
    resources.push({
      'prefect.resource.id': `prefect.${kind}.${creator.id}`,
      'prefect.resource.role': 'creator',
      ...(typeof creator.display_value === 'string' && creator.display_value !== '' ? { 'prefect.resource.name': creator.display_value } : {}),
    });
  }
  return resources;
}

export async function flowRunStateChangeEvent(
  repositories: Repositories,
  run: FlowRunDraft,
  initial: { readonly record: StateRecord | null; readonly state: StateParts | null },
  validated: StateRecord,
  received: Timestamp,
): Promise<EventRecord> {
  const occurred = validated.timestamp;
  const tight = initial.record !== null && Math.abs(secondsBetween(initial.record.timestamp, occurred)) < TIGHT_TIMING_SECONDS;
  return {
    id: validated.id,
    occurred,
    event: `prefect.flow-run.${validated.name}`,
    resource: {
      'prefect.resource.id': `prefect.flow-run.${run.id}`,
      'prefect.resource.name': run.name,
      'prefect.run-count': String(run.run_count),
      'prefect.state-message': truncatedTo(TRUNCATE_STATE_MESSAGES_AT, validated.message),
      'prefect.state-name': validated.name,
      'prefect.state-timestamp': pythonIsoformat(validated.timestamp),
      'prefect.state-type': validated.type,
    },
    related: await relatedResources(repositories, run),
    payload: {
      intended: { from: initial.state?.type ?? null, to: validated.type },
      initial_state: statePayload(initial.state),
      validated_state: statePayload(validated),
    },
    received,
    follows: tight ? initial.record!.id : null,
  };
}

export const InstrumentFlowRunStateTransitions = defineTransform<FlowRunContext>({
  name: 'InstrumentFlowRunStateTransitions',
  async after(context) {
    const validated = context.validatedState;
    if (context.proposedState === null || validated === null) return;
    const event = await flowRunStateChangeEvent(
      context.repositories,
      context.run,
      { record: context.currentStateRecord, state: context.initialState },
      validated,
      nowTimestamp(),
    );
    await context.repositories.events.insertMany([event]);
  },
});
