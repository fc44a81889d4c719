// /deployments: upserted per (flow, name) (201 when new, 200 when updated), read by id or
// by flow and deployment name, filtered with Prefect's cross-resource filters, updated,
// paused, deleted; flow runs created from them; and their scheduled runs polled by runners.
import type { Request } from 'express';
import { z } from 'zod';
import {
  DeploymentCreate,
  DeploymentFlowRunCreate,
  DeploymentPaginationResponse,
  DeploymentResponse,
  DeploymentsCountBody,
  deploymentsFilterBody,
  deploymentsPaginateBody,
  DeploymentUpdate,
  FlowRunResponse,
  deploymentScheduledFlowRunsBody,
  paginationPage,
  parseUuid,
  serializeDeployment,
  serializeFlowRun,
  Uuid,
  type CreatedBy,
} from '@prefect-server-ts/schemas';
import { nowTimestamp, type DeploymentRecord, type Repositories } from '@prefect-server-ts/storage';
import type { ApiContext } from '../context.ts';
import { createDeployment, readDeploymentResponse } from '../deployments/create.ts';
import { createFlowRunFromDeployment, type CreatedRun } from '../deployments/flow-runs.ts';
import { updateDeployment } from '../deployments/update.ts';
import { notFound } from '../http/http-error.ts';
import type { RouteDeclarer } from '../http/route.ts';

const ById = z.object({ id: Uuid });
const ByName = z.object({ flow_name: z.string(), deployment_name: z.string() });
const NOT_FOUND = 'Deployment not found';
const tags = ['Deployments'];

/** Prefect records an automation as a run's creator when one makes the request. */
function automationCreator(req: Request): CreatedBy | null {
  const id = parseUuid(req.header('prefect-automation-id') ?? '');
  const name = req.header('prefect-automation-name');
  if (!id || !name) return null;
  const display = Buffer.from(name, 'base64').toString('utf8');
  return display ? { id, type: 'AUTOMATION', display_value: display } : null;
}

async function serializeAll(repositories: Repositories, deployments: DeploymentRecord[]) {
  const schedules = await repositories.deploymentSchedules.listByDeployments(deployments.map((d) => d.id));
  return deployments.map((d) => serializeDeployment(d, schedules.get(d.id) ?? []));
}

/** The run as Prefect answers it: with the queue's own name and the queue's pool. */
function serializeCreatedRun({ run, deployment }: CreatedRun) {
  const response = serializeFlowRun(run, nowTimestamp());
  const queue = deployment.work_queue;
  if (!queue || !run.work_queue_id) return response;
  return { ...response, work_queue_name: run.work_queue_name, work_pool_id: queue.work_pool_id, work_pool_name: queue.work_pool_name };
}

