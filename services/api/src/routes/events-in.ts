// The /api/events/in websocket, with Prefect's handshake: a client offering the "prefect"
// subprotocol must authenticate with a first {"type": "auth"} message; an older client
// without it is accepted as is unless an auth string is configured. Each later message is
// one event.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { EventSchema, receiveEvents, type IncomingEvent } from '@prefect-server-ts/events';
import type { ApiContext } from '../context.ts';

const POLICY_VIOLATION = 1008;
const PROTOCOL_ERROR = 1002;

function tokenMatches(received: unknown, expected: string): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Stores a connection's events in arrival order, batching those that arrive together. */
function eventQueue(context: ApiContext, socket: WebSocket) {
  let pending: IncomingEvent[] = [];
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    const batch = pending;
    pending = [];
    flushing = flushing
      .then(() => receiveEvents(context.database, batch).then(() => undefined))
      .catch((error: unknown) => {
        context.log.error({ err: error }, 'could not store events');
        socket.close(1011, 'could not store events');
      });
  };
  return (event: IncomingEvent) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push(event);
  };
}

export function attachEventsIn(server: Server, context: ApiContext): WebSocketServer {
  const authString = context.settings.api.authString;
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has('prefect') ? 'prefect' : false),
  });

  wss.on('connection', (socket: WebSocket) => {
    const enqueue = eventQueue(context, socket);
    // Without the subprotocol (legacy clients) there is no handshake to wait for.
    let authenticated = socket.protocol !== 'prefect';
    if (socket.protocol !== 'prefect' && authString !== undefined) {
      socket.close(PROTOCOL_ERROR, "'prefect' subprotocol required when auth is configured");
      return;
    }
    socket.on('message', (data) => {
      let message: unknown;
      try {
        message = JSON.parse(data.toString());
      } catch {
        socket.close(PROTOCOL_ERROR, 'Expected JSON');
        return;
      }
      if (!authenticated) {
        const { type, token } = (message ?? {}) as { type?: unknown; token?: unknown };
        if (type !== 'auth') return socket.close(POLICY_VIOLATION, "Expected 'auth' message");
        if (authString !== undefined && !token) return socket.close(POLICY_VIOLATION, 'Auth required but no token provided');
        if (authString !== undefined && !tokenMatches(token, authString)) return socket.close(POLICY_VIOLATION, 'Invalid token');
        authenticated = true;
        socket.send(JSON.stringify({ type: 'auth_success' }));
        return;
      }
      const parsed = EventSchema.safeParse(message);
      if (!parsed.success) {
        context.log.warn({ issues: parsed.error.issues }, 'dropped an invalid event');
        return;
      }
      enqueue(parsed.data);
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/api/events/in') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  return wss;
}
