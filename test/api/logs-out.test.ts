// The /logs/out websocket: Prefect's handshake and filter message, then live logs (no
// backfill) that pass the filter, across replicas: a subscriber on replica A receives the
// logs posted to replica B, each Database with its own pool and LISTEN connection. As in
// Prefect, logs flow only with PREFECT_SERVER_LOGS_STREAM_OUT_ENABLED and
// PREFECT_SERVER_LOGS_STREAM_PUBLISHING_ENABLED on.
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { pino } from 'pino';
import WebSocket from 'ws';
import { listen } from '@prefect-server-ts/api';
import { getDatabase } from '@prefect-server-ts/storage';
import { startTestApi } from '../helpers/api-server.ts';
import { testSettings } from '../helpers/databases.ts';

interface StreamedLog {
  readonly id: string;
  readonly name: string;
  readonly level: number;
  readonly message: string;
  readonly timestamp: string;
  readonly flow_run_id: string | null;
  readonly task_run_id: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const STREAMING = { PREFECT_SERVER_LOGS_STREAM_OUT_ENABLED: 'true', PREFECT_SERVER_LOGS_STREAM_PUBLISHING_ENABLED: 'true' };

async function subscribeLogs(api: string, filter: Record<string, unknown>): Promise<{ logs: StreamedLog[]; next(count: number): Promise<StreamedLog[]>; close(): void }> {
  const socket = new WebSocket(`${api.replace('http', 'ws')}/logs/out`, ['prefect']);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const auth = new Promise<string>((resolve) => socket.once('message', (data) => resolve(data.toString())));
  socket.send(JSON.stringify({ type: 'auth', token: null }));
  if (JSON.parse(await auth).type !== 'auth_success') throw new Error('not authenticated');
  const logs: StreamedLog[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; log: StreamedLog };
    if (message.type === 'log') logs.push(message.log);
  });
  socket.send(JSON.stringify({ type: 'filter', filter }));
  return {
    logs,
    next: async (count) => {
      const deadline = Date.now() + 10_000;
      while (logs.length < count && Date.now() < deadline) await sleep(20);
      if (logs.length < count) throw new Error(`${logs.length} of ${count} logs arrived`);
      return logs.slice(0, count);
    },
    close: () => socket.close(),
  };
}

test.serial('postgres: a subscriber on replica A receives the logs posted to replica B that pass its filter, in order', async (t) => {
  const a = await startTestApi('postgres', STREAMING);
  const settings = testSettings(a.handle.url, { PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: '3', ...STREAMING });
  const database = await getDatabase(settings.database);
  const b = await listen({ database, settings, log: pino({ level: 'silent' }) }, '127.0.0.1', 0);
  try {
    t.not(database, a.handle.db);
    const [watched, other] = [randomUUID(), randomUUID()];
    const subscriber = await subscribeLogs(a.api, { flow_run_id: { any_: [watched] }, level: { ge_: 20 } });
    await sleep(200);
    const now = new Date().toISOString();
    const line = (flowRun: string | null, level: number, message: string) => ({ name: 'prefect.flow_runs', level, message, timestamp: now, flow_run_id: flowRun, task_run_id: null });
    const response = await fetch(`${b.url}/api/logs/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([line(watched, 10, 'debug'), line(watched, 20, 'info'), line(other, 40, 'elsewhere'), line(null, 40, 'nowhere'), line(watched, 40, 'error')]),
    });
    t.is(response.status, 201);
    const received = await subscriber.next(2);
    t.deepEqual(received.map((log) => [log.message, log.level]), [['info', 20], ['error', 40]]);
    t.like(received[0], { name: 'prefect.flow_runs', flow_run_id: watched, task_run_id: null });
    t.regex(received[0]!.id, /^[0-9a-f-]{36}$/);
    await sleep(300);
    t.is(subscriber.logs.length, 2, 'nothing else arrives');
    subscriber.close();
  } finally {
    await b.stop();
    await a.close();
  }
});

test.serial('sqlite: task_run_id is_null_ and the level ceiling narrow the stream; a message other than the filter closes it', async (t) => {
  const api = await startTestApi('sqlite-file', STREAMING);
  try {
    const subscriber = await subscribeLogs(api.api, { task_run_id: { is_null_: true }, level: { le_: 30 } });
    await sleep(100);
    const now = new Date().toISOString();
    const task = randomUUID();
    await api.request('POST', '/logs/', [
      { name: 'a', level: 20, message: 'flow level', timestamp: now, flow_run_id: null, task_run_id: null },
      { name: 'a', level: 20, message: 'task level', timestamp: now, flow_run_id: null, task_run_id: task },
      { name: 'a', level: 50, message: 'too loud', timestamp: now, flow_run_id: null, task_run_id: null },
    ]);
    t.deepEqual((await subscriber.next(1)).map((log) => log.message), ['flow level']);
    await sleep(200);
    t.is(subscriber.logs.length, 1);
    subscriber.close();

    const socket = new WebSocket(`${api.api.replace('http', 'ws')}/logs/out`);
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<[number, string]>((resolve) => socket.once('close', (code, reason) => resolve([code, reason.toString()])));
    socket.send(JSON.stringify({ type: 'hello' }));
    t.deepEqual(await closed, [1002, "Expected 'filter' message"]);
  } finally {
    await api.close();
  }
});

test.serial('with the defaults (streaming off, as in Prefect) the socket takes the filter and stays silent', async (t) => {
  const api = await startTestApi('sqlite-file');
  try {
    const subscriber = await subscribeLogs(api.api, {});
    await sleep(100);
    const response = await api.request('POST', '/logs/', [{ name: 'a', level: 20, message: 'unheard', timestamp: new Date().toISOString(), flow_run_id: null, task_run_id: null }]);
    t.is(response.status, 201);
    await sleep(500);
    t.deepEqual(subscriber.logs, []);
    subscriber.close();
  } finally {
    await api.close();
  }
});
