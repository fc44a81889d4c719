// /flow_runs/{id}/input: keyed values a flow run receives (pause schemas and responses,
// inputs sent by other runs), created once per key, filtered by key prefix, read as text.
import { z } from 'zod';
import { FlowRunInput, FlowRunInputCreate, FlowRunInputFilterBody, serializeFlowRunInput, Uuid } from '@prefect-server-ts/schemas';
import { ForeignKeyViolationError, UniqueViolationError } from '@prefect-server-ts/storage';
import type { ApiContext } from '../context.ts';
import { conflict, notFound } from '../http/http-error.ts';
import type { RouteDeclarer } from '../http/route.ts';

const ById = z.object({ id: Uuid });
const ByKey = z.object({ id: Uuid, key: z.string().meta({ description: 'The input key' }) });
const NOT_FOUND = 'Flow run input not found';
const tags = ['Flow Runs'];

export function flowRunInputRoutes({ database }: ApiContext, route: RouteDeclarer): void {
  const inputs = () => database.repositories.flowRunInputs;

  route(
    { method: 'post', path: '/flow_runs/:id/input', summary: 'Create Flow Run Input', tags, params: ById, body: FlowRunInputCreate, response: { status: 201 } },
    async ({ params, body, res }) => {
      try {
        await inputs().create({ flow_run_id: params.id, ...body });
      } catch (error) {
        if (error instanceof UniqueViolationError) throw conflict('A flow run input with this key already exists.');
        if (error instanceof ForeignKeyViolationError) throw notFound('Flow run not found');
        throw error;
      }
      res.status(201).json(null);
    },
  );
  route(
    { method: 'post', path: '/flow_runs/:id/input/filter', summary: 'Filter Flow Run Input', tags, params: ById, body: FlowRunInputFilterBody, response: { status: 200, schema: z.array(FlowRunInput) } },
    async ({ params, body: { prefix, limit, exclude_keys: excludeKeys }, res }) => {
      res.json((await inputs().filter(params.id, { prefix, limit, excludeKeys })).map(serializeFlowRunInput));
    },
  );
  route({ method: 'get', path: '/flow_runs/:id/input/:key', summary: 'Read Flow Run Input', tags, params: ByKey, response: { status: 200 } }, async ({ params, res }) => {
    const input = await inputs().read(params.id, params.key);
    if (!input) throw notFound(NOT_FOUND);
    // The stored text as it is (Prefect's PlainTextResponse), not a JSON string.
    res.type('text/plain; charset=utf-8').send(input.value);
  });
  route({ method: 'delete', path: '/flow_runs/:id/input/:key', summary: 'Delete Flow Run Input', tags, params: ByKey, response: { status: 204 } }, async ({ params, res }) => {
    if (!(await inputs().delete(params.id, params.key))) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
}
