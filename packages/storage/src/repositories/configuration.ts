// Server configuration entries, upserted by key.
import { sql } from 'slonik';
import type { ConfigurationRepository } from '../port/configuration.ts';
import type { JsonObject } from '../port/states.ts';
import type { SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';

export function configurationRepository(db: Executor, dialect: SqlDialect): ConfigurationRepository {
  return {
    read: async (key) => {
      const row = await db.maybeRow(sql.unsafe`SELECT value FROM configuration WHERE key = ${key}`);
      return row ? dialect.decode<{ value: JsonObject }>(row, { value: 'json' }).value : null;
    },
    write: async (key, value) => {
      await db.execute(sql.unsafe`
        INSERT INTO configuration (key, value) VALUES (${key}, ${dialect.json(value)})
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated = ${dialect.now()}`);
    },
  };
}
