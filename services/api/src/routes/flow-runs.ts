// /flow_runs: creation (idempotent per flow and key, first state forced through the global
// policy), reads, Prefect's filters, updates, deletes, orchestrated state changes and resumes.
import { z } from 'zod';
import { orchestrateHeldFlowRun, resolveFlowOptions, setFlowRunState } from '@prefect-server-ts/orchestration';
import {
  DateTime,
  FlowRunCreate,
  FlowRunPaginationResponse,
  FlowRunResponse,
  OrchestrationResult,
  FlowRunsCountBody,
  flowRunsFilterBody,
  flowRunsPaginateBody,
  FlowRunUpdate,
  KeyValueLabels,
  paginationPage,
  ResumeFlowRunBody,
  serializeFlowRun,
  SetFlowRunStateBody,
  Uuid,
} from '@prefect-server-ts/schemas';
import { nowTimestamp, type Database } from '@prefect-server-ts/storage';
import type { ApiContext } from '../context.ts';
import { clientVersion } from '../http/client-version.ts';
import { notFound } from '../http/http-error.ts';
import type { RouteDeclarer } from '../http/route.ts';
import { sendOrchestrationResult } from './orchestration-response.ts';
import { flowRunGraph } from '../read-models/flow-run-graph.ts';
import { resumeFlowRun } from '../flow-runs/resume.ts';
import { orchestrationSettings } from '../orchestration-settings.ts';

const ById = z.object({ id: Uuid });
const NOT_FOUND = 'Flow run not found';
const tags = ['Flow Runs'];
const GraphQuery = z.object({ since: DateTime.default('0001-01-01T00:00:00Z') });

/** The queue a run created with `work_pool_name` goes to: the one named, or the pool's default. */
async function workQueueOf(database: Database, poolName: string, queueName: string | null) {
  if (queueName) {
    const queue = await database.repositories.workQueues.readByName(poolName, queueName);
    if (!queue) throw notFound(`Work pool queue '${poolName}/${queueName}' not found.`);
    return queue;
  }
  const pool = await database.repositories.workPools.readByName(poolName);
  if (!pool) throw notFound(`Work pool "${poolName}" not found.`);
  return pool.default_queue_id ? database.repositories.workQueues.read(pool.default_queue_id) : null;
}

