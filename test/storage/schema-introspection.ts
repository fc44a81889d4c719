// Reads back what the migrations built, in one plain-text form per dialect, for the
// parity test and the committed schema snapshots.
import pg from 'pg';
import BetterSqlite3 from 'better-sqlite3';
import type { Settings } from '@prefect-server-ts/settings';

export interface SchemaShape {
  /** table → column names, sorted. */
  readonly columns: Record<string, string[]>;
  /** index names, sorted, excluding primary keys and SQLite's automatic indexes. */
  readonly indexes: string[];
  /** The full snapshot text: columns with types, nullability and defaults; index definitions. */
  readonly snapshot: string;
}

const LEDGER = 'prefect_server_ts_migrations';

export async function introspect(settings: Settings): Promise<SchemaShape> {
  const url = settings.database.url;
  if (url.dialect === 'postgres') {
    const client = new pg.Client({ host: url.host, port: url.port, user: url.user, password: url.password, database: url.database });
    await client.connect();
    try {
      const cols = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null }>(`
        SELECT table_name, column_name, data_type, is_nullable, column_default
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> $1
        ORDER BY table_name, column_name`, [LEDGER]);
      const idx = await client.query<{ indexname: string; indexdef: string }>(`
        SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE 'pk\\_%' AND tablename <> $1
        ORDER BY indexname`, [LEDGER]);
      return shape(
        cols.rows.map((c) => [c.table_name, c.column_name, `${c.data_type}${c.is_nullable === 'NO' ? ' NOT NULL' : ''}${c.column_default ? ` DEFAULT ${c.column_default}` : ''}`]),
        idx.rows.map((i) => [i.indexname, i.indexdef]),
      );
    } finally {
      await client.end();
    }
  }
  const db = new BetterSqlite3(url.path, { readonly: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name <> ? ORDER BY name`).pluck().all(LEDGER) as string[];
    const cols: [string, string, string][] = [];
    for (const table of tables) {
      for (const c of db.prepare('SELECT name, type, "notnull" AS nn, dflt_value FROM pragma_table_info(?) ORDER BY name').all(table) as {
        name: string; type: string; nn: number; dflt_value: string | null;
      }[]) {
        cols.push([table, c.name, `${c.type}${c.nn ? ' NOT NULL' : ''}${c.dflt_value ? ` DEFAULT ${c.dflt_value}` : ''}`]);
      }
    }
    const idx = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).all() as { name: string; sql: string }[];
    return shape(cols, idx.map((i) => [i.name, i.sql.replace(/\s+/g, ' ')]));
  } finally {
    db.close();
  }
}

function shape(cols: [string, string, string][], idx: [string, string][]): SchemaShape {
  const columns: Record<string, string[]> = {};
  for (const [table, column] of cols) (columns[table] ??= []).push(column);
  const lines: string[] = [];
  let current = '';
  for (const [table, column, definition] of cols) {
    if (table !== current) lines.push(`${current ? '\n' : ''}TABLE ${(current = table)}`);
    lines.push(`  ${column} ${definition}`);
  }
  lines.push('', ...idx.map(([name, def]) => `INDEX ${name}: ${def}`));
  return { columns, indexes: idx.map(([name]) => name), snapshot: `${lines.join('\n')}\n` };
}
