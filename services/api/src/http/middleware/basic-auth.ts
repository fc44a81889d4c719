// HTTP basic auth when PREFECT_SERVER_API_AUTH_STRING is set. Liveness and readiness
// probes stay open, as in Prefect, so that orchestrators can check a locked-down server.
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

const OPEN_PATHS = new Set(['/health', '/ready']);

function equal(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function basicAuth(authString: string): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' && OPEN_PATHS.has(req.path)) return next();
    const [scheme, credentials, ...rest] = (req.header('authorization') ?? '').split(' ');
    const decoded = scheme === 'Basic' && credentials && rest.length === 0 ? Buffer.from(credentials, 'base64').toString('utf8') : undefined;
    if (decoded === undefined || !equal(decoded, authString)) {
      res.status(401).json({ exception_message: 'Unauthorized' });
      return;
    }
    next();
  };
}
