// LISTEN on Postgres: one dedicated connection per Database (a pooled one cannot hold a
// LISTEN), opened on the first listen() and re-opened whenever it is lost. Handlers hear
// `interrupted` when it goes (notifications sent meanwhile are lost for good, so they must
// recover by reading) and `resumed` once it listens again. A heartbeat finds a connection
// that died without a word (a network partition, a killed backend behind a proxy).
import pg from 'pg';
import { sql, type QuerySqlToken } from 'slonik';
import { DatabaseUnavailableError } from '../port/errors.ts';
import type { NotificationChannel, NotificationHandlers, NotificationSubscription } from '../port/notifications.ts';

export interface PostgresListenerOptions {
  readonly connectionString: string;
  /** Names the server in error messages. */
  readonly where: string;
  readonly connectionTimeoutMs: number;
  readonly heartbeatMs?: number;
}

const RECONNECT_DELAYS_MS = [100, 250, 500, 1_000, 2_000, 5_000];
const ignore = () => undefined;

function run(client: pg.Client, token: QuerySqlToken): Promise<unknown> {
  return client.query(token.sql, [...token.values]);
}

export class PostgresListener {
  private readonly handlers = new Map<NotificationChannel, Set<NotificationHandlers>>();
  private connection: Promise<pg.Client> | undefined;
  private current: pg.Client | undefined;
  private listening = new Set<NotificationChannel>();
  private heartbeat: NodeJS.Timeout | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly options: PostgresListenerOptions;

  constructor(options: PostgresListenerOptions) {
    this.options = options;
  }

  async listen(channel: NotificationChannel, handlers: NotificationHandlers): Promise<NotificationSubscription> {
    if (this.closed) throw new DatabaseUnavailableError(`The connection to ${this.options.where} is closed`);
    const registration: NotificationHandlers = { ...handlers };
    let set = this.handlers.get(channel);
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(registration);
    try {
      const client = await this.connect();
      if (!this.listening.has(channel)) {
        await run(client, sql.unsafe`LISTEN ${sql.identifier([channel])}`);
        this.listening.add(channel);
      }
    } catch (error) {
      set.delete(registration);
      if (error instanceof DatabaseUnavailableError) throw error;
      throw new DatabaseUnavailableError(`Cannot listen on ${this.options.where}: ${(error as Error).message}`, { cause: error });
    }
    return { close: async () => void set.delete(registration) };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnect);
    clearInterval(this.heartbeat);
    const client = this.current;
    this.current = undefined;
    this.connection = undefined;
    if (client) await this.discard(client);
  }

  private everyHandler(): NotificationHandlers[] {
    return [...this.handlers.values()].flatMap((set) => [...set]);
  }

  private connect(): Promise<pg.Client> {
    this.connection ??= this.open().catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
    return this.connection;
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      connectionTimeoutMillis: this.options.connectionTimeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the listening connection closed')));
    client.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel as NotificationChannel) ?? []) handler.message(message.payload ?? '');
    });
    try {
      await client.connect();
      const channels = [...this.handlers.keys()];
      for (const channel of channels) await run(client, sql.unsafe`LISTEN ${sql.identifier([channel])}`);
      this.listening = new Set(channels);
    } catch (error) {
      await this.discard(client);
      throw error;
    }
    if (this.closed) {
      await this.discard(client);
      throw new DatabaseUnavailableError(`The connection to ${this.options.where} is closed`);
    }
    this.current = client;
    this.beat(client);
    return client;
  }

  private beat(client: pg.Client): void {
    clearInterval(this.heartbeat);
    const every = this.options.heartbeatMs ?? 10_000;
    this.heartbeat = setInterval(() => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the listening connection did not answer within ${every} ms`)), every);
      });
      Promise.race([run(client, sql.unsafe`SELECT 1`), timeout])
        .catch((error: unknown) => this.lost(client, error as Error))
        .finally(() => clearTimeout(timer));
    }, every);
  }

  private lost(client: pg.Client, error: Error): void {
    if (client !== this.current) return;
    this.current = undefined;
    this.connection = undefined;
    clearInterval(this.heartbeat);
    void this.discard(client);
    for (const handler of this.everyHandler()) handler.interrupted?.(error);
    this.retry(0);
  }

  private retry(attempt: number): void {
    if (this.closed || this.everyHandler().length === 0) return;
    this.reconnect = setTimeout(() => {
      this.connect().then(
        () => {
          for (const handler of this.everyHandler()) handler.resumed?.();
        },
        () => this.retry(attempt + 1),
      );
    }, RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]);
  }

  private async discard(client: pg.Client): Promise<void> {
    client.removeAllListeners('notification');
    client.removeAllListeners('end');
    client.removeAllListeners('error');
    // A dead socket may still report an error while it closes.
    client.on('error', ignore);
    await client.end().catch(ignore);
  }
}
