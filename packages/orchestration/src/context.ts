// The orchestration context: one proposed transition of one run, the run's mutable draft,
// the response being built, and the result shapes Prefect returns.
import { compareVersions, type FlowRunRecord, type Repositories, type SlotDecay, type StateRecord, type StateType, type TaskRunRecord, type Timestamp } from '@prefect-server-ts/storage';
import { fromRecord, type State } from './states.ts';

export type OrchestrationStatus = 'ACCEPT' | 'REJECT' | 'WAIT' | 'ABORT';

export type ResponseDetails =
  | { type: 'accept_details' }
  | { type: 'reject_details'; reason: string | null }
  | { type: 'wait_details'; delay_seconds: number; reason: string | null }
  | { type: 'abort_details'; reason: string | null };

export interface OrchestrationResult {
  status: OrchestrationStatus;
  details: ResponseDetails;
  state: StateRecord | null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The run's columns as rules change them; written with the new state, or by update afterwards. */
export type FlowRunDraft = Mutable<Omit<FlowRunRecord, 'state'>>;
export type TaskRunDraft = Mutable<Omit<TaskRunRecord, 'state'>>;

export interface OrchestrationSettings {
  /** Prefect's PREFECT_SERVER_TASKS_MAX_CACHE_KEY_LENGTH (default 2000). */
  readonly maxCacheKeyLength: number;
  /** PREFECT_SERVER_CONCURRENCY_INITIAL_DEPLOYMENT_LEASE_DURATION (default 300). */
  readonly initialDeploymentLeaseDurationSeconds: number;
  /** PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS (default 30). */
  readonly deploymentSlotWaitSeconds: number;
  readonly slotDecay: SlotDecay;
}

export const DEFAULT_SETTINGS: OrchestrationSettings = {
  maxCacheKeyLength: 2000,
  initialDeploymentLeaseDurationSeconds: 300,
  deploymentSlotWaitSeconds: 30,
  slotDecay: { tagSlotWaitSeconds: 10, maximumSlotWaitSeconds: 30 },
};

interface BaseRunContext<Run> {
  readonly repositories: Repositories;
  readonly run: Run;
  readonly initialState: State | null;
  /** The run's state row as read under the lock: what a nullified transition returns. */
  readonly currentStateRecord: StateRecord | null;
  proposedState: State | null;
  validatedState: StateRecord | null;
  responseStatus: OrchestrationStatus;
  responseDetails: ResponseDetails;
  /** Messages between rules, and the request's "api-version" when the API layer passes one. */
  readonly parameters: Record<string, unknown>;
  /** Rules whose before-hook fired, then rules whose after-hook fired (for observability). */
  readonly ruleSignature: string[];
  readonly finalizationSignature: string[];
  readonly settings: OrchestrationSettings;
  /** The Prefect version in the client's User-Agent, when it sent one. */
  readonly clientVersion: string | null;
  now(): Timestamp;
}

/** The fields every run's context starts with, before any rule has run. */
export function freshContext<Run>(
  repositories: Repositories,
  run: Run,
  current: StateRecord | null,
  proposed: State,
  options: {
    readonly parameters: Record<string, unknown>;
    readonly settings: OrchestrationSettings;
    readonly clientVersion?: string | null;
    readonly now: () => Timestamp;
  },
): BaseRunContext<Run> {
  return {
    repositories,
    run,
    initialState: current ? fromRecord(current) : null,
    currentStateRecord: current,
    proposedState: proposed,
    validatedState: null,
    responseStatus: 'ACCEPT',
    responseDetails: { type: 'accept_details' },
    parameters: { ...options.parameters },
    ruleSignature: [],
    finalizationSignature: [],
    settings: options.settings,
    clientVersion: options.clientVersion ?? null,
    now: options.now,
  };
}

export interface FlowRunContext extends BaseRunContext<FlowRunDraft> {
  readonly kind: 'flow';
}

export interface TaskRunContext extends BaseRunContext<TaskRunDraft> {
  readonly kind: 'task';
  /** The enclosing flow run, read afresh (null for a task run outside any flow run). */
  flowRun(): Promise<FlowRunRecord | null>;
}

export type RunContext = FlowRunContext | TaskRunContext;

export function initialStateType(ctx: RunContext): StateType | null {
  return ctx.initialState?.type ?? null;
}

export function proposedStateType(ctx: RunContext): StateType | null {
  return ctx.proposedState?.type ?? null;
}

function apiVersion(ctx: RunContext): string | null {
  const version = ctx.parameters['api-version'];
  return typeof version === 'string' && version !== '' ? version : null;
}

/** True when the client sent no API version, or one at least `version` (Prefect's compatibility gates). */
export function apiVersionAtLeast(ctx: RunContext, version: string): boolean {
  const sent = apiVersion(ctx);
  return sent === null || compareVersions(sent, version) >= 0;
}

/** True only when the client sent an API version older than `version`. */
export function apiVersionBelow(ctx: RunContext, version: string): boolean {
  const sent = apiVersion(ctx);
  return sent !== null && compareVersions(sent, version) < 0;
}
