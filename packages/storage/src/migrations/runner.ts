// Applies and reverts numbered migrations through a dialect's session, and refuses any
// database it must not touch: a Python Prefect database, one ahead of this code, or one
// whose applied migrations were edited since.
import { MigrationError } from '../port/errors.ts';
import type { AppliedMigration, MigrationStatus } from '../port/database.ts';
import type { MigrationFile } from './files.ts';

export const LEDGER_TABLE = 'prefect_server_ts_migrations';

/** What the runner needs from a dialect, inside one locked transaction. */
export interface MigrationSession {
  hasTable(name: string): Promise<boolean>;
  ensureLedger(): Promise<void>;
  applied(): Promise<AppliedMigration[]>;
  runScript(script: string): Promise<void>;
  record(file: MigrationFile): Promise<void>;
  unrecord(version: number): Promise<void>;
}

export interface MigrationTarget {
  /** Runs `fn` in one transaction that no other migrating process can enter at the same time. */
  locked<T>(fn: (session: MigrationSession) => Promise<T>): Promise<T>;
  /** A read-only look, for status and readiness. */
  inspect<T>(fn: (session: Pick<MigrationSession, 'hasTable' | 'applied'>) => Promise<T>): Promise<T>;
}

async function readApplied(session: Pick<MigrationSession, 'hasTable' | 'applied'>): Promise<AppliedMigration[]> {
  if (await session.hasTable('alembic_version')) {
    throw new MigrationError(
      'This database belongs to the Python Prefect server (it has an alembic_version table). ' +
        'prefect-server-ts keeps its own schema and will not change it: point PREFECT_API_DATABASE_CONNECTION_URL at an empty database.',
    );
  }
  return (await session.hasTable(LEDGER_TABLE)) ? session.applied() : [];
}

function verify(applied: AppliedMigration[], files: MigrationFile[]): void {
  const latest = files.length;
  for (const migration of applied) {
    const file = files[migration.version - 1];
    if (!file) {
      throw new MigrationError(
        `The database schema is at version ${Math.max(...applied.map((m) => m.version))}, newer than this code knows (${latest}). ` +
          'Run a prefect-server-ts release at least as new as the one that migrated it.',
      );
    }
    if (file.checksum !== migration.checksum) {
      throw new MigrationError(
        `Migration ${String(file.version).padStart(4, '0')}_${file.name} was edited after it was applied to this database ` +
          `(checksum ${migration.checksum.slice(0, 12)} in the database, ${file.checksum.slice(0, 12)} on disk). ` +
          'Applied migrations are immutable: restore the file and add a new migration instead.',
      );
    }
  }
}

export function describeStatus(applied: AppliedMigration[], files: MigrationFile[]): MigrationStatus {
  const done = new Set(applied.map((m) => m.version));
  return {
    applied,
    pending: files.filter((f) => !done.has(f.version)).map((f) => ({ version: f.version, name: f.name })),
    latest: files.length,
    current: applied.reduce((max, m) => Math.max(max, m.version), 0),
  };
}

export async function upgrade(target: MigrationTarget, files: MigrationFile[], to = files.length): Promise<number[]> {
  if (!Number.isInteger(to) || to < 0 || to > files.length) {
    throw new MigrationError(`Cannot upgrade to version ${to}: this code has migrations 1 to ${files.length}.`);
  }
  return target.locked(async (session) => {
    const applied = await readApplied(session);
    verify(applied, files);
    await session.ensureLedger();
    const done = new Set(applied.map((m) => m.version));
    const ran: number[] = [];
    for (const file of files.slice(0, to)) {
      if (done.has(file.version)) continue;
      await session.runScript(file.up);
      await session.record(file);
      ran.push(file.version);
    }
    return ran;
  });
}

export async function downgrade(target: MigrationTarget, files: MigrationFile[], to?: number): Promise<number[]> {
  return target.locked(async (session) => {
    const applied = await readApplied(session);
    verify(applied, files);
    const current = describeStatus(applied, files).current;
    const goal = to ?? Math.max(0, current - 1);
    if (!Number.isInteger(goal) || goal < 0 || goal > current) {
      throw new MigrationError(`Cannot downgrade to version ${goal}: the database is at version ${current}.`);
    }
    const reverted: number[] = [];
    for (const migration of [...applied].sort((a, b) => b.version - a.version)) {
      if (migration.version <= goal) break;
      await session.runScript(files[migration.version - 1]!.down);
      await session.unrecord(migration.version);
      reverted.push(migration.version);
    }
    return reverted;
  });
}

export async function migrationStatus(target: MigrationTarget, files: MigrationFile[]): Promise<MigrationStatus> {
  return target.inspect(async (session) => describeStatus(await readApplied(session), files));
}

export async function assertCurrent(target: MigrationTarget, files: MigrationFile[]): Promise<void> {
  await target.inspect(async (session) => {
    const applied = await readApplied(session);
    verify(applied, files);
    const { pending } = describeStatus(applied, files);
    if (pending.length > 0) {
      throw new MigrationError(
        `The database schema is behind: ${pending.length} migration(s) pending (${pending.map((p) => p.version).join(', ')}). ` +
          'Run `prefect-server-ts database upgrade`, or start with PREFECT_API_DATABASE_MIGRATE_ON_START=true.',
      );
    }
  });
}
