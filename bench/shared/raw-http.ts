// The load generator's HTTP/1.1 client: keep-alive connections that each carry one request at
// a time, written as one buffer and read back with just enough parsing for a status and a body
// (Content-Length, chunked, or until close). node:http's client spent 140–215 µs of CPU per
// request here against 69 µs for this one, and the load generator shares two cores with the
// servers: on `health`, the lightest operation, it was the client that set the pace.
import { connect, type Socket } from 'node:net';

export interface Answer {
  readonly status: number;
  readonly bytes: Buffer;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

/** Thrown like node:http's client does, so that retries recognise a dropped connection. */
function hangUp(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

/** The status and body of the response in `data`; undefined while it is incomplete. */
function parseResponse(data: Buffer, closed: boolean): { status: number; body: Buffer; keepAlive: boolean } | undefined {
  const headerEnd = data.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const head = data.subarray(0, headerEnd).toString('latin1');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  const header = (name: string) => new RegExp(`\\r\\n${name}:[ \\t]*([^\\r]*)`, 'i').exec(head)?.[1]?.trim();
  const keepAlive = header('connection')?.toLowerCase() !== 'close';
  const start = headerEnd + HEADER_END.length;
  if (status === 204 || status === 304 || (status >= 100 && status < 200)) return { status, body: Buffer.alloc(0), keepAlive };
  const length = header('content-length');
  if (length !== undefined) {
    const end = start + Number(length);
    return data.length < end ? undefined : { status, body: data.subarray(start, end), keepAlive };
  }
  if (header('transfer-encoding')?.toLowerCase().includes('chunked')) {
    const chunks: Buffer[] = [];
    let at = start;
    for (;;) {
      const lineEnd = data.indexOf(CRLF, at);
      if (lineEnd < 0) return undefined;
      const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
      if (size === 0) {
        // The last chunk, optional trailers, then an empty line.
        return data.indexOf(HEADER_END, lineEnd) < 0 ? undefined : { status, body: Buffer.concat(chunks), keepAlive };
      }
      if (data.length < lineEnd + 2 + size + 2) return undefined;
      chunks.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  // Neither length nor chunks: the body runs until the server closes the connection.
  return closed ? { status, body: data.subarray(start), keepAlive: false } : undefined;
}

class Connection {
  closed = false;
  private readonly socket: Socket;
  private received: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (answer: Answer) => void; reject: (error: Error) => void } | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(host: string, port: number) {
    this.socket = connect(port, host);
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => {
      this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
      this.settle(false);
    });
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => {
      this.settle(true);
      this.fail(hangUp());
    });
  }

  send(request: Buffer, timeoutMs: number): Promise<Answer> {
    clearTimeout(this.idleTimer);
    // One request at a time: anything left over from before is no part of this answer.
    this.received = Buffer.alloc(0);
    return new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      this.waiting = {
        resolve: (answer) => {
          clearTimeout(timer);
          resolve(answer);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.socket.write(request);
    });
  }

  /** Closes the connection once it has been idle for `idleMs`, calling `expired` first. */
  park(idleMs: number, expired: () => void): void {
    this.idleTimer = setTimeout(() => {
      expired();
      this.close();
    }, idleMs);
  }

  private settle(closed: boolean): void {
    if (!this.waiting) return;
    const response = parseResponse(this.received, closed);
    if (!response) return;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (!response.keepAlive) this.close();
    waiting.resolve({ status: response.status, bytes: response.body });
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    this.close();
    waiting?.reject(error);
  }

  private close(): void {
    this.closed = true;
    clearTimeout(this.idleTimer);
    this.socket.destroy();
  }
}

/**
 * Idle keep-alive connections per host and port, handed to whichever caller asks next. An idle
 * connection is dropped after `idleMs`, before a server's keep-alive timeout (5 s for both
 * servers) can close it under a request.
 */
export class ConnectionPool {
  private readonly idle = new Map<string, Connection[]>();
  private readonly idleMs: number;

  constructor(idleMs: number) {
    this.idleMs = idleMs;
  }

  async request(url: URL, method: string, body: string | undefined, timeoutMs: number): Promise<Answer> {
    const key = url.host;
    const parked = this.idle.get(key) ?? [];
    this.idle.set(key, parked);
    let connection = parked.pop();
    while (connection?.closed) connection = parked.pop();
    connection ??= new Connection(url.hostname, Number(url.port || 80));
    const head =
      `${method} ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n` +
      (body === undefined ? '' : `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`) +
      '\r\n';
    const answer = await connection.send(Buffer.from(head + (body ?? '')), timeoutMs);
    if (!connection.closed) {
      const parkedConnection = connection;
      parkedConnection.park(this.idleMs, () => {
        const at = parked.indexOf(parkedConnection);
        if (at >= 0) parked.splice(at, 1);
      });
      parked.push(parkedConnection);
    }
    return answer;
  }
}
