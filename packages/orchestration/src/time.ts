// Microsecond arithmetic on canonical timestamps ('YYYY-MM-DDTHH:MM:SS.ffffffZ'), which
// JavaScript's millisecond Date cannot do on its own.
import { canonicalTimestamp, nowTimestamp, type Timestamp } from '@prefect-server-ts/storage';

/** Microseconds since the epoch, exactly. */
export function toMicros(ts: Timestamp): number {
  const canonical = ensureCanonical(ts);
  return Date.parse(canonical.slice(0, 23) + 'Z') * 1000 + Number(canonical.slice(23, 26));
}

export function fromMicros(micros: number): Timestamp {
  const whole = Math.round(micros);
  const ms = Math.floor(whole / 1000);
  const extra = whole - ms * 1000;
  return `${new Date(ms).toISOString().slice(0, 23)}${String(extra).padStart(3, '0')}Z`;
}

/** `ts` moved by `seconds` (fractional, possibly negative), rounded to the microsecond. */
export function addSeconds(ts: Timestamp, seconds: number): Timestamp {
  return fromMicros(toMicros(ts) + Math.round(seconds * 1_000_000));
}

export function addMicros(ts: Timestamp, micros: number): Timestamp {
  return fromMicros(toMicros(ts) + micros);
}

/** Microseconds from `from` to `to`. */
export function microsBetween(from: Timestamp, to: Timestamp): number {
  return toMicros(to) - toMicros(from);
}

export function isBefore(a: Timestamp, b: Timestamp): boolean {
  return toMicros(a) < toMicros(b);
}

/** Normalises a timestamp given by a caller; throws on text that is not one. */
export function requireTimestamp(value: unknown, field: string): Timestamp {
  const canonical = typeof value === 'string' ? canonicalTimestamp(value) : undefined;
  if (canonical === undefined) throw new TypeError(`${field} is not a timestamp: ${JSON.stringify(value)}`);
  return canonical;
}

function ensureCanonical(ts: Timestamp): Timestamp {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(ts) ? ts : requireTimestamp(ts, 'timestamp');
}

/** Python's round(): halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The caller's clock with its readings made canonical, or the system clock. */
export function canonicalClock(now?: () => Timestamp): () => Timestamp {
  return now ? () => requireTimestamp(now(), 'now()') : nowTimestamp;
}
