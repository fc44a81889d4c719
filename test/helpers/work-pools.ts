// A work pool with its default queue, written straight into a test database: the work
// pools resource has no routes yet, and deployments need pools to exist.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { TestDatabase } from './databases.ts';

export async function insertWorkPool(handle: TestDatabase, name: string, baseJobTemplate: Record<string, unknown> = {}): Promise<{ id: string; defaultQueueId: string }> {
  const id = randomUUID();
  const defaultQueueId = randomUUID();
  const statements: [string, unknown[]][] = [
    ['INSERT INTO work_pool (id, name, type, base_job_template) VALUES ($1, $2, $3, $4)', [id, name, 'process', JSON.stringify(baseJobTemplate)]],
    ["INSERT INTO work_queue (id, name, priority, work_pool_id, description) VALUES ($1, 'default', 1, $2, 'The work pool''s default queue.')", [defaultQueueId, id]],
    ['UPDATE work_pool SET default_queue_id = $1 WHERE id = $2', [defaultQueueId, id]],
  ];
  if (handle.url.startsWith('sqlite')) {
    const file = handle.url.replace(/^sqlite\+aiosqlite:\/\/\//, '');
    const db = new Database(file);
    try {
      for (const [text, values] of statements) db.prepare(text.replace(/\$\d+/g, '?')).run(...(values as string[]));
    } finally {
      db.close();
    }
  } else {
    const client = new pg.Client({ connectionString: handle.url.replace(/^postgresql\+\w+:/, 'postgresql:') });
    await client.connect();
    try {
      for (const [text, values] of statements) await client.query(text, values);
    } finally {
      await client.end();
    }
  }
  return { id, defaultQueueId };
}
