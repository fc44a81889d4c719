// The /api/logs/out websocket, Prefect's protocol: after the handshake the client sends
// {"type": "filter", "filter": LogFilter}; the server then sends each log stored through any
// replica that passes the filter, as {"type": "log", "log": Log}. No backfill, as in Prefect,
// and, as in Prefect, nothing at all unless PREFECT_SERVER_LOGS_STREAM_OUT_ENABLED and
// PREFECT_SERVER_LOGS_STREAM_PUBLISHING_ENABLED are both on: the socket is accepted and
// stays silent.
import type { WebSocket, WebSocketServer } from 'ws';
import type { LogStream } from '@prefect-server-ts/events';
import { LogFilter, serializeLog } from '@prefect-server-ts/schemas';
import type { ApiContext } from '../context.ts';
import { closeWith, filterMessage, prefectSocketServer } from '../http/websocket-handshake.ts';

const INTERNAL_ERROR = 1011;
/** Prefect's log stream backlog: logs waiting for one subscriber beyond this are dropped. */
const BACKLOG = 256;

async function serve(stream: LogStream, socket: WebSocket, filter: LogFilter): Promise<void> {
  let unwritten = 0;
  const unsubscribe = await stream.subscribe({
    filter,
    deliver: (log) => {
      if (socket.readyState !== socket.OPEN || unwritten >= BACKLOG) return;
      unwritten += 1;
      socket.send(JSON.stringify({ type: 'log', log: serializeLog(log) }), () => (unwritten -= 1));
    },
    interrupted: () => closeWith(socket, INTERNAL_ERROR, 'The log stream was interrupted'),
  });
  socket.once('close', unsubscribe);
  if (socket.readyState !== socket.OPEN) unsubscribe();
}

export function logsOutSockets(context: ApiContext, stream: LogStream): WebSocketServer {
  return prefectSocketServer(context.settings.api.authString, (socket) => {
    socket.once('message', (data) => {
      const request = filterMessage(socket, data, LogFilter);
      if (!request) return;
      const { streamOutEnabled, streamPublishingEnabled } = context.settings.logs;
      if (!streamOutEnabled || !streamPublishingEnabled) return;
      serve(stream, socket, request.filter).catch((error: unknown) => {
        context.log.error({ err: error }, 'could not stream logs');
        closeWith(socket, INTERNAL_ERROR, 'Could not stream logs');
      });
    });
  });
}
