// Runs the HTTP server until asked to stop: then it stops accepting, lets in-flight
// requests finish, and closes the database. drain() does the first two only, for a caller
// that still has work for the database (the background services).
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createServerMetrics } from '@prefect-server-ts/metrics';
import { eventStream, logStream } from '@prefect-server-ts/events';
import { createApp } from './app.ts';
import type { ApiContext } from './context.ts';
import { eventsInSockets } from './routes/events-in.ts';
import { eventsOutSockets } from './routes/events-out.ts';
import { logsOutSockets } from './routes/logs-out.ts';
import { attachWebsockets } from './websockets.ts';

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  /** Stops accepting and waits for in-flight requests; the database stays open. */
  drain(): Promise<void>;
  /** drain(), then closes the database. */
  stop(): Promise<void>;
}

export async function listen(given: ApiContext, host: string, port: number): Promise<RunningServer> {
  const ownMetrics = given.metrics ? undefined : createServerMetrics(given.database);
  const context: ApiContext = { ...given, metrics: given.metrics ?? ownMetrics };
  let url = '';
  const server = createApp(context, () => `${url}/api`).listen(port, host);
  await once(server, 'listening');
  const events = eventStream(context.database, context.log);
  const logs = logStream(context.database, context.log);
  const sockets = attachWebsockets(server, {
    '/api/events/in': eventsInSockets(context),
    '/api/events/out': eventsOutSockets(context, events),
    '/api/logs/out': logsOutSockets(context, logs),
  });
  const address = server.address() as AddressInfo;
  url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  const drain = async () => {
    // Websocket clients reconnect to another replica; open sockets would hold close() forever.
    sockets.close();
    await Promise.all([events.close(), logs.close()]);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    ownMetrics?.close();
  };
  return {
    server,
    url,
    drain,
    stop: async () => {
      await drain();
      await context.database.close();
    },
  };
}
