// Routes websocket upgrades by path to the socket servers of the API, and closes them all.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';

export interface AttachedSockets {
  /** Closes every open socket (clients reconnect to another replica) and takes no new one. */
  close(): void;
}

export function attachWebsockets(server: Server, routes: Readonly<Record<string, WebSocketServer>>): AttachedSockets {
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const wss = routes[(req.url ?? '').split('?')[0]!];
    if (!wss) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  return {
    close: () => {
      for (const wss of Object.values(routes)) {
        for (const client of wss.clients) client.close(1001, 'server shutting down');
        wss.close();
      }
    },
  };
}
