// Where the schema's files live: migrations/ and sql/ at the project root. Found by walking up
// from this module, which runs from its source (packages/storage/src/) in development and from
// the bundle in dist/ under `npm start`: the two sit at different depths.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT_ENTRIES = ['package.json', 'migrations', 'sql'];

let root: string | undefined;

function projectRoot(): string {
  root ??= findProjectRoot();
  return root;
}

function findProjectRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (ROOT_ENTRIES.every((entry) => existsSync(join(dir, entry)))) return dir;
    if (dirname(dir) === dir) throw new Error(`prefect-server-ts: no ${ROOT_ENTRIES.join(', ')} found in ${start} or above it`);
  }
}

/** The project's directory `name`, with a trailing separator. */
export function projectDirectory(name: 'migrations' | 'sql'): string {
  return join(projectRoot(), name, '/');
}
