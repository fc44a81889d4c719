// Reads the numbered migration files of one dialect: migrations/<dialect>/NNNN_name.{up,down}.sql.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { projectDirectory } from '../project-files.ts';
import { join } from 'node:path';
import type { Dialect } from '../port/database.ts';

export interface MigrationFile {
  readonly version: number;
  readonly name: string;
  readonly up: string;
  readonly down: string;
  /** sha256 of the up script: an applied migration must never change. */
  readonly checksum: string;
}

export const MIGRATIONS_ROOT = projectDirectory('migrations');

const FILE = /^(\d{4})_([a-z0-9_]+)\.(up|down)\.sql$/;

export function checksum(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function loadMigrations(dialect: Dialect, root = MIGRATIONS_ROOT): MigrationFile[] {
  const dir = join(root, dialect);
  const found = new Map<number, { name: string; up?: string; down?: string }>();
  for (const file of readdirSync(dir).sort()) {
    const match = FILE.exec(file);
    if (!match) {
      if (file.endsWith('.sql')) throw new Error(`${join(dir, file)}: expected a name like 0001_initial.up.sql`);
      continue;
    }
    const version = Number(match[1]);
    const entry = found.get(version) ?? { name: match[2]! };
    if (entry.name !== match[2]) throw new Error(`${dir}: version ${match[1]} has two names, ${entry.name} and ${match[2]}`);
    entry[match[3] as 'up' | 'down'] = readFileSync(join(dir, file), 'utf8');
    found.set(version, entry);
  }
  const files = [...found.entries()].sort(([a], [b]) => a - b);
  return files.map(([version, entry], index) => {
    if (version !== index + 1) throw new Error(`${dir}: migrations must be numbered 1, 2, 3…; found ${version} at position ${index + 1}`);
    if (entry.up === undefined || entry.down === undefined) {
      throw new Error(`${dir}: migration ${version} (${entry.name}) needs both an .up.sql and a .down.sql file`);
    }
    return { version, name: entry.name, up: entry.up, down: entry.down, checksum: checksum(entry.up) };
  });
}
