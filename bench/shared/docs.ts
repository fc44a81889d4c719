// docs/benchmarks.md holds one section per benchmark, between HTML comment markers, so that
// each benchmark rewrites its own results and leaves the others' in place.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

const TITLE = '# Benchmarks: prefect-server-ts against the official Prefect server\n';

export async function writeSection(path: string, name: string, markdown: string): Promise<void> {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const current = existsSync(path) ? await readFile(path, 'utf8') : TITLE;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next = from >= 0 && to > from ? current.slice(0, from) + block + current.slice(to + end.length) : `${current.trimEnd()}\n\n${block}\n`;
  await writeFile(path, next, 'utf8');
}
