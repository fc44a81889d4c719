// Runs the HTTP server until SIGTERM or SIGINT, then stops accepting, lets in-flight
// requests finish, and closes the database.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Database } from '@prefect-server-ts/storage';
import { createApp } from './app.ts';

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  stop(): Promise<void>;
}

export async function listen(database: Database, host: string, port: number): Promise<RunningServer> {
  const server = createApp(database).listen(port, host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    server,
    url,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await database.close();
    },
  };
}
