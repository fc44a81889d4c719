// /flows: created idempotently by name (201 when new, 200 when it existed), filtered with
// Prefect's cross-resource filters, deleted with their runs and deployments.
import { z } from 'zod';
import {
  Flow,
  FlowCreate,
  FlowPaginationResponse,
  FlowsCountBody,
  flowsFilterBody,
  flowsPaginateBody,
  FlowUpdate,
  paginationPage,
  serializeFlow,
  Uuid,
} from '@prefect-server-ts/schemas';
import type { ApiContext } from '../context.ts';
import { notFound } from '../http/http-error.ts';
import type { RouteDeclarer } from '../http/route.ts';

const ById = z.object({ id: Uuid });
const ByName = z.object({ name: z.string() });
const NOT_FOUND = 'Flow not found';
const tags = ['Flows'];

export function flowRoutes({ database, settings }: ApiContext, route: RouteDeclarer): void {
  const flows = () => database.repositories.flows;

  route({ method: 'post', path: '/flows/', summary: 'Create Flow', tags, body: FlowCreate, response: { status: 201, schema: Flow } }, async ({ body, res }) => {
    const { flow, created } = await flows().create(body);
    res.status(created ? 201 : 200).json(serializeFlow(flow));
  });
  route({ method: 'get', path: '/flows/name/:name', summary: 'Read Flow By Name', tags, params: ByName, response: { status: 200, schema: Flow } }, async ({ params, res }) => {
    const flow = await flows().readByName(params.name);
    if (!flow) throw notFound(NOT_FOUND);
    res.json(serializeFlow(flow));
  });
  route({ method: 'get', path: '/flows/:id', summary: 'Read Flow', tags, params: ById, response: { status: 200, schema: Flow } }, async ({ params, res }) => {
    const flow = await flows().read(params.id);
    if (!flow) throw notFound(NOT_FOUND);
    res.json(serializeFlow(flow));
  });
  route({ method: 'patch', path: '/flows/:id', summary: 'Update Flow', tags, params: ById, body: FlowUpdate, response: { status: 204 } }, async ({ params, body, res }) => {
    if (!(await flows().update(params.id, body))) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
  route({ method: 'delete', path: '/flows/:id', summary: 'Delete Flow', tags, params: ById, response: { status: 204 } }, async ({ params, res }) => {
    if (!(await flows().delete(params.id))) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
  route(
    { method: 'post', path: '/flows/filter', summary: 'Read Flows', tags, body: flowsFilterBody(settings.api.defaultLimit), response: { status: 200, schema: z.array(Flow) } },
    async ({ body: { sort, limit, offset, ...filters }, res }) => {
      res.json((await flows().list(filters, { sort, limit, offset })).map(serializeFlow));
    },
  );
  route({ method: 'post', path: '/flows/count', summary: 'Count Flows', tags, body: FlowsCountBody, response: { status: 200, schema: z.int() } }, async ({ body, res }) => {
    res.json(await flows().count(body));
  });
  route(
    { method: 'post', path: '/flows/paginate', summary: 'Paginate Flows', tags, body: flowsPaginateBody(settings.api.defaultLimit), response: { status: 200, schema: FlowPaginationResponse } },
    async ({ body: { sort, limit, page, ...filters }, res }) => {
      const [results, count] = await Promise.all([flows().list(filters, { sort, limit, offset: (page - 1) * limit }), flows().count(filters)]);
      res.json(paginationPage(results.map(serializeFlow), count, limit, page));
    },
  );
}
