// /flow_runs: creation (idempotent per flow and key, first state forced through the global
// policy), reads, Prefect's filters, updates, deletes and orchestrated state changes.
import { Router } from 'express';
import { z } from 'zod';
import { orchestrateFlowRunState, resolveFlowOptions, setFlowRunState } from '@prefect-server-ts/orchestration';
import {
  FlowRunCreate,
  FlowRunsCountBody,
  flowRunsFilterBody,
  flowRunsPaginateBody,
  FlowRunUpdate,
  KeyValueLabels,
  paginationPage,
  serializeFlowRun,
  SetFlowRunStateBody,
  Uuid,
} from '@prefect-server-ts/schemas';
import { nowTimestamp } from '@prefect-server-ts/storage';
import type { ApiContext } from '../context.ts';
import { notFound } from '../http/http-error.ts';
import { body, params } from '../http/validation.ts';
import { sendOrchestrationResult } from './orchestration-response.ts';

const ById = z.object({ id: Uuid });
const NOT_FOUND = 'Flow run not found';

export function flowRunRoutes({ database, settings }: ApiContext): Router {
  const router = Router();
  const flowRuns = () => database.repositories.flowRuns;
  const FilterBody = flowRunsFilterBody(settings.api.defaultLimit);
  const PaginateBody = flowRunsPaginateBody(settings.api.defaultLimit);

  router.post('/flow_runs/', async (req, res) => {
    const { state, work_pool_name: _pool, labels, ...run } = body(FlowRunCreate, req);
    // One transaction: a run is never visible without its first state.
    const { run: stored, created } = await database.transaction(
      async (tx) => {
        const result = await tx.flowRuns.create({ ...run, labels: labels ?? {} });
        if (!result.created) return result;
        await orchestrateFlowRunState(tx, result.run.id, state ?? { type: 'PENDING' }, resolveFlowOptions({ force: true }));
        return { run: (await tx.flowRuns.read(result.run.id))!, created: true };
      },
      { forUpdate: true },
    );
    res.status(created ? 201 : 200).json(serializeFlowRun(stored, nowTimestamp()));
  });
  router.get('/flow_runs/:id', async (req, res) => {
    const run = await flowRuns().read(params(ById, req).id);
    if (!run) throw notFound(NOT_FOUND);
    res.json(serializeFlowRun(run, nowTimestamp()));
  });
  router.patch('/flow_runs/:id/labels', async (req, res) => {
    const { id } = params(ById, req);
    const labels = body(KeyValueLabels, req);
    const merged = await database.transaction(
      async (tx) => {
        const run = await tx.flowRuns.read(id, { forUpdate: true });
        return run && tx.flowRuns.update(id, { labels: { ...(run.labels ?? {}), ...labels } });
      },
      { forUpdate: true },
    );
    if (!merged) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
  router.patch('/flow_runs/:id', async (req, res) => {
    if (!(await flowRuns().update(params(ById, req).id, body(FlowRunUpdate, req)))) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
  router.delete('/flow_runs/:id', async (req, res) => {
    if (!(await flowRuns().delete(params(ById, req).id))) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
  router.post('/flow_runs/filter', async (req, res) => {
    const { sort, limit, offset, ...filters } = body(FilterBody, req);
    const now = nowTimestamp();
    res.json((await flowRuns().list(filters, { sort, limit, offset })).map((run) => serializeFlowRun(run, now)));
  });
  router.post('/flow_runs/count', async (req, res) => {
    res.json(await flowRuns().count(body(FlowRunsCountBody, req)));
  });
  router.post('/flow_runs/paginate', async (req, res) => {
    const { sort, limit, page, ...filters } = body(PaginateBody, req);
    const [results, count] = await Promise.all([flowRuns().list(filters, { sort, limit, offset: (page - 1) * limit }), flowRuns().count(filters)]);
    const now = nowTimestamp();
    res.json(paginationPage(results.map((run) => serializeFlowRun(run, now)), count, limit, page));
  });
  router.post('/flow_runs/:id/set_state', async (req, res) => {
    const { id } = params(ById, req);
    const { state, force } = body(SetFlowRunStateBody, req);
    const requestedAt = nowTimestamp();
    const result = await setFlowRunState(database, id, state, { force, parameters: { 'api-version': req.header('x-prefect-api-version') } });
    if (!result) throw notFound(NOT_FOUND);
    sendOrchestrationResult(res, result, requestedAt);
  });
  return router;
}
