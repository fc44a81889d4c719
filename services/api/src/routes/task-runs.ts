// /task_runs: creation (idempotent per flow run, task key and dynamic key), reads, filters,
// deletes and orchestrated state changes.
import { z } from 'zod';
import { orchestrateHeldTaskRun, resolveTaskOptions, setTaskRunState } from '@prefect-server-ts/orchestration';
import {
  OrchestrationResult,
  serializeTaskRun,
  SetTaskRunStateBody,
  TaskRun,
  TaskRunCreate,
  TaskRunsCountBody,
  taskRunsFilterBody,
  TaskRunUpdate,
  Uuid,
} from '@prefect-server-ts/schemas';
import { nowTimestamp } from '@prefect-server-ts/storage';
import type { ApiContext } from '../context.ts';
import { notFound } from '../http/http-error.ts';
import type { RouteDeclarer } from '../http/route.ts';
import { sendOrchestrationResult } from './orchestration-response.ts';

const ById = z.object({ id: Uuid });
const NOT_FOUND = 'Task not found';
const tags = ['Task Runs'];

export function taskRunRoutes({ database, settings, metrics }: ApiContext, route: RouteDeclarer): void {
  const taskRuns = () => database.repositories.taskRuns;

  route({ method: 'post', path: '/task_runs/', summary: 'Create Task Run', tags, body: TaskRunCreate, response: { status: 201, schema: TaskRun } }, async ({ body, res }) => {
    const { state, id, labels, ...run } = body;
    const { run: stored, created } = await database.transaction(
      async (tx) => {
        const result = await tx.taskRuns.create({ ...run, ...(id ? { id } : {}), labels: labels ?? {} });
        if (!result.created) return result;
        const first = state ?? { type: 'PENDING' as const };
        await orchestrateHeldTaskRun(tx, result.run, first, resolveTaskOptions(first, { force: true }));
        return { run: (await tx.taskRuns.read(result.run.id))!, created: true };
      },
      { forUpdate: true },
    );
    res.status(created ? 201 : 200).json(serializeTaskRun(stored, nowTimestamp()));
  });
  route({ method: 'get', path: '/task_runs/:id', summary: 'Read Task Run', tags, params: ById, response: { status: 200, schema: TaskRun } }, async ({ params, res }) => {
    const run = await taskRuns().read(params.id);
    if (!run) throw notFound(NOT_FOUND);
    res.json(serializeTaskRun(run, nowTimestamp()));
  });
  route({ method: 'patch', path: '/task_runs/:id', summary: 'Update Task Run', tags, params: ById, body: TaskRunUpdate, response: { status: 204 } }, async ({ params, body, res }) => {
    if (!(await taskRuns().update(params.id, body))) throw notFound('Task run not found');
    res.status(204).end();
  });
  route({ method: 'delete', path: '/task_runs/:id', summary: 'Delete Task Run', tags, params: ById, response: { status: 204 } }, async ({ params, res }) => {
    if (!(await taskRuns().delete(params.id))) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
  route(
    { method: 'post', path: '/task_runs/filter', summary: 'Read Task Runs', tags, body: taskRunsFilterBody(settings.api.defaultLimit), response: { status: 200, schema: z.array(TaskRun) } },
    async ({ body: { sort, limit, offset, ...filters }, res }) => {
      const now = nowTimestamp();
      res.json((await taskRuns().list(filters, { sort, limit, offset })).map((run) => serializeTaskRun(run, now)));
    },
  );
  route({ method: 'post', path: '/task_runs/count', summary: 'Count Task Runs', tags, body: TaskRunsCountBody, response: { status: 200, schema: z.int() } }, async ({ body, res }) => {
    res.json(await taskRuns().count(body));
  });
  route(
    { method: 'post', path: '/task_runs/:id/set_state', summary: 'Set Task Run State', tags, params: ById, body: SetTaskRunStateBody, response: { status: 201, schema: OrchestrationResult } },
    async ({ params, body: { state, force }, res }) => {
      const requestedAt = nowTimestamp();
      const result = await setTaskRunState(database, params.id, state, { force, observe: metrics?.onTransition });
      if (!result) throw notFound(NOT_FOUND);
      sendOrchestrationResult(res, result, requestedAt);
    },
  );
}
