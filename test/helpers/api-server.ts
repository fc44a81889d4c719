// An in-process API server on a fresh database, on a free loopback port.
import { pino } from 'pino';
import { listen, type RunningServer } from '@prefect-server-ts/api';
import { createTestDatabase, type TestDatabase, type TestDialect } from './databases.ts';

export interface TestApi {
  readonly api: string;
  readonly handle: TestDatabase;
  readonly server: RunningServer;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown; headers: Headers }>;
  close(): Promise<void>;
}

export async function startTestApi(dialect: TestDialect = 'sqlite-file', env: Record<string, string> = {}): Promise<TestApi> {
  const handle = await createTestDatabase(dialect, env);
  const server = await listen({ database: handle.db, settings: handle.settings, log: pino({ level: 'silent' }) }, '127.0.0.1', 0);
  const api = `${server.url}/api`;
  return {
    api,
    handle,
    server,
    request: async (method, path, body, headers = {}) => {
      const response = await fetch(path.startsWith('http') ? path : `${api}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: keep the text.
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    close: async () => {
      await server.stop();
      await handle.dispose();
    },
  };
}
