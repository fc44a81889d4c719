// /task_runs: creation (idempotent per flow run, task key and dynamic key), reads, filters,
// deletes and orchestrated state changes.
import { Router } from 'express';
import { z } from 'zod';
import { orchestrateTaskRunState, resolveTaskOptions, setTaskRunState } from '@prefect-server-ts/orchestration';
import { serializeTaskRun, SetTaskRunStateBody, TaskRunCreate, TaskRunsCountBody, taskRunsFilterBody, TaskRunUpdate, Uuid } from '@prefect-server-ts/schemas';
import { nowTimestamp } from '@prefect-server-ts/storage';
import type { ApiContext } from '../context.ts';
import { notFound } from '../http/http-error.ts';
import { body, params } from '../http/validation.ts';
import { sendOrchestrationResult } from './orchestration-response.ts';

const ById = z.object({ id: Uuid });
const NOT_FOUND = 'Task not found';

export function taskRunRoutes({ database, settings }: ApiContext): Router {
  const router = Router();
  const taskRuns = () => database.repositories.taskRuns;
  const FilterBody = taskRunsFilterBody(settings.api.defaultLimit);

  router.post('/task_runs/', async (req, res) => {
    const { state, id, labels, ...run } = body(TaskRunCreate, req);
    const { run: stored, created } = await database.transaction(
      async (tx) => {
        const result = await tx.taskRuns.create({ ...run, ...(id ? { id } : {}), labels: labels ?? {} });
        if (!result.created) return result;
        const first = state ?? { type: 'PENDING' as const };
        await orchestrateTaskRunState(tx, result.run.id, first, resolveTaskOptions(first, { force: true }));
        return { run: (await tx.taskRuns.read(result.run.id))!, created: true };
      },
      { forUpdate: true },
    );
    res.status(created ? 201 : 200).json(serializeTaskRun(stored, nowTimestamp()));
  });
  router.get('/task_runs/:id', async (req, res) => {
    const run = await taskRuns().read(params(ById, req).id);
    if (!run) throw notFound(NOT_FOUND);
    res.json(serializeTaskRun(run, nowTimestamp()));
  });
  router.patch('/task_runs/:id', async (req, res) => {
    if (!(await taskRuns().update(params(ById, req).id, body(TaskRunUpdate, req)))) throw notFound('Task run not found');
    res.status(204).end();
  });
  router.delete('/task_runs/:id', async (req, res) => {
    if (!(await taskRuns().delete(params(ById, req).id))) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
  router.post('/task_runs/filter', async (req, res) => {
    const { sort, limit, offset, ...filters } = body(FilterBody, req);
    const now = nowTimestamp();
    res.json((await taskRuns().list(filters, { sort, limit, offset })).map((run) => serializeTaskRun(run, now)));
  });
  router.post('/task_runs/count', async (req, res) => {
    res.json(await taskRuns().count(body(TaskRunsCountBody, req)));
  });
  router.post('/task_runs/:id/set_state', async (req, res) => {
    const { id } = params(ById, req);
    const { state, force } = body(SetTaskRunStateBody, req);
    const requestedAt = nowTimestamp();
    const result = await setTaskRunState(database, id, state, { force });
    if (!result) throw notFound(NOT_FOUND);
    sendOrchestrationResult(res, result, requestedAt);
  });
  return router;
}