export function flowRunRoutes({ database, settings, metrics }: ApiContext, route: RouteDeclarer): void {
  const flowRuns = () => database.repositories.flowRuns;
  const flowSettings = orchestrationSettings(settings);

  route({ method: 'post', path: '/flow_runs/', summary: 'Create Flow Run', tags, body: FlowRunCreate, response: { status: 201, schema: FlowRunResponse } }, async ({ body, res }) => {
    const { state, work_pool_name: poolName, labels, ...run } = body;
    const queue = poolName ? await workQueueOf(database, poolName, run.work_queue_name) : null;
    // One transaction: a run is never visible without its first state.
    const { run: stored, created } = await database.transaction(
      async (tx) => {
        const result = await tx.flowRuns.create({ ...run, labels: labels ?? {}, ...(queue ? { work_queue_id: queue.id, work_queue_name: queue.name } : {}) });
        if (!result.created) return result;
        await orchestrateHeldFlowRun(tx, result.run, state ?? { type: 'PENDING' }, resolveFlowOptions({ force: true }));
        return { run: (await tx.flowRuns.read(result.run.id))!, created: true };
      },
      { forUpdate: true },
    );
    res.status(created ? 201 : 200).json(serializeFlowRun(stored, nowTimestamp()));
  });
  route({ method: 'get', path: '/flow_runs/:id', summary: 'Read Flow Run', tags, params: ById, response: { status: 200, schema: FlowRunResponse } }, async ({ params, res }) => {
    const run = await flowRuns().read(params.id);
    if (!run) throw notFound(NOT_FOUND);
    res.json(serializeFlowRun(run, nowTimestamp()));
  });
  route({ method: 'get', path: '/flow_runs/:id/graph-v2', summary: 'Read Flow Run Graph V2', tags, params: ById, query: GraphQuery, response: { status: 200 } }, async ({ params, query, res }) => {
    const run = await flowRuns().read(params.id);
    if (!run) throw notFound(NOT_FOUND);
    const [rows, states] = await Promise.all([flowRuns().graphRows(run.id), flowRuns().readStates(run.id)]);
    res.json(flowRunGraph(run, rows, states, query.since));
  });
  route({ method: 'patch', path: '/flow_runs/:id/labels', summary: 'Update Flow Run Labels', tags, params: ById, body: KeyValueLabels, response: { status: 204 } }, async ({ params, body, res }) => {
    const merged = await database.transaction(
      async (tx) => {
        const run = await tx.flowRuns.read(params.id, { forUpdate: true });
        return run && tx.flowRuns.update(params.id, { labels: { ...(run.labels ?? {}), ...body } });
      },
      { forUpdate: true },
    );
    if (!merged) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
  route({ method: 'patch', path: '/flow_runs/:id', summary: 'Update Flow Run', tags, params: ById, body: FlowRunUpdate, response: { status: 204 } }, async ({ params, body, res }) => {
    if (!(await flowRuns().update(params.id, body))) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
  route({ method: 'delete', path: '/flow_runs/:id', summary: 'Delete Flow Run', tags, params: ById, response: { status: 204 } }, async ({ params, res }) => {
    if (!(await flowRuns().delete(params.id))) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
  route(
    { method: 'post', path: '/flow_runs/filter', summary: 'Read Flow Runs', tags, body: flowRunsFilterBody(settings.api.defaultLimit), response: { status: 200, schema: z.array(FlowRunResponse) } },
    async ({ body: { sort, limit, offset, ...filters }, res }) => {
      const now = nowTimestamp();
      res.json((await flowRuns().list(filters, { sort, limit, offset })).map((run) => serializeFlowRun(run, now)));
    },
  );
  route({ method: 'post', path: '/flow_runs/count', summary: 'Count Flow Runs', tags, body: FlowRunsCountBody, response: { status: 200, schema: z.int() } }, async ({ body, res }) => {
    res.json(await flowRuns().count(body));
  });
  route(
    { method: 'post', path: '/flow_runs/paginate', summary: 'Paginate Flow Runs', tags, body: flowRunsPaginateBody(settings.api.defaultLimit), response: { status: 200, schema: FlowRunPaginationResponse } },
    async ({ body: { sort, limit, page, ...filters }, res }) => {
      const [results, count] = await Promise.all([flowRuns().list(filters, { sort, limit, offset: (page - 1) * limit }), flowRuns().count(filters)]);
      const now = nowTimestamp();
      res.json(paginationPage(results.map((run) => serializeFlowRun(run, now)), count, limit, page));
    },
  );
  route(
    { method: 'post', path: '/flow_runs/:id/set_state', summary: 'Set Flow Run State', tags, params: ById, body: SetFlowRunStateBody, response: { status: 201, schema: OrchestrationResult } },
    async ({ params, body: { state, force }, req, res }) => {
      const requestedAt = nowTimestamp();
      const result = await setFlowRunState(database, params.id, state, {
        force,
        parameters: { 'api-version': req.header('x-prefect-api-version') },
        clientVersion: clientVersion(req),
        settings: flowSettings,
        observe: metrics?.onTransition,
      });
      if (!result) throw notFound(NOT_FOUND);
      sendOrchestrationResult(res, result, requestedAt);
    },
  );
  route(
    { method: 'post', path: '/flow_runs/:id/resume', summary: 'Resume Flow Run', tags, params: ById, body: ResumeFlowRunBody, response: { status: 200, schema: OrchestrationResult } },
    async ({ params, body, req, res }) => {
      const requestedAt = nowTimestamp();
      // Prefect answers an unknown run with a 500; a 404 says what is wrong.
      const result = await resumeFlowRun(database, params.id, body.run_input, { 'api-version': req.header('x-prefect-api-version') }, metrics?.onTransition);
      if (!result) throw notFound(NOT_FOUND);
      sendOrchestrationResult(res, result, requestedAt);
    },
  );
}
