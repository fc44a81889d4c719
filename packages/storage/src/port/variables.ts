// The variables repository: named JSON values with tags.
import type { Timestamp } from '../timestamps.ts';
import type { VariableFilter } from './filters.ts';
import type { Page } from './states.ts';

export interface VariableRecord {
  readonly id: string;
  readonly created: Timestamp;
  readonly updated: Timestamp;
  readonly name: string;
  readonly value: unknown;
  readonly tags: string[];
}

export interface VariableInsert {
  readonly id?: string;
  readonly name: string;
  readonly value: unknown;
  readonly tags?: string[];
}

export interface VariableUpdate {
  readonly name?: string;
  readonly value?: unknown;
  readonly tags?: string[];
}

export type VariableSort = 'CREATED_DESC' | 'UPDATED_DESC' | 'NAME_ASC' | 'NAME_DESC';

export interface VariablesRepository {
  /** Fails with UniqueViolationError when the name is taken. */
  create(variable: VariableInsert): Promise<VariableRecord>;
  read(id: string): Promise<VariableRecord | null>;
  readByName(name: string): Promise<VariableRecord | null>;
  list(filter?: VariableFilter, page?: Page<VariableSort>): Promise<VariableRecord[]>;
  count(filter?: VariableFilter): Promise<number>;
  update(id: string, update: VariableUpdate): Promise<boolean>;
  updateByName(name: string, update: VariableUpdate): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  deleteByName(name: string): Promise<boolean>;
}
