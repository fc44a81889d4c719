// CSRF tokens: an upsert per client, and reads that ignore expired tokens.
import { sql } from 'slonik';
import type { CsrfTokenRecord, CsrfTokensRepository } from '../port/csrf-tokens.ts';
import type { ColumnKinds, SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';

const KINDS: ColumnKinds = { created: 'timestamp', updated: 'timestamp', expiration: 'timestamp' };

export function csrfTokensRepository(db: Executor, dialect: SqlDialect): CsrfTokensRepository {
  const decode = (row: Record<string, unknown> | null) => (row ? dialect.decode<CsrfTokenRecord>(row, KINDS) : null);
  return {
    upsert: async (client, token, expiration) =>
      decode(
        await db.maybeRow(sql.unsafe`
          INSERT INTO csrf_token (client, token, expiration) VALUES (${client}, ${token}, ${dialect.timestamp(expiration)})
          ON CONFLICT (client) DO UPDATE SET token = excluded.token, expiration = excluded.expiration, updated = ${dialect.now()}
          RETURNING *`),
      )!,
    readValid: async (client, now) =>
      decode(await db.maybeRow(sql.unsafe`
        SELECT * FROM csrf_token WHERE client = ${client} AND expiration > ${dialect.timestamp(now)}`)),
    deleteExpired: (now) => db.execute(sql.unsafe`DELETE FROM csrf_token WHERE expiration <= ${dialect.timestamp(now)}`),
  };
}
