// The benchmarks' HTTP client against a real node:http server: every way a response can end
// (a length, chunks, nothing, the connection closing), one connection reused for sequential
// requests, and a server that hangs up reported as Node's client reports it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { ConnectionPool } from '../../bench/shared/raw-http.ts';

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ url: string; server: Server; connections: () => number }> {
  let connections = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => handler(req, res, body));
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, connections: () => connections };
}

const close = (server: Server) => new Promise<void>((closed) => server.close(() => closed()));

test('bodies by length, by chunks and none at all come back whole, over one reused connection', async (t) => {
  const { url, server, connections } = await serve((req, res, body) => {
    if (req.url === '/length') res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ echoed: body, method: req.method }));
    else if (req.url === '/chunks') {
      res.writeHead(200);
      res.write('one,');
      setTimeout(() => res.end('two'), 20);
    } else res.writeHead(204).end();
  });
  const pool = new ConnectionPool(4_000);
  try {
    const posted = await pool.request(new URL(`${url}/length`), 'POST', '{"ü":1}', 5_000);
    t.is(posted.status, 201);
    t.deepEqual(JSON.parse(posted.bytes.toString('utf8')), { echoed: '{"ü":1}', method: 'POST' });
    const chunked = await pool.request(new URL(`${url}/chunks`), 'GET', undefined, 5_000);
    t.is(chunked.status, 200);
    t.is(chunked.bytes.toString('utf8'), 'one,two');
    const empty = await pool.request(new URL(`${url}/nothing?x=1`), 'GET', undefined, 5_000);
    t.is(empty.status, 204);
    t.is(empty.bytes.length, 0);
    t.is(connections(), 1, 'sequential requests share one keep-alive connection');
  } finally {
    server.closeAllConnections();
    await close(server);
  }
});

test('concurrent requests each get a connection of their own and their own answer', async (t) => {
  const { url, server, connections } = await serve((req, res) => setTimeout(() => res.end(req.url), Math.random() * 20));
  const pool = new ConnectionPool(4_000);
  try {
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => pool.request(new URL(`${url}/${i}`), 'GET', undefined, 5_000)));
    t.deepEqual(answers.map((answer) => answer.bytes.toString('utf8')), Array.from({ length: 8 }, (_, i) => `/${i}`));
    t.is(connections(), 8);
  } finally {
    server.closeAllConnections();
    await close(server);
  }
});

test('a body that runs until the server closes is read to its end; a hang-up before any answer is ECONNRESET', async (t) => {
  const { url, server } = await serve((req, res) => {
    if (req.url === '/until-close') {
      // HTTP/1.0 framing: no length, no chunks; the end of the body is the end of the connection.
      res.socket!.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it');
    } else req.socket.destroy();
  });
  const pool = new ConnectionPool(4_000);
  try {
    const answer = await pool.request(new URL(`${url}/until-close`), 'GET', undefined, 5_000);
    t.is(answer.bytes.toString('utf8'), 'all of it');
    await t.throwsAsync(pool.request(new URL(`${url}/hang-up`), 'GET', undefined, 5_000), { message: 'socket hang up', code: 'ECONNRESET' } as never);
  } finally {
    server.closeAllConnections();
    await close(server);
  }
});
