// Prefect's websocket handshake, shared by /events/in and /events/out: a client offering the
// "prefect" subprotocol must send {"type": "auth"} first (with the token when an auth
// string is configured) and is answered {"type": "auth_success"}; an older client without
// the subprotocol is accepted as is, unless an auth string is configured.
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { z } from 'zod';

export const PROTOCOL_ERROR = 1002;
export const POLICY_VIOLATION = 1008;
/** A close reason may carry at most 123 bytes. */
const MAX_REASON_BYTES = 123;

export function closeWith(socket: WebSocket, code: number, reason: string): void {
  let text = reason;
  while (Buffer.byteLength(text) > MAX_REASON_BYTES) text = text.slice(0, -1);
  socket.close(code, text);
}

function tokenMatches(received: unknown, expected: string): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Parses a text frame as JSON, or closes the socket and returns undefined. */
export function jsonMessage(socket: WebSocket, data: unknown): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(String(data)) };
  } catch {
    closeWith(socket, PROTOCOL_ERROR, 'Expected JSON');
    return undefined;
  }
}

/** Runs the handshake, then calls `ready`, which takes over the socket's later messages. */
function acceptPrefectSocket(socket: WebSocket, authString: string | undefined, ready: () => void): void {
  if (socket.protocol !== 'prefect') {
    if (authString !== undefined) return closeWith(socket, PROTOCOL_ERROR, "'prefect' subprotocol required when auth is configured");
    return ready();
  }
  const onAuth = (data: unknown) => {
    socket.off('message', onAuth);
    const parsed = jsonMessage(socket, data);
    if (!parsed) return;
    const { type, token } = (parsed.value ?? {}) as { type?: unknown; token?: unknown };
    if (type !== 'auth') return closeWith(socket, POLICY_VIOLATION, "Expected 'auth' message");
    if (authString !== undefined && !token) return closeWith(socket, POLICY_VIOLATION, 'Auth required but no token provided');
    if (authString !== undefined && !tokenMatches(token, authString)) return closeWith(socket, POLICY_VIOLATION, 'Invalid token');
    socket.send(JSON.stringify({ type: 'auth_success' }));
    ready();
  };
  socket.on('message', onAuth);
}

/**
 * A websocket server (attached to the HTTP server by path) that offers the "prefect"
 * subprotocol and hands each connection to `ready` once it has passed the handshake.
 */
export function prefectSocketServer(authString: string | undefined, ready: (socket: WebSocket) => void): WebSocketServer {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has('prefect') ? 'prefect' : false),
  });
  wss.on('connection', (socket: WebSocket) => acceptPrefectSocket(socket, authString, () => ready(socket)));
  return wss;
}

/**
 * The message a streaming socket (/events/out, /logs/out) expects after the handshake:
 * {"type": "filter", "filter": …}. Anything else closes the socket with 1002, as Prefect does.
 */
export function filterMessage<S extends z.ZodType>(socket: WebSocket, data: unknown, schema: S): { filter: z.output<S>; message: Record<string, unknown> } | undefined {
  const parsed = jsonMessage(socket, data);
  if (!parsed) return undefined;
  const message = (parsed.value ?? {}) as Record<string, unknown>;
  if (message['type'] !== 'filter') {
    closeWith(socket, PROTOCOL_ERROR, "Expected 'filter' message");
    return undefined;
  }
  const filter = schema.safeParse(message['filter']);
  if (!filter.success) {
    closeWith(socket, PROTOCOL_ERROR, `Invalid filter: ${filter.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    return undefined;
  }
  return { filter: filter.data, message };
}
