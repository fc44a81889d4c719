// Declares a route once: its OpenAPI description and its validation come from the same zod
// schemas, so the published contract cannot drift from what the handler accepts.
import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { OpenApiRoutes, RouteSpec } from '@prefect-server-ts/schemas';
import { body as parseBody, params as parseParams, query as parseQuery } from './validation.ts';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

interface Spec<B extends z.ZodType | undefined, Q extends z.ZodObject | undefined, P extends z.ZodObject | undefined> {
  readonly method: Method;
  readonly path: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly body?: B;
  readonly query?: Q;
  readonly params?: P;
  readonly response?: RouteSpec['response'];
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface Input<B, Q, P> {
  readonly body: Parsed<B>;
  readonly query: Parsed<Q>;
  readonly params: Parsed<P>;
  readonly req: Request;
  readonly res: Response;
}

export type RouteDeclarer = <
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  P extends z.ZodObject | undefined = undefined,
>(
  spec: Spec<B, Q, P>,
  handler: (input: Input<B, Q, P>) => Promise<void> | void,
) => void;

/** A `route(spec, handler)` function that adds routes to `router` and documents them in `docs`. */
export function routeDeclarer(router: Router, docs: OpenApiRoutes): RouteDeclarer {
  return (spec, handler) => {
    docs.registerRoute({
      method: spec.method,
      path: spec.path,
      summary: spec.summary,
      tags: spec.tags,
      ...(spec.body ? { body: spec.body } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.response ? { response: spec.response } : {}),
    });
    router[spec.method](spec.path, async (req, res) => {
      const params = (spec.params ? parseParams(spec.params, req) : undefined) as never;
      const query = (spec.query ? parseQuery(spec.query, req) : undefined) as never;
      const body = (spec.body ? parseBody(spec.body, req) : undefined) as never;
      await handler({ body, query, params, req, res });
    });
  };
}
