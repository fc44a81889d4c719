// Hand-tuned queries kept as plain files, sql/<dialect>/<name>.sql, read once when a
// repository module loads them. Each `:name` placeholder splits the file's text into the
// literal parts of a slonik template, so every value is bound as a parameter (or passed as a
// slonik token) and no SQL is ever assembled from strings at run time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectDirectory } from '../project-files.ts';
import { sql, type QuerySqlToken, type ValueExpression } from 'slonik';
import type { Dialect } from '../port/database.ts';

export const SQL_ROOT = projectDirectory('sql');

export type NamedParameters = Readonly<Record<string, ValueExpression>>;
export type NamedQuery = (parameters: NamedParameters) => QuerySqlToken;

const PLACEHOLDER_NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Where a quoted string, quoted identifier or comment that starts at `i` ends, or undefined. */
function skipQuotedOrComment(text: string, i: number): number | undefined {
  const ch = text[i];
  if (ch === '-' && text[i + 1] === '-') {
    const newline = text.indexOf('\n', i);
    return newline === -1 ? text.length : newline + 1;
  }
  if (ch === '/' && text[i + 1] === '*') {
    const close = text.indexOf('*/', i + 2);
    return close === -1 ? text.length : close + 2;
  }
  if (ch === "'" || ch === '"') {
    let end = i + 1;
    while (end < text.length) {
      if (text[end] === ch && text[end + 1] === ch) end += 2;
      else if (text[end] === ch) return end + 1;
      else end += 1;
    }
    return end;
  }
  return undefined;
}

/**
 * Splits `text` at its `:name` placeholders. A `::type` cast is not a placeholder, nor is
 * anything inside quotes or comments.
 */
export function parsePlaceholders(text: string): { literals: string[]; names: string[] } {
  const literals: string[] = [];
  const names: string[] = [];
  let current = '';
  let i = 0;
  while (i < text.length) {
    const skipped = skipQuotedOrComment(text, i);
    if (skipped !== undefined) {
      current += text.slice(i, skipped);
      i = skipped;
      continue;
    }
    const name = text[i] === ':' && text[i - 1] !== ':' ? PLACEHOLDER_NAME.exec(text.slice(i + 1))?.[0] : undefined;
    if (name === undefined) {
      current += text[i];
      i += 1;
      continue;
    }
    literals.push(current);
    names.push(name);
    current = '';
    i += 1 + name.length;
  }
  literals.push(current);
  return { literals, names };
}

/** A query from SQL text: call it with a value for each placeholder the text names. */
export function namedQueryFromText(text: string, source: string): NamedQuery {
  const { literals, names } = parsePlaceholders(text);
  const strings = Object.freeze(Object.assign([...literals], { raw: Object.freeze([...literals]) })) as unknown as TemplateStringsArray;
  const expected = new Set(names);
  return (parameters) => {
    for (const given of Object.keys(parameters)) {
      if (!expected.has(given)) throw new Error(`${source} has no placeholder :${given}`);
    }
    const values = names.map((name) => {
      if (!Object.hasOwn(parameters, name)) throw new Error(`${source} needs a value for :${name}`);
      return parameters[name] as ValueExpression;
    });
    return sql.unsafe(strings, ...values);
  };
}

/** The file name each query token came from, so that executors can time statements by name. */
const names = new WeakMap<QuerySqlToken, string>();

/** The name of the SQL file `query` was made from, or undefined for an inline statement. */
export function namedQueryName(query: QuerySqlToken): string | undefined {
  return names.get(query);
}

/** sql/<dialect>/<name>.sql for both dialects, read now: a missing file fails at start-up. */
export function loadNamedQuery(name: string, root = SQL_ROOT): Readonly<Record<Dialect, NamedQuery>> {
  const load = (dialect: Dialect): NamedQuery => {
    const path = join(root, dialect, `${name}.sql`);
    const query = namedQueryFromText(readFileSync(path, 'utf8'), path);
    return (parameters) => {
      const token = query(parameters);
      names.set(token, name);
      return token;
    };
  };
  return { postgres: load('postgres'), sqlite: load('sqlite') };
}
