// The route template a request matched (`/api/flow_runs/:id`), read once its response has
// finished. Express restores req.baseUrl when an error leaves a router, so a router that
// wants its prefix kept remembers it on the way in.
import type { Request, RequestHandler } from 'express';

const bases = new WeakMap<Request, string>();

export const rememberRouteBase: RequestHandler = (req, _res, next) => {
  bases.set(req, req.baseUrl);
  next();
};

/** Undefined when no route matched. */
export function routeTemplate(req: Request): string | undefined {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${bases.get(req) ?? req.baseUrl}${path}` : undefined;
}
