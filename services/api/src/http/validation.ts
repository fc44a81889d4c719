// Request validation with the shared zod schemas. Failures carry Prefect's 422 body, or the
// `{"detail": ...}` body for the checks Prefect makes in the route itself (limit bounds,
// history intervals).
import type { Request } from 'express';
import type { z } from 'zod';
import { httpExceptionDetail, validationErrorBody } from '@prefect-server-ts/schemas';

export class RequestValidationError extends Error {
  readonly body: unknown;
  constructor(body: unknown) {
    super('Invalid request received.');
    this.name = 'RequestValidationError';
    this.body = body;
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown, location: 'body' | 'query' | 'path', requestBody: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const detail = httpExceptionDetail(result.error);
  throw new RequestValidationError(detail === undefined ? validationErrorBody(result.error, requestBody, location, value) : { detail });
}

/** The JSON body; an absent body validates as `{}`, as FastAPI does for bodies of optional fields. */
export const body = <S extends z.ZodType>(schema: S, req: Request): z.output<S> => parse(schema, req.body ?? {}, 'body', req.body ?? null);

export const query = <S extends z.ZodType>(schema: S, req: Request): z.output<S> => parse(schema, req.query, 'query', req.body ?? null);

export const params = <S extends z.ZodType>(schema: S, req: Request): z.output<S> => parse(schema, req.params, 'path', req.body ?? null);
