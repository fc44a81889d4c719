// Compares our /api/openapi.json with the official Prefect 3.9.1 server's, for the paths we
// serve, and prints the differences as Markdown (docs/compat.md is made from its output).
// Usage: npx node scripts/openapi-diff.ts [path-to-prefect-openapi.json]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pino } from 'pino';
import { createApp } from '@prefect-server-ts/api';
import { loadSettings } from '@prefect-server-ts/settings';
import { getDatabase } from '@prefect-server-ts/storage';

type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
type Operation = { requestBody?: { content?: { 'application/json'?: { schema?: Schema } } }; responses?: Record<string, { content?: { 'application/json'?: { schema?: Schema } } }> };
type Schema = { $ref?: string; properties?: Record<string, unknown>; items?: Schema; anyOf?: Schema[] };

function officialDocument(path: string | undefined): Doc {
  if (path) return JSON.parse(readFileSync(path, 'utf8')) as Doc;
  const python = new URL('../test/compat/.venv/bin/python', import.meta.url).pathname;
  const script = 'import json\nfrom prefect.server.api.server import create_app\nprint(json.dumps(create_app(ephemeral=True).openapi()))';
  return JSON.parse(execFileSync(python, ['-c', script], { env: { ...process.env, PREFECT_HOME: tmpdir() }, maxBuffer: 64 << 20 }).toString()) as Doc;
}

async function ourDocument(): Promise<Doc> {
  const settings = loadSettings({ PREFECT_API_DATABASE_CONNECTION_URL: 'sqlite+aiosqlite:///:memory:' });
  const database = await getDatabase(settings.database);
  const app = createApp({ database, settings, log: pino({ level: 'silent' }) }, () => 'http://127.0.0.1/api');
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  try {
    return (await (await fetch(`http://127.0.0.1:${port}/api/openapi.json`)).json()) as Doc;
  } finally {
    server.close();
    await database.close();
  }
}

function resolve(doc: Doc, schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  if (schema.$ref) return doc.components.schemas[schema.$ref.split('/').pop()!];
  if (schema.items) return resolve(doc, schema.items);
  const ref = schema.anyOf?.find((s) => s.$ref || s.items);
  return ref ? resolve(doc, ref) : schema;
}

const fields = (schema: Schema | undefined) => new Set(Object.keys(schema?.properties ?? {}));
const diff = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort();

const [officialPath] = process.argv.slice(2);
const official = officialDocument(officialPath);
const ours = await ourDocument();
const lines: string[] = [];
let implemented = 0;
for (const [path, methods] of Object.entries(ours.paths).sort()) {
  for (const [method, operation] of Object.entries(methods)) {
    const theirs = official.paths[path]?.[method];
    implemented += 1;
    if (!theirs) {
      lines.push(`- \`${method.toUpperCase()} ${path}\`: not in Prefect's document (served at the API root there, or ours only).`);
      continue;
    }
    const body = (op: Operation, doc: Doc) => fields(resolve(doc, op.requestBody?.content?.['application/json']?.schema));
    const response = (op: Operation, doc: Doc) => {
      const ok = Object.entries(op.responses ?? {}).find(([status]) => status.startsWith('2'))?.[1];
      return fields(resolve(doc, ok?.content?.['application/json']?.schema));
    };
    const notes: string[] = [];
    const bodyMissing = diff(body(theirs, official), body(operation, ours));
    const bodyExtra = diff(body(operation, ours), body(theirs, official));
    const responseMissing = diff(response(theirs, official), response(operation, ours));
    if (bodyMissing.length) notes.push(`body lacks ${bodyMissing.join(', ')}`);
    if (bodyExtra.length) notes.push(`body adds ${bodyExtra.join(', ')}`);
    if (responseMissing.length) notes.push(`response lacks ${responseMissing.join(', ')}`);
    if (notes.length) lines.push(`- \`${method.toUpperCase()} ${path}\`: ${notes.join('; ')}.`);
  }
}
const officialCount = Object.values(official.paths).reduce((n, m) => n + Object.keys(m).length, 0);
process.stdout.write(`${implemented} of Prefect's ${officialCount} operations are served.\n\n`);
process.stdout.write(lines.length ? `${lines.join('\n')}\n` : 'No field differences in the operations served.\n');
