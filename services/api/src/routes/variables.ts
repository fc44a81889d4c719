// /variables: the smallest resource, and the pattern the other routes follow.
import { z } from 'zod';
import {
  serializeVariable,
  Uuid,
  Variable,
  VariableCreate,
  VariableUpdate,
  variablesFilterBody,
  VariablesCountBody,
} from '@prefect-server-ts/schemas';
import { UniqueViolationError } from '@prefect-server-ts/storage';
import type { ApiContext } from '../context.ts';
import { conflict, notFound } from '../http/http-error.ts';
import type { RouteDeclarer } from '../http/route.ts';

const ById = z.object({ id: Uuid });
const ByName = z.object({ name: z.string() });
const NOT_FOUND = 'Variable not found.';
const tags = ['Variables'];

/** A null name or tags in an update means "leave unchanged"; a null value is a value. */
function changes(update: VariableUpdate): { name?: string; value?: unknown; tags?: string[] } {
  return {
    ...(update.name == null ? {} : { name: update.name }),
    ...(update.value === undefined ? {} : { value: update.value }),
    ...(update.tags == null ? {} : { tags: update.tags }),
  };
}

async function renamed(update: Promise<boolean>): Promise<void> {
  try {
    if (!(await update)) throw notFound(NOT_FOUND);
  } catch (error) {
    if (error instanceof UniqueViolationError) throw conflict('A variable with that name already exists.');
    throw error;
  }
}

export function variableRoutes({ database, settings }: ApiContext, route: RouteDeclarer): void {
  const variables = () => database.repositories.variables;

  route({ method: 'post', path: '/variables/', summary: 'Create Variable', tags, body: VariableCreate, response: { status: 201, schema: Variable } }, async ({ body, res }) => {
    try {
      res.status(201).json(serializeVariable(await variables().create(body)));
    } catch (error) {
      if (error instanceof UniqueViolationError) throw conflict(`A variable with the name '${body.name}' already exists.`);
      throw error;
    }
  });
  route({ method: 'get', path: '/variables/name/:name', summary: 'Read Variable By Name', tags, params: ByName, response: { status: 200, schema: Variable } }, async ({ params, res }) => {
    const variable = await variables().readByName(params.name);
    if (!variable) throw notFound(NOT_FOUND);
    res.json(serializeVariable(variable));
  });
  route({ method: 'get', path: '/variables/:id', summary: 'Read Variable', tags, params: ById, response: { status: 200, schema: Variable } }, async ({ params, res }) => {
    const variable = await variables().read(params.id);
    if (!variable) throw notFound(NOT_FOUND);
    res.json(serializeVariable(variable));
  });
  route(
    { method: 'post', path: '/variables/filter', summary: 'Read Variables', tags, body: variablesFilterBody(settings.api.defaultLimit), response: { status: 200, schema: z.array(Variable) } },
    async ({ body: { variables: filter, sort, limit, offset }, res }) => {
      res.json((await variables().list(filter ?? undefined, { sort, limit, offset })).map(serializeVariable));
    },
  );
  route({ method: 'post', path: '/variables/count', summary: 'Count Variables', tags, body: VariablesCountBody, response: { status: 200, schema: z.int() } }, async ({ body, res }) => {
    res.json(await variables().count(body.variables ?? undefined));
  });
  route({ method: 'patch', path: '/variables/name/:name', summary: 'Update Variable By Name', tags, params: ByName, body: VariableUpdate, response: { status: 204 } }, async ({ params, body, res }) => {
    await renamed(variables().updateByName(params.name, changes(body)));
    res.status(204).end();
  });
  route({ method: 'patch', path: '/variables/:id', summary: 'Update Variable', tags, params: ById, body: VariableUpdate, response: { status: 204 } }, async ({ params, body, res }) => {
    await renamed(variables().update(params.id, changes(body)));
    res.status(204).end();
  });
  route({ method: 'delete', path: '/variables/name/:name', summary: 'Delete Variable By Name', tags, params: ByName, response: { status: 204 } }, async ({ params, res }) => {
    if (!(await variables().deleteByName(params.name))) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
  route({ method: 'delete', path: '/variables/:id', summary: 'Delete Variable', tags, params: ById, response: { status: 204 } }, async ({ params, res }) => {
    if (!(await variables().delete(params.id))) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
}
