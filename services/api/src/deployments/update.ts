// PATCH /deployments/{id}, as Prefect's update_deployment does it. Schedules follow two
// rules: when every schedule, stored and sent, has a slug, the sent ones update (or rename,
// with `replaces`) the stored ones of the same slug and the others are created; otherwise
// the sent list replaces the stored one.
import type { DeploymentScheduleUpdate, DeploymentUpdate } from '@prefect-server-ts/schemas';
import { firstFailureMessage, pythonRepr, scheduleChanges } from '@prefect-server-ts/schemas';
import type { DeploymentWrite, Repositories } from '@prefect-server-ts/storage';
import { conflict, notFound, unprocessable } from '../http/http-error.ts';
import { poolNotFound, workQueueFor } from './create.ts';
import { variablesSchema } from './job-variables.ts';
import { enforceSchema, hydrated } from './parameters.ts';

const NOT_FOUND = 'Deployment not found.';
const NO_CONFIGURATION = 'Unable to create new deployment schedules without a schedule configuration.';

interface SchedulePlan {
  readonly patch: DeploymentScheduleUpdate[];
  readonly create: DeploymentScheduleUpdate[];
}

/** How slugged schedules apply to the stored ones; undefined when the sent list replaces them. */
function planBySlug(sent: readonly DeploymentScheduleUpdate[] | undefined, storedSlugs: readonly (string | null)[]): SchedulePlan | undefined {
  const allSentHaveSlugs = (sent ?? []).every((s) => s.slug !== null);
  const allStoredHaveSlugs = storedSlugs.length > 0 && storedSlugs.every((slug) => slug !== null);
  if (!allStoredHaveSlugs) return undefined;
  if (!allSentHaveSlugs) throw unprocessable('Please provide a slug for each schedule in your request to ensure schedules are updated correctly.');
  const schedules = sent ?? [];
  const replaced = new Set<string>();
  for (const s of schedules) {
    if (!s.replaces) continue;
    if (replaced.has(s.replaces)) throw unprocessable(`Multiple schedules have 'replaces' targeting the same slug: ${s.replaces}`);
    replaced.add(s.replaces);
  }
  for (const s of schedules) {
    if (s.replaces && s.slug && storedSlugs.includes(s.slug) && !replaced.has(s.slug)) {
      throw unprocessable(`Cannot rename schedule from '${s.replaces}' to '${s.slug}': a schedule with slug '${s.slug}' already exists.`);
    }
  }
  const plan: SchedulePlan = { patch: [], create: [] };
  for (const s of schedules) {
    if (storedSlugs.includes(s.replaces ?? s.slug ?? '')) plan.patch.push(s);
    else if (s.schedule) plan.create.push(s);
    else throw unprocessable(NO_CONFIGURATION);
  }
  return plan;
}

/** The work queue id the update implies: a named pool's queue, none when the pool is unset, or a legacy queue. */
async function workQueueChange(repositories: Repositories, body: DeploymentUpdate): Promise<{ work_queue_id?: string | null }> {
  if (body.work_pool_name) return { work_queue_id: (await workQueueFor(repositories, body.work_pool_name, body.work_queue_name))! };
  if (body.work_pool_name === null) return { work_queue_id: null };
  if (body.work_queue_name) return { work_queue_id: (await workQueueFor(repositories, null, body.work_queue_name))! };
  return {};
}

async function applySlugPlan(repositories: Repositories, id: string, plan: SchedulePlan): Promise<void> {
  const schedules = repositories.deploymentSchedules;
  const renamed = new Map<string, string>();
  for (const s of plan.patch) {
    if (!s.replaces) continue;
    const scheduleId = await schedules.idBySlug(id, s.replaces);
    if (!scheduleId) throw notFound(`Schedule with slug '${s.replaces}' no longer exists.`);
    renamed.set(s.replaces, scheduleId);
  }
  // Renamed schedules lose their old slugs first, so that renames may swap slugs.
  await schedules.clearSlugs(id, [...renamed.keys()]);
  for (const s of plan.patch) {
    await schedules.update(id, s.replaces ? { id: renamed.get(s.replaces)! } : { slug: s.slug! }, scheduleChanges(s));
  }
  await schedules.create(
    id,
    plan.create.map((s) => ({ schedule: s.schedule as Record<string, unknown>, active: s.active ?? true, slug: s.slug, parameters: s.parameters })),
  );
}

export async function updateDeployment(repositories: Repositories, id: string, body: DeploymentUpdate): Promise<void> {
  const { deployments, deploymentSchedules } = repositories;
  const existing = await deployments.read(id);
  if (!existing) throw notFound(NOT_FOUND);
  const plan = planBySlug(body.schedules, (await deploymentSchedules.list(id)).map((s) => s.slug));

  if (body.work_pool_name) {
    const template = await deployments.readWorkPoolJobTemplate(body.work_pool_name);
    if (template === null) throw poolNotFound(body.work_pool_name);
    const schema = body.job_variables ? variablesSchema(template) : undefined;
    const failure = schema && firstFailureMessage(body.job_variables, schema, { ignoreRequired: true });
    if (failure) throw conflict(`Error creating deployment: <ValidationError: ${pythonRepr(failure)}>`);
  }
  const parameters = body.parameters ? await hydrated(repositories, body.parameters, 'Error hydrating deployment parameters') : existing.parameters;
  if (body.enforce_parameter_schema ?? existing.enforce_parameter_schema) {
    const sent = body.parameter_openapi_schema;
    const schema = sent && Object.keys(sent).length > 0 ? sent : existing.parameter_openapi_schema;
    enforceSchema(parameters, schema, 'Error updating deployment', { ignoreRequired: true });
  }
  if (body.global_concurrency_limit_id && !(await deployments.concurrencyLimitExists(body.global_concurrency_limit_id))) {
    throw notFound('Concurrency limit not found');
  }

  const { schedules, concurrency_limit, global_concurrency_limit_id, work_pool_name: _pool, version_info: _version, job_variables, enforce_parameter_schema, ...fields } = body;
  const changes: DeploymentWrite = {
    ...fields,
    // Prefect writes null into these non-null columns as a conflict; here null leaves them alone.
    parameters: body.parameters ? parameters : undefined,
    ...(job_variables ? { job_variables } : {}),
    ...(enforce_parameter_schema === null || enforce_parameter_schema === undefined ? {} : { enforce_parameter_schema }),
    ...(global_concurrency_limit_id === undefined ? {} : { concurrency_limit_id: global_concurrency_limit_id }),
    ...(await workQueueChange(repositories, body)),
  };
  await deployments.update(id, changes);
  await deployments.deleteScheduledRuns(id, { autoScheduledOnly: true, futureOnly: true });
  if (!plan && schedules !== undefined) {
    await deploymentSchedules.deleteAll(id);
    await deploymentSchedules.create(
      id,
      schedules.filter((s) => s.schedule !== null).map((s) => ({ schedule: s.schedule as Record<string, unknown>, active: s.active ?? true, parameters: s.parameters, slug: s.slug })),
    );
  }
  if (concurrency_limit !== undefined) await deployments.setConcurrencyLimit(id, concurrency_limit);
  if (plan) await applySlugPlan(repositories, id, plan);
}
