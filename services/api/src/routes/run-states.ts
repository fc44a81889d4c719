// /flow_run_states and /task_run_states: a run's state history, and one state by id.
import { Router } from 'express';
import { z } from 'zod';
import { serializeState, Uuid } from '@prefect-server-ts/schemas';
import type { ApiContext } from '../context.ts';
import { notFound } from '../http/http-error.ts';
import { params, query } from '../http/validation.ts';

const ById = z.object({ id: Uuid });

export function runStateRoutes({ database }: ApiContext): Router {
  const router = Router();
  for (const [path, key, repository, missing] of [
    ['/flow_run_states', 'flow_run_id', () => database.repositories.flowRuns, 'Flow run state not found'],
    // Prefect answers a missing task run state with the flow run state message.
    ['/task_run_states', 'task_run_id', () => database.repositories.taskRuns, 'Flow run state not found'],
  ] as const) {
    const ByRun = z.object({ [key]: Uuid });
    router.get(`${path}/:id`, async (req, res) => {
      const state = await repository().readState(params(ById, req).id);
      if (!state) throw notFound(missing);
      res.json(serializeState(state));
    });
    router.get(`${path}/`, async (req, res) => {
      const runId = (query(ByRun, req) as Record<string, string>)[key]!;
      res.json((await repository().readStates(runId)).map(serializeState));
    });
  }
  return router;
}
