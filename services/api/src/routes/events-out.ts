// The /api/events/out websocket, Prefect's protocol: after the handshake the client sends
// {"type": "filter", "filter": EventFilter, "backfill": true}. The server subscribes to the
// live stream first, so nothing falls between, then (unless backfill is false) sends the
// stored matching events, oldest first, from at most PREFECT_SERVER_EVENTS_MAXIMUM_WEBSOCKET_BACKFILL
// ago, then the live ones, each as {"type": "event", "event": ReceivedEvent}. The live stream
// carries events stored through any replica (see @prefect-server-ts/events' eventStream).
import type { WebSocket, WebSocketServer } from 'ws';
import type { EventStream, EventSubscriber } from '@prefect-server-ts/events';
import { EventFilter, serializeEvent } from '@prefect-server-ts/schemas';
import { addSeconds, nowTimestamp, type EventRecord } from '@prefect-server-ts/storage';
import type { ApiContext } from '../context.ts';
import { closeWith, filterMessage, prefectSocketServer } from '../http/websocket-handshake.ts';

const INTERNAL_ERROR = 1011;
/** Prefect's SUBSCRIPTION_BACKLOG: events waiting for one subscriber beyond this are dropped. */
const BACKLOG = 256;


/**
 * Sends events to one socket. `live` drops an event while BACKLOG sends are still unwritten
 * (a slow subscriber must not hold the server's memory); `backfill` waits for each write.
 */
function sender(socket: WebSocket) {
  let unwritten = 0;
  const write = (event: EventRecord) =>
    new Promise<void>((resolve) => {
      unwritten += 1;
      socket.send(JSON.stringify({ type: 'event', event: serializeEvent(event) }), () => {
        unwritten -= 1;
        resolve();
      });
    });
  return {
    live: (event: EventRecord) => {
      if (socket.readyState === socket.OPEN && unwritten < BACKLOG) void write(event);
    },
    backfill: async (event: EventRecord) => {
      if (socket.readyState === socket.OPEN) await write(event);
    },
  };
}

async function serve(context: ApiContext, stream: EventStream, socket: WebSocket, request: { filter: EventFilter; backfill: boolean }): Promise<void> {
  const { maximumWebsocketBackfillSeconds, websocketBackfillPageSize } = context.settings.events;
  const earliest = addSeconds(nowTimestamp(), -maximumWebsocketBackfillSeconds);
  const filter: EventFilter = {
    ...request.filter,
    occurred: { ...request.filter.occurred, since: request.filter.occurred.since > earliest ? request.filter.occurred.since : earliest },
    order: 'ASC',
  };
  const send = sender(socket);
  // Live events wait here while the backfill is sent; those it already sent are skipped.
  let waiting: EventRecord[] | null = [];
  let closed = false;
  const subscriber: EventSubscriber = {
    filter,
    deliver: (event) => {
      if (waiting === null) send.live(event);
      else if (waiting.length < BACKLOG) waiting.push(event);
    },
    // The client reconnects and backfills from its last event: nothing is lost to it.
    interrupted: () => closeWith(socket, INTERNAL_ERROR, 'The event stream was interrupted'),
  };
  // With PREFECT_SERVER_EVENTS_STREAM_OUT_ENABLED off a subscriber gets the backfill only.
  const unsubscribe = context.settings.events.streamOutEnabled ? await stream.subscribe(subscriber) : () => undefined;
  socket.once('close', () => {
    closed = true;
    unsubscribe();
  });
  if (socket.readyState !== socket.OPEN) unsubscribe();

  const backfilled = new Set<string>();
  if (request.backfill) {
    for (let offset = 0; !closed; offset += websocketBackfillPageSize) {
      const { events } = await context.database.repositories.events.list(filter, { limit: websocketBackfillPageSize, offset });
      for (const event of events) {
        backfilled.add(event.id);
        await send.backfill(event);
      }
      if (events.length < websocketBackfillPageSize) break;
    }
  }
  const live = waiting;
  waiting = null;
  for (const event of live) if (!backfilled.has(event.id)) send.live(event);
}

export function eventsOutSockets(context: ApiContext, stream: EventStream): WebSocketServer {
  return prefectSocketServer(context.settings.api.authString, (socket) => {
    socket.once('message', (data) => {
      const request = filterMessage(socket, data, EventFilter);
      if (!request) return;
      serve(context, stream, socket, { filter: request.filter, backfill: request.message['backfill'] !== false }).catch((error: unknown) => {
        context.log.error({ err: error }, 'could not stream events');
        closeWith(socket, INTERNAL_ERROR, 'Could not stream events');
      });
    });
  });
}
