// The express application: Prefect's middleware order, every route under /api, and
// /ui-settings at the root.
import express, { type Express } from 'express';
import { OpenApiRoutes } from '@prefect-server-ts/schemas';
import type { ApiContext } from './context.ts';
import { errorHandler } from './http/error-handler.ts';
import { enforceMinimumApiVersion } from './http/middleware/api-version.ts';
import { basicAuth } from './http/middleware/basic-auth.ts';
import { cors } from './http/middleware/cors.ts';
import { csrfProtection } from './http/middleware/csrf.ts';
import { httpMetrics } from './http/middleware/http-metrics.ts';
import { oneRequestPerTurn } from './http/middleware/one-request-per-turn.ts';
import { requestLog } from './http/middleware/request-log.ts';
import { routeDeclarer } from './http/route.ts';
import { rememberRouteBase } from './http/route-template.ts';
import { adminRoutes, PREFECT_VERSION } from './routes/admin.ts';
import { deploymentScheduleRoutes } from './routes/deployment-schedules.ts';
import { deploymentRoutes } from './routes/deployments.ts';
import { eventRoutes } from './routes/events.ts';
import { flowRunInputRoutes } from './routes/flow-run-inputs.ts';
import { flowRunRoutes } from './routes/flow-runs.ts';
import { flowRoutes } from './routes/flows.ts';
import { logRoutes } from './routes/logs.ts';
import { metricsEndpoint } from './routes/metrics.ts';
import { rootRoutes } from './routes/root.ts';
import { runHistoryRoutes } from './routes/run-history.ts';
import { runStateRoutes } from './routes/run-states.ts';
import { taskRunRoutes } from './routes/task-runs.ts';
import { uiSettingsRoutes } from './routes/ui-settings.ts';
import { variableRoutes } from './routes/variables.ts';
import { workPoolRoutes } from './routes/work-pools.ts';
import { workQueueRoutes } from './routes/work-queues.ts';
import { workerRoutes } from './routes/workers.ts';
import { concurrencyLeaseRoutes } from './routes/concurrency-leases.ts';

/** Prefect's clients post batches of logs and events; FastAPI sets no body limit. */
const BODY_LIMIT = '100mb';

export function createApp(context: ApiContext, apiUrl: () => string): Express {
  const { database, settings, log } = context;
  const app = express();
  app.disable('x-powered-by');
  // Prefect sends no ETag, and hashing every body (a 200-run page is ~400 kB) cost CPU on
  // each answer for a header no client reads.
  app.set('etag', false);
  app.set('query parser', 'extended');
  app.use(requestLog(log));
  if (context.metrics) app.use(httpMetrics(context.metrics.observeHttpRequest));
  app.use(oneRequestPerTurn());
  app.use(cors(settings.api));
  app.use(uiSettingsRoutes(context, apiUrl));

  const api = express.Router();
  api.use(rememberRouteBase);
  if (settings.api.authString !== undefined) api.use(basicAuth(settings.api.authString));
  api.use(enforceMinimumApiVersion);
  // Clients before Prefect 3.6.19 send JSON bodies without a Content-Type header.
  api.use(express.json({ type: () => true, limit: BODY_LIMIT, strict: false }));
  if (settings.api.csrfProtectionEnabled) api.use(csrfProtection(database));
  const docs = new OpenApiRoutes();
  const route = routeDeclarer(api, docs);
  for (const register of [rootRoutes, adminRoutes, flowRoutes, runHistoryRoutes, flowRunRoutes, taskRunRoutes, runStateRoutes, logRoutes, variableRoutes, eventRoutes]) {
    register(context, route);
  }
  workPoolRoutes(context, route);
  workQueueRoutes(context, route);
  workerRoutes(context, route);
  deploymentRoutes(context, route);
  deploymentScheduleRoutes(context, route);
  flowRunInputRoutes(context, route);
  concurrencyLeaseRoutes(context, route);
  // Built on first request: most servers are never asked for it, and building walks every schema.
  let openapi: object | undefined;
  api.get('/openapi.json', (_req, res) => {
    openapi ??= docs.buildOpenApiDocument({ title: 'Prefect Prefect REST API', version: PREFECT_VERSION });
    res.json(openapi);
  });
  // A GET, so CSRF protection never applies; basic auth above does.
  if (context.metrics) api.get('/metrics', metricsEndpoint(context.metrics));
  api.use((_req, res) => {
    res.status(404).json({ detail: 'Not Found' });
  });
  app.use('/api', api);
  app.use((_req, res) => {
    res.status(404).json({ detail: 'Not Found' });
  });
  app.use(errorHandler(log));
  return app;
}
