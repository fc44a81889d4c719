// Server configuration entries: JSON values under unique keys.
import type { JsonObject } from './states.ts';

export interface ConfigurationRepository {
  read(key: string): Promise<JsonObject | null>;
  /** Creates or replaces the value under `key`. */
  write(key: string, value: JsonObject): Promise<void>;
}
