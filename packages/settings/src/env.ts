// Readers of one setting from the environment: each tries Prefect's names in order (current
// name first, then legacy aliases) and names the variable it read in any SettingsError.
import { SettingsError } from './settings-error.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export function lookup(env: Env, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') return { name, value };
  }
  return undefined;
}

export function readBoolean(env: Env, names: readonly string[], fallback: boolean): boolean {
  const found = lookup(env, names);
  if (!found) return fallback;
  const normalised = found.value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on', 't', 'y'].includes(normalised)) return true;
  if (['0', 'false', 'no', 'off', 'f', 'n'].includes(normalised)) return false;
  throw new SettingsError(found.name, found.value, 'expected a boolean (true/false)');
}

export function readNumber(
  env: Env,
  names: readonly string[],
  fallback: number,
  { integer, min, max }: { integer: boolean; min: number; max: number },
): number {
  const found = lookup(env, names);
  if (!found) return fallback;
  const text = found.value.trim();
  const value = Number(text);
  const kind = integer ? 'an integer' : 'a number';
  if (text === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new SettingsError(found.name, found.value, `expected ${kind}`);
  }
  if (value < min || value > max) {
    throw new SettingsError(found.name, found.value, `expected ${kind} from ${min} to ${max}`);
  }
  return value;
}

export function readString(env: Env, names: readonly string[], fallback: string): string {
  return lookup(env, names)?.value ?? fallback;
}

/**
 * Prefect reads a timedelta as seconds or as an ISO-8601 duration such as PT1H. Durations
 * are positive unless `allowZero` (a threshold such as "late after 0 seconds").
 */
export function readDurationSeconds(env: Env, names: readonly string[], fallback: number, { allowZero = false } = {}): number {
  const found = lookup(env, names);
  if (!found) return fallback;
  const text = found.value.trim();
  const iso = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text);
  const seconds =
    iso && text.length > 1 && !text.endsWith('T')
      ? Number(iso[1] ?? 0) * 86_400 + Number(iso[2] ?? 0) * 3_600 + Number(iso[3] ?? 0) * 60 + Number(iso[4] ?? 0)
      : Number(text);
  if (text === '' || !Number.isFinite(seconds) || seconds < 0 || (seconds === 0 && !allowZero)) {
    const expected = allowZero ? 'a duration of zero or more seconds' : 'a positive duration in seconds';
    throw new SettingsError(found.name, found.value, `expected ${expected} or ISO-8601 (PT1H)`);
  }
  return seconds;
}
