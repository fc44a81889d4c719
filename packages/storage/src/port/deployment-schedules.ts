// The deployment schedules repository: a deployment's schedules, newest update first.
import type { Timestamp } from '../timestamps.ts';
import type { JsonObject } from './states.ts';

export interface DeploymentScheduleRecord {
  readonly id: string;
  readonly created: Timestamp;
  readonly updated: Timestamp;
  readonly deployment_id: string;
  readonly schedule: JsonObject;
  readonly active: boolean;
  readonly max_scheduled_runs: number | null;
  readonly parameters: JsonObject;
  readonly slug: string | null;
}

export interface DeploymentScheduleInsert {
  readonly schedule: JsonObject;
  readonly active: boolean;
  readonly max_scheduled_runs?: number | null;
  readonly parameters?: JsonObject;
  readonly slug?: string | null;
}

export interface DeploymentScheduleUpdate {
  readonly schedule?: JsonObject;
  readonly active?: boolean;
  readonly max_scheduled_runs?: number;
  readonly parameters?: JsonObject;
  readonly slug?: string;
}

/** Which schedule of a deployment an update targets. */
export type ScheduleKey = { readonly id: string } | { readonly slug: string };

export interface DeploymentSchedulesRepository {
  /** The deployment's schedules, most recently updated first. */
  list(deploymentId: string, options?: { activeOnly?: boolean }): Promise<DeploymentScheduleRecord[]>;
  /** The schedules of several deployments at once, each list most recently updated first. */
  listByDeployments(deploymentIds: readonly string[]): Promise<Map<string, DeploymentScheduleRecord[]>>;
  /** Inserts in order; fails with UniqueViolationError when a slug is taken in the deployment. */
  create(deploymentId: string, schedules: readonly DeploymentScheduleInsert[]): Promise<DeploymentScheduleRecord[]>;
  update(deploymentId: string, key: ScheduleKey, changes: DeploymentScheduleUpdate): Promise<boolean>;
  /** Clears the given slugs, so that schedules can be renamed to each other's slugs. */
  clearSlugs(deploymentId: string, slugs: readonly string[]): Promise<void>;
  delete(deploymentId: string, scheduleId: string): Promise<boolean>;
  deleteAll(deploymentId: string): Promise<number>;
  /** The id of the deployment's schedule with this slug. */
  idBySlug(deploymentId: string, slug: string): Promise<string | null>;
}