export function deploymentRoutes({ database, settings }: ApiContext, route: RouteDeclarer): void {
  const repositories = () => database.repositories;

  route({ method: 'post', path: '/deployments/', summary: 'Create Deployment', tags, body: DeploymentCreate, response: { status: 200, schema: DeploymentResponse } }, async ({ body, res }) => {
    const { response, created } = await database.transaction(async (tx) => {
      const { id, created } = await createDeployment(tx, body);
      return { response: (await readDeploymentResponse(tx, id))!, created };
    });
    res.status(created ? 201 : 200).json(response);
  });
  route(
    { method: 'get', path: '/deployments/name/:flow_name/:deployment_name', summary: 'Read Deployment By Name', tags, params: ByName, response: { status: 200, schema: DeploymentResponse } },
    async ({ params, res }) => {
      const deployment = await repositories().deployments.readByName(params.flow_name, params.deployment_name);
      if (!deployment) throw notFound(NOT_FOUND);
      res.json(serializeDeployment(deployment, await repositories().deploymentSchedules.list(deployment.id)));
    },
  );
  route({ method: 'get', path: '/deployments/:id', summary: 'Read Deployment', tags, params: ById, response: { status: 200, schema: DeploymentResponse } }, async ({ params, res }) => {
    const response = await readDeploymentResponse(repositories(), params.id);
    if (!response) throw notFound(NOT_FOUND);
    res.json(response);
  });
  route({ method: 'patch', path: '/deployments/:id', summary: 'Update Deployment', tags, params: ById, body: DeploymentUpdate, response: { status: 204 } }, async ({ params, body, res }) => {
    await database.transaction((tx) => updateDeployment(tx, params.id, body));
    res.status(204).end();
  });
  route({ method: 'delete', path: '/deployments/:id', summary: 'Delete Deployment', tags, params: ById, response: { status: 204 } }, async ({ params, res }) => {
    if (!(await repositories().deployments.delete(params.id))) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
  route(
    { method: 'post', path: '/deployments/filter', summary: 'Read Deployments', tags, body: deploymentsFilterBody(settings.api.defaultLimit), response: { status: 200, schema: z.array(DeploymentResponse) } },
    async ({ body: { sort, limit, offset, ...filters }, res }) => {
      res.json(await serializeAll(repositories(), await repositories().deployments.list(filters, { sort, limit, offset })));
    },
  );
  route(
    { method: 'post', path: '/deployments/paginate', summary: 'Paginate Deployments', tags, body: deploymentsPaginateBody(settings.api.defaultLimit), response: { status: 200, schema: DeploymentPaginationResponse } },
    async ({ body: { sort, limit, page, ...filters }, res }) => {
      const { deployments } = repositories();
      const [results, count] = await Promise.all([deployments.list(filters, { sort, limit, offset: (page - 1) * limit }), deployments.count(filters)]);
      res.json(paginationPage(await serializeAll(repositories(), results), count, limit, page));
    },
  );
  route({ method: 'post', path: '/deployments/count', summary: 'Count Deployments', tags, body: DeploymentsCountBody, response: { status: 200, schema: z.int() } }, async ({ body, res }) => {
    res.json(await repositories().deployments.count(body));
  });
  route(
    {
      method: 'post',
      path: '/deployments/get_scheduled_flow_runs',
      summary: 'Get Scheduled Flow Runs For Deployments',
      tags,
      body: deploymentScheduledFlowRunsBody(settings.api.defaultLimit),
      response: { status: 200, schema: z.array(FlowRunResponse) },
    },
    async ({ body: { deployment_ids, scheduled_before, limit }, res }) => {
      const runs = await repositories().flowRuns.list(
        {
          deployments: { id: { any_: deployment_ids } },
          flow_runs: { next_scheduled_start_time: { before_: scheduled_before ?? null }, state: { type: { any_: ['SCHEDULED'] } } },
        },
        { sort: 'NEXT_SCHEDULED_START_TIME_ASC', limit },
      );
      // Polling is what makes a deployment READY.
      await repositories().deployments.markPolled(deployment_ids);
      const now = nowTimestamp();
      res.json(runs.map((run) => serializeFlowRun(run, now)));
    },
  );
  route(
    { method: 'post', path: '/deployments/:id/create_flow_run', summary: 'Create Flow Run From Deployment', tags, params: ById, body: DeploymentFlowRunCreate, response: { status: 200, schema: FlowRunResponse } },
    async ({ params, body, req, res }) => {
      const created = await database.transaction((tx) => createFlowRunFromDeployment(tx, params.id, body, automationCreator(req)), { forUpdate: true });
      res.status(created.created ? 201 : 200).json(serializeCreatedRun(created));
    },
  );
  for (const [action, paused] of [['pause_deployment', true], ['resume_deployment', false]] as const) {
    route(
      { method: 'post', path: `/deployments/:id/${action}`, summary: paused ? 'Pause Deployment' : 'Resume Deployment', tags, params: ById, response: { status: 200 } },
      async ({ params, res }) => {
        const { deployments } = repositories();
        if (!(await deployments.update(params.id, { paused }))) throw notFound(NOT_FOUND);
        // Pausing drops the runs the scheduler made; they are made again on resume.
        if (paused) await deployments.deleteScheduledRuns(params.id, { autoScheduledOnly: true, futureOnly: false });
        res.json(null);
      },
    );
  }
}
