// The scheduler: turns deployments' active schedules into SCHEDULED runs ahead of time. Two
// services share one pass: Scheduler walks every deployment whose schedules are running low,
// RecentDeploymentsScheduler (on a short loop) the ones changed moments ago, so that a new
// `flow.serve()` gets runs within seconds. Inserts are idempotent per (flow, key), so the
// two, or two processes, never make the same run twice.
import { randomUUID } from 'node:crypto';
import { deploymentRunLabels, deploymentRunQueueName } from '@prefect-server-ts/orchestration';
import { generateRunName } from '@prefect-server-ts/schemas';
import type { SchedulerSettings } from '@prefect-server-ts/settings';
import { addSeconds, type DeploymentRecord, type DeploymentScheduleRecord, type ScheduledRunInsert, type SweepPage } from '@prefect-server-ts/storage';
import { scheduleDates, type Schedule } from './schedules/index.ts';
import type { ServiceContext, ServiceDefinition, TickReport } from './service.ts';

type FindDeployments = (page: SweepPage) => Promise<string[]>;

/** The dates Prefect would schedule: up to maxRuns before the horizon, stopping once both minimums hold. */
function datesToSchedule(schedule: Schedule, now: string, settings: SchedulerSettings) {
  const dates = scheduleDates(schedule, { start: now, end: addSeconds(now, settings.maxScheduledTimeSeconds), n: settings.maxRuns });
  const minimumTime = addSeconds(now, settings.minScheduledTimeSeconds);
  const kept = [];
  for (const date of dates) {
    kept.push(date);
    if (kept.length >= settings.minRuns && date.timestamp >= minimumTime) break;
  }
  return kept;
}

function runsFor(deployment: DeploymentRecord, schedule: DeploymentScheduleRecord, now: string, settings: SchedulerSettings): ScheduledRunInsert[] {
  const parameters = { ...deployment.parameters, ...schedule.parameters };
  const labels = deploymentRunLabels(deployment);
  const scheduleKind = 'interval' in schedule.schedule ? 'IntervalSchedule' : 'cron' in schedule.schedule ? 'CronSchedule' : 'RRuleSchedule';
  return datesToSchedule(schedule.schedule as unknown as Schedule, now, settings).map((date) => ({
    id: randomUUID(),
    flow_id: deployment.flow_id,
    name: generateRunName(),
    deployment_id: deployment.id,
    deployment_version: deployment.version,
    work_queue_name: deploymentRunQueueName(deployment),
    work_queue_id: deployment.work_queue_id,
    infrastructure_document_id: deployment.infrastructure_document_id,
    parameters,
    idempotency_key: `scheduled ${deployment.id} ${schedule.id} ${date.text}`,
    tags: ['auto-scheduled', ...deployment.tags],
    labels,
    created_by: { id: schedule.id, display_value: schedule.slug ?? scheduleKind, type: 'SCHEDULE' },
    scheduled_time: date.timestamp,
  }));
}

/** One pass over the deployments `find` pages through; returns how many runs were inserted. */
async function schedule(context: ServiceContext, settings: SchedulerSettings, find: FindDeployments): Promise<TickReport> {
  const { deployments, deploymentSchedules, scheduledRuns } = context.database.repositories;
  let inserted = 0;
  let afterId: string | null = null;
  for (;;) {
    const ids = await find({ afterId, limit: settings.deploymentBatchSize });
    const schedules = await deploymentSchedules.listByDeployments(ids);
    const now = context.now();
    const runs: ScheduledRunInsert[] = [];
    for (const deployment of ids.length > 0 ? await deployments.list({ deployments: { id: { any_: ids } } }, { limit: ids.length }) : []) {
      const id = deployment.id;
      for (const deploymentSchedule of schedules.get(id) ?? []) {
        if (!deploymentSchedule.active) continue;
        try {
          runs.push(...runsFor(deployment, deploymentSchedule, now, settings));
        } catch (error) {
          // One badly configured schedule must not stop the others.
          context.log.error({ err: error, deployment_id: id, schedule_id: deploymentSchedule.id }, `could not schedule deployment ${id}`);
        }
      }
    }
    for (let start = 0; start < runs.length; start += settings.insertBatchSize) {
      inserted += (await scheduledRuns.insertMany(runs.slice(start, start + settings.insertBatchSize), now)).length;
    }
    if (ids.length < settings.deploymentBatchSize) return { inserted };
    afterId = ids.at(-1)!;
  }
}

export function tick(context: ServiceContext, settings: SchedulerSettings): Promise<TickReport> {
  return schedule(context, settings, (page) =>
    context.database.repositories.scheduledRuns.deploymentsNeedingRuns(page, {
      now: context.now(),
      minRuns: settings.minRuns,
      minScheduledSeconds: settings.minScheduledTimeSeconds,
    }),
  );
}

export function tickRecent(context: ServiceContext, settings: SchedulerSettings): Promise<TickReport> {
  // A window a second wider than the loop catches deployments changed during the last pass.
  const since = addSeconds(context.now(), -(settings.recentDeploymentsLoopSeconds + 1));
  return schedule(context, settings, (page) => context.database.repositories.scheduledRuns.recentlyUpdatedDeployments(page, { since }));
}

export const Scheduler: ServiceDefinition = {
  name: 'Scheduler',
  settings: (services) => services.scheduler,
  tick: (context, services) => tick(context, services.scheduler),
};

export const RecentDeploymentsScheduler: ServiceDefinition = {
  name: 'RecentDeploymentsScheduler',
  settings: (services) => ({ enabled: services.scheduler.enabled, loopSeconds: services.scheduler.recentDeploymentsLoopSeconds }),
  tick: (context, services) => tickRecent(context, services.scheduler),
};
