// The /api/events/in websocket: after Prefect's handshake, each message is one event.
import type { WebSocket, WebSocketServer } from 'ws';
import { EventSchema, receiveEvents, type IncomingEvent } from '@prefect-server-ts/events';
import type { ApiContext } from '../context.ts';
import { jsonMessage, prefectSocketServer } from '../http/websocket-handshake.ts';

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

export function eventsInSockets(context: ApiContext): WebSocketServer {
  return prefectSocketServer(context.settings.api.authString, (socket) => {
    const enqueue = eventQueue(context, socket);
    socket.on('message', (data) => {
      const message = jsonMessage(socket, data);
      if (!message) return;
      const parsed = EventSchema.safeParse(message.value);
      if (!parsed.success) {
        context.log.warn({ issues: parsed.error.issues }, 'dropped an invalid event');
        return;
      }
      enqueue(parsed.data);
    });
  });
}
