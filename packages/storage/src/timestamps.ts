// Timestamps travel as ISO-8601 UTC strings with microseconds ("2026-01-02T03:04:05.678901Z").
// Prefect clients send microseconds, and state rows are unique per (run, timestamp), so
// truncating to JavaScript's milliseconds would merge distinct states. The fixed width also
// makes SQLite's text comparison order them correctly.

export type Timestamp = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Normalises an ISO-8601 timestamp to UTC with exactly six fractional digits. A value with
 * no offset is taken as UTC, as Prefect's server does. Returns undefined when the text is
 * not a timestamp.
 */
export function canonicalTimestamp(text: string): Timestamp | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00', fraction = '', offset = 'Z'] = m;
  const micros = (fraction + '000000').slice(0, 6);
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(base)) return undefined;
  const check = new Date(base);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return undefined;
  let offsetMinutes = 0;
  if (offset.toUpperCase() !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  return formatTimestamp(base + Number(micros.slice(0, 3)) - offsetMinutes * 60_000, micros.slice(3));
}

function formatTimestamp(epochMs: number, extraMicros: string): Timestamp {
  const iso = new Date(epochMs).toISOString(); // 2026-01-02T03:04:05.678Z
  if (iso.length !== 24) throw new RangeError(`timestamp out of range: ${iso}`);
  return `${iso.slice(0, 23)}${extraMicros.padEnd(3, '0')}Z`;
}

export function timestampFromDate(date: Date): Timestamp {
  return formatTimestamp(date.getTime(), '000');
}

/** The current time with microseconds, from the high-resolution clock. */
export function nowTimestamp(): Timestamp {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  return formatTimestamp(Math.floor(micros / 1000), String(micros % 1000).padStart(3, '0'));
}

export function timestampToDate(ts: Timestamp): Date {
  return new Date(ts);
}

/** `ts` moved by `seconds` (may be fractional or negative), to the microsecond. */
export function addSeconds(ts: Timestamp, seconds: number): Timestamp {
  const micros = Date.parse(ts.slice(0, 23) + 'Z') * 1000 + Number(ts.slice(23, 26)) + Math.round(seconds * 1_000_000);
  const ms = Math.floor(micros / 1000);
  return formatTimestamp(ms, String(micros - ms * 1000).padStart(3, '0'));
}

/** Seconds between two timestamps, with microsecond precision. */
export function secondsBetween(from: Timestamp, to: Timestamp): number {
  const micros = (ts: Timestamp) => Date.parse(ts.slice(0, 23) + 'Z') * 1000 + Number(ts.slice(23, 26));
  return (micros(to) - micros(from)) / 1_000_000;
}
