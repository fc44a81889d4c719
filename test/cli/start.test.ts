// `prefect-server-ts start`: serves health and readiness, creates the SQLite file, fails
// fast and clearly on bad settings or an unreachable database, and drains on SIGTERM.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { getDatabase } from '@prefect-server-ts/storage';
import { runCli, startServer } from '../helpers/cli.ts';
import { freshDatabaseUrl, testSettings } from '../helpers/databases.ts';

async function get(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

test('serves /api/health and /api/ready on the SQLite default, creating the file under PREFECT_HOME', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'pst-home-'));
  try {
    const server = await startServer({ PREFECT_HOME: home });
    t.deepEqual(await get(`${server.api}/health`), { status: 200, body: true });
    t.deepEqual(await get(`${server.api}/ready`), { status: 200, body: { message: 'OK' } });
    t.true(existsSync(join(home, 'prefect-server-ts.db')));
    t.is(await server.stop(), 0);
    t.regex(server.output(), /shutting down: draining requests/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('on Postgres, /api/ready is 503 while the database is unreachable and 200 once it is back', async (t) => {
  const { url } = freshDatabaseUrl('postgres');
  const admin = await getDatabase(testSettings(url, { PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: '1' }).database);
  await admin.create();
  const server = await startServer({ PREFECT_API_DATABASE_CONNECTION_URL: url, PREFECT_API_DATABASE_CONNECTION_TIMEOUT: '2' });
  try {
    t.deepEqual(await get(`${server.api}/ready`), { status: 200, body: { message: 'OK' } });
    await admin.drop();
    t.deepEqual(await get(`${server.api}/ready`), { status: 503, body: { message: 'Database is not available' } });
    t.deepEqual(await get(`${server.api}/health`), { status: 200, body: true });
    const again = await getDatabase(testSettings(url, { PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: '2' }).database);
    await again.create();
    // Back, but empty: not ready until the schema is current again.
    const empty = await get(`${server.api}/ready`);
    t.is(empty.status, 503);
    t.regex((empty.body as { message: string }).message, /^The database schema is behind/);
    await again.upgrade();
    t.deepEqual(await get(`${server.api}/ready`), { status: 200, body: { message: 'OK' } });
    t.is(await server.stop(), 0);
    await again.drop();
  } finally {
    server.child.kill('SIGKILL');
  }
});

test('an unreachable database stops start-up within the connection timeout, naming host and port', async (t) => {
  // A loopback port that accepts connections and never answers: the case a timeout is for.
  const sockets: Socket[] = [];
  const silent = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as { port: number }).port;
  try {
    const result = await runCli(['start'], {
      PREFECT_API_DATABASE_CONNECTION_URL: `postgresql+asyncpg://prefect@127.0.0.1:${port}/prefect`,
      PREFECT_API_DATABASE_CONNECTION_TIMEOUT: '1',
    });
    t.is(result.code, 1);
    t.is(
      result.stderr.trim(),
      `prefect-server-ts: Cannot connect to Postgres at 127.0.0.1:${port} (database "prefect"): no answer within 1s (PREFECT_API_DATABASE_CONNECTION_TIMEOUT)`,
    );
    t.true(result.elapsedMs < 10_000, `took ${result.elapsedMs} ms`);
  } finally {
    for (const socket of sockets) socket.destroy();
    silent.close();
  }
});

test('a refused connection stops start-up at once, naming host and port', async (t) => {
  const result = await runCli(['start'], { PREFECT_API_DATABASE_CONNECTION_URL: 'postgresql+asyncpg://prefect@127.0.0.1:1/prefect' });
  t.is(result.code, 1);
  t.is(result.stderr.trim(), 'prefect-server-ts: Cannot connect to Postgres at 127.0.0.1:1 (database "prefect"): connect ECONNREFUSED 127.0.0.1:1');
});

test('a malformed setting stops start-up with a message naming the variable', async (t) => {
  const result = await runCli(['start'], { PREFECT_API_DATABASE_SQLALCHEMY_MAX_OVERFLOW: 'lots' });
  t.is(result.code, 1);
  t.is(result.stderr.trim(), 'prefect-server-ts: PREFECT_API_DATABASE_SQLALCHEMY_MAX_OVERFLOW="lots" is invalid: expected an integer');
  t.is(result.stdout, '');
});
