// CORS as Prefect configures Starlette's middleware: comma-separated allowed origins,
// methods and headers, each defaulting to "*".
import type { RequestHandler } from 'express';
import type { ApiSettings } from '@prefect-server-ts/settings';

const list = (value: string) => value.split(',').map((v) => v.trim()).filter(Boolean);

export function cors(settings: ApiSettings): RequestHandler {
  const origins = list(settings.corsAllowedOrigins);
  const anyOrigin = origins.includes('*');
  const methods = list(settings.corsAllowedMethods);
  const headers = list(settings.corsAllowedHeaders);
  const allowMethods = methods.includes('*') ? 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT' : methods.join(', ');
  return (req, res, next) => {
    const origin = req.header('origin');
    if (!origin) return next();
    const allowed = anyOrigin || origins.includes(origin);
    if (allowed) {
      res.set('Access-Control-Allow-Origin', anyOrigin ? '*' : origin);
      if (!anyOrigin) res.vary('Origin');
    }
    if (req.method === 'OPTIONS' && req.header('access-control-request-method')) {
      if (!allowed) {
        res.status(400).type('text/plain').send('Disallowed CORS origin');
        return;
      }
      const requestedHeaders = req.header('access-control-request-headers');
      res.set('Access-Control-Allow-Methods', allowMethods);
      res.set('Access-Control-Max-Age', '600');
      if (headers.includes('*') && requestedHeaders) res.set('Access-Control-Allow-Headers', requestedHeaders);
      else if (!headers.includes('*')) res.set('Access-Control-Allow-Headers', headers.join(', '));
      res.status(200).type('text/plain').send('OK');
      return;
    }
    next();
  };
}
