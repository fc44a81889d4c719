// /variables: the smallest resource, and the pattern the other routes follow.
import { Router } from 'express';
import { z } from 'zod';
import {
  serializeVariable,
  Uuid,
  VariableCreate,
  VariableUpdate,
  variablesFilterBody,
  VariablesCountBody,
} from '@prefect-server-ts/schemas';
import { UniqueViolationError } from '@prefect-server-ts/storage';
import type { ApiContext } from '../context.ts';
import { conflict, notFound } from '../http/http-error.ts';
import { body, params } from '../http/validation.ts';

const ById = z.object({ id: Uuid });
const ByName = z.object({ name: z.string() });
const NOT_FOUND = 'Variable not found.';

export function variableRoutes({ database, settings }: ApiContext): Router {
  const router = Router();
  const variables = () => database.repositories.variables;
  const FilterBody = variablesFilterBody(settings.api.defaultLimit);

  router.post('/variables/', async (req, res) => {
    const input = body(VariableCreate, req);
    try {
      res.status(201).json(serializeVariable(await variables().create(input)));
    } catch (error) {
      if (error instanceof UniqueViolationError) throw conflict(`A variable with the name '${input.name}' already exists.`);
      throw error;
    }
  });
  router.get('/variables/name/:name', async (req, res) => {
    const variable = await variables().readByName(params(ByName, req).name);
    if (!variable) throw notFound(NOT_FOUND);
    res.json(serializeVariable(variable));
  });
  router.get('/variables/:id', async (req, res) => {
    const variable = await variables().read(params(ById, req).id);
    if (!variable) throw notFound(NOT_FOUND);
    res.json(serializeVariable(variable));
  });
  router.post('/variables/filter', async (req, res) => {
    const { variables: filter, sort, limit, offset } = body(FilterBody, req);
    res.json((await variables().list(filter ?? undefined, { sort, limit, offset })).map(serializeVariable));
  });
  router.post('/variables/count', async (req, res) => {
    res.json(await variables().count(body(VariablesCountBody, req).variables ?? undefined));
  });
  const patch = async (found: Promise<boolean>) => {
    try {
      if (!(await found)) throw notFound(NOT_FOUND);
    } catch (error) {
      if (error instanceof UniqueViolationError) throw conflict('A variable with that name already exists.');
      throw error;
    }
  };
  router.patch('/variables/name/:name', async (req, res) => {
    await patch(variables().updateByName(params(ByName, req).name, dropNulls(body(VariableUpdate, req))));
    res.status(204).end();
  });
  router.patch('/variables/:id', async (req, res) => {
    await patch(variables().update(params(ById, req).id, dropNulls(body(VariableUpdate, req))));
    res.status(204).end();
  });
  router.delete('/variables/name/:name', async (req, res) => {
    if (!(await variables().deleteByName(params(ByName, req).name))) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
  router.delete('/variables/:id', async (req, res) => {
    if (!(await variables().delete(params(ById, req).id))) throw notFound(NOT_FOUND);
    res.status(204).end();
  });
  return router;
}

/** A null name or tags in an update means "leave unchanged"; a null value is a value. */
function dropNulls(update: VariableUpdate): { name?: string; value?: unknown; tags?: string[] } {
  return {
    ...(update.name == null ? {} : { name: update.name }),
    ...(update.value === undefined ? {} : { value: update.value }),
    ...(update.tags == null ? {} : { tags: update.tags }),
  };
}
