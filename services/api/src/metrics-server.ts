// The metrics listener of a process that serves no API (`prefect-server-ts services`): GET
// /api/metrics only, behind the API's basic auth when PREFECT_SERVER_API_AUTH_STRING is set.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { ServerMetrics } from '@prefect-server-ts/metrics';
import { basicAuth } from './http/middleware/basic-auth.ts';
import { metricsEndpoint } from './routes/metrics.ts';

export interface MetricsListener {
  /** http://host:port/api/metrics */
  readonly url: string;
  close(): Promise<void>;
}

export async function listenMetrics(metrics: ServerMetrics, options: { host: string; port: number; authString: string | undefined }): Promise<MetricsListener> {
  const app = express();
  app.disable('x-powered-by');
  const api = express.Router();
  if (options.authString !== undefined) api.use(basicAuth(options.authString));
  api.get('/metrics', metricsEndpoint(metrics));
  app.use('/api', api);
  app.use((_req, res) => {
    res.status(404).json({ detail: 'Not Found' });
  });
  const server = app.listen(options.port, options.host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/api/metrics`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
