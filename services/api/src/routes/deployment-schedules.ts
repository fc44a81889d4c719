// /deployments/{id}/schedules: a deployment's schedules, listed, added, changed and removed.
// Changing or removing one drops the runs the scheduler made from the old schedules.
import { z } from 'zod';
import {
  DeploymentSchedule,
  DeploymentScheduleCreate,
  DeploymentScheduleUpdate,
  scheduleChanges,
  serializeDeploymentSchedule,
  Uuid,
} from '@prefect-server-ts/schemas';
import { UniqueViolationError, type Repositories } from '@prefect-server-ts/storage';
import type { ApiContext } from '../context.ts';
import { conflict, notFound } from '../http/http-error.ts';
import type { RouteDeclarer } from '../http/route.ts';

const ById = z.object({ id: Uuid });
const ByScheduleId = z.object({ id: Uuid, schedule_id: Uuid });
const DEPLOYMENT_NOT_FOUND = 'Deployment not found.';
const SCHEDULE_NOT_FOUND = 'Schedule not found.';
const tags = ['Deployments'];

async function requireDeployment(repositories: Repositories, id: string): Promise<void> {
  if (!(await repositories.deployments.read(id))) throw notFound(DEPLOYMENT_NOT_FOUND);
}

export function deploymentScheduleRoutes({ database }: ApiContext, route: RouteDeclarer): void {
  route(
    { method: 'get', path: '/deployments/:id/schedules', summary: 'Read Deployment Schedules', tags, params: ById, response: { status: 200, schema: z.array(DeploymentSchedule) } },
    async ({ params, res }) => {
      await requireDeployment(database.repositories, params.id);
      res.json((await database.repositories.deploymentSchedules.list(params.id)).map(serializeDeploymentSchedule));
    },
  );
  route(
    {
      method: 'post',
      path: '/deployments/:id/schedules',
      summary: 'Create Deployment Schedules',
      tags,
      params: ById,
      body: z.array(DeploymentScheduleCreate),
      response: { status: 201, schema: z.array(DeploymentSchedule) },
    },
    async ({ params, body, res }) => {
      const created = await database
        .transaction(async (tx) => {
          await requireDeployment(tx, params.id);
          return tx.deploymentSchedules.create(
            params.id,
            body.map(({ replaces: _replaces, schedule, ...rest }) => ({ ...rest, schedule: schedule as Record<string, unknown> })),
          );
        })
        .catch((error: unknown) => {
          throw error instanceof UniqueViolationError ? conflict('Schedule slugs must be unique within a deployment.') : error;
        });
      res.status(201).json(created.map(serializeDeploymentSchedule));
    },
  );
  route(
    {
      method: 'patch',
      path: '/deployments/:id/schedules/:schedule_id',
      summary: 'Update Deployment Schedule',
      tags,
      params: ByScheduleId,
      body: DeploymentScheduleUpdate,
      response: { status: 204 },
    },
    async ({ params, body, res }) => {
      await database.transaction(async (tx) => {
        await requireDeployment(tx, params.id);
        if (!(await tx.deploymentSchedules.update(params.id, { id: params.schedule_id }, scheduleChanges(body)))) throw notFound(SCHEDULE_NOT_FOUND);
        await tx.deployments.deleteScheduledRuns(params.id, { autoScheduledOnly: true, futureOnly: true });
      });
      res.status(204).end();
    },
  );
  route(
    { method: 'delete', path: '/deployments/:id/schedules/:schedule_id', summary: 'Delete Deployment Schedule', tags, params: ByScheduleId, response: { status: 204 } },
    async ({ params, res }) => {
      await database.transaction(async (tx) => {
        await requireDeployment(tx, params.id);
        if (!(await tx.deploymentSchedules.delete(params.id, params.schedule_id))) throw notFound(SCHEDULE_NOT_FOUND);
        await tx.deployments.deleteScheduledRuns(params.id, { autoScheduledOnly: true, futureOnly: false });
      });
      res.status(204).end();
    },
  );
}
