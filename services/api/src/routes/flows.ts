// /flows: created idempotently by name (201 when new, 200 when it existed), filtered with
// Prefect's cross-resource filters, deleted with their runs and deployments.
import { Router } from 'express';
import { z } from 'zod';
import { FlowCreate, FlowsCountBody, flowsFilterBody, flowsPaginateBody, FlowUpdate, paginationPage, serializeFlow, Uuid } from '@prefect-server-ts/schemas';
import type { ApiContext } from '../context.ts';
import { notFound } from '../http/http-error.ts';
import { body, params } from '../http/validation.ts';

const ById = z.object({ id: Uuid });
const ByName = z.object({ name: z.string() });
const NOT_FOUND = 'Flow not found';

export function flowRoutes({ database, settings }: ApiContext): Router {
  const router = Router();
  const flows = () => database.repositories.flows;
  const FilterBody = flowsFilterBody(settings.api.defaultLimit);
  const PaginateBody = flowsPaginateBody(settings.api.defaultLimit);

  router.post('/flows/', async (req, res) => {
    const { flow, created } = await flows().create(body(FlowCreate, req));
    res.status(created ? 201 : 200).json(serializeFlow(flow));
  });
  router.get('/flows/name/:name', async (req, res) => {
    const flow = await flows().readByName(params(ByName, req).name);
    if (!flow) throw notFound(NOT_FOUND);
    res.json(serializeFlow(flow));
  });
  router.get('/flows/:id', async (req, res) => {
    const flow = await flows().read(params(ById, req).id);
    if (!flow) throw notFound(NOT_FOUND);
    res.json(serializeFlow(flow));
  });
  router.patch('/flows/:id', async (req, res) => {
    if (!(await flows().update(params(ById, req).id, body(FlowUpdate, req)))) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
  router.delete('/flows/:id', async (req, res) => {
    if (!(await flows().delete(params(ById, req).id))) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
  router.post('/flows/filter', async (req, res) => {
    const { sort, limit, offset, ...filters } = body(FilterBody, req);
    res.json((await flows().list(filters, { sort, limit, offset })).map(serializeFlow));
  });
  router.post('/flows/count', async (req, res) => {
    res.json(await flows().count(body(FlowsCountBody, req)));
  });
  router.post('/flows/paginate', async (req, res) => {
    const { sort, limit, page, ...filters } = body(PaginateBody, req);
    const [results, count] = await Promise.all([flows().list(filters, { sort, limit, offset: (page - 1) * limit }), flows().count(filters)]);
    res.json(paginationPage(results.map(serializeFlow), count, limit, page));
  });
  return router;
}
