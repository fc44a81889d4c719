// Plain .sql migration files enter slonik as the literal part of a
// template, so they pass through the same `sql` tag as every other statement.
import { sql, type QuerySqlToken } from 'slonik';

export function sqlFromText(text: string): QuerySqlToken {
  const strings = Object.freeze(Object.assign([text], { raw: Object.freeze([text]) }));
  return sql.unsafe(strings as unknown as TemplateStringsArray);
}

/**
 * Splits a script into statements on semicolons outside quotes, comments and dollar
 * quotes. Slonik sends one statement per query, so migrations go statement by statement.
 */
export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  while (i < script.length) {
    const ch = script[i]!;
    const next = script[i + 1];
    let end = i + 1;
    if (ch === '-' && next === '-') {
      const newline = script.indexOf('\n', i);
      end = newline === -1 ? script.length : newline + 1;
    } else if (ch === '/' && next === '*') {
      const close = script.indexOf('*/', i + 2);
      end = close === -1 ? script.length : close + 2;
    } else if (ch === "'" || ch === '"') {
      end = i + 1;
      while (end < script.length) {
        if (script[end] === ch && script[end + 1] === ch) end += 2;
        else if (script[end] === ch) { end += 1; break; }
        else end += 1;
      }
    } else if (ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i))?.[0];
      if (tag) {
        const close = script.indexOf(tag, i + tag.length);
        end = close === -1 ? script.length : close + tag.length;
      }
    } else if (ch === ';') {
      if (current.trim() !== '') statements.push(current.trim());
      current = '';
      i += 1;
      continue;
    }
    current += script.slice(i, end);
    i = end;
  }
  if (stripComments(current).trim() !== '') statements.push(current.trim());
  return statements.filter((s) => stripComments(s).trim() !== '');
}

function stripComments(text: string): string {
  return text.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}
