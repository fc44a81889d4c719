// /flow_run_states and /task_run_states: a run's state history, and one state by id.
import { z } from 'zod';
import { serializeState, State, Uuid } from '@prefect-server-ts/schemas';
import type { ApiContext } from '../context.ts';
import { notFound } from '../http/http-error.ts';
import type { RouteDeclarer } from '../http/route.ts';

const ById = z.object({ id: Uuid });

export function runStateRoutes({ database }: ApiContext, route: RouteDeclarer): void {
  for (const [path, key, repository, missing, title] of [
    ['/flow_run_states', 'flow_run_id', () => database.repositories.flowRuns, 'Flow run state not found', 'Flow Run'],
    // Prefect answers a missing task run state with the flow run state message.
    ['/task_run_states', 'task_run_id', () => database.repositories.taskRuns, 'Flow run state not found', 'Task Run'],
  ] as const) {
    const tags = [`${title} States`];
    const ByRun = z.object({ [key]: Uuid });
    route({ method: 'get', path: `${path}/:id`, summary: `Read ${title} State`, tags, params: ById, response: { status: 200, schema: State } }, async ({ params, res }) => {
      const state = await repository().readState(params.id);
      if (!state) throw notFound(missing);
      res.json(serializeState(state));
    });
    route({ method: 'get', path: `${path}/`, summary: `Read ${title} States`, tags, query: ByRun, response: { status: 200, schema: z.array(State) } }, async ({ query, res }) => {
      res.json((await repository().readStates((query as Record<string, string>)[key]!)).map(serializeState));
    });
  }
}
