// Time zone arithmetic for schedules, on Temporal: instants to and from the project's
// canonical timestamps, wall times in a zone, and the way Python prints a zoned datetime.
import { Temporal } from 'temporal-polyfill';
import { canonicalTimestamp, type Timestamp } from '@prefect-server-ts/storage';

export type Zoned = Temporal.ZonedDateTime;
export type WallTime = Temporal.PlainDateTime;

/**
 * How a wall time that a DST change skips or repeats becomes an instant: 'compatible' moves
 * a skipped time forward by the gap and takes the first of a repeated time; 'earlier' moves a
 * skipped time back by the gap and also takes the first of a repeated time.
 */
export type Disambiguation = 'compatible' | 'earlier';

export function zonedAt(timestamp: Timestamp, timeZone: string): Zoned {
  return Temporal.Instant.from(timestamp).toZonedDateTimeISO(timeZone);
}

/** An ISO date-time seen in `timeZone`; one without an offset is UTC, as Prefect's server reads it. */
export function parseZoned(text: string, timeZone: string): Zoned {
  const timestamp = canonicalTimestamp(text);
  if (timestamp === undefined) throw new RangeError(`not an ISO date-time: ${JSON.stringify(text)}`);
  return zonedAt(timestamp, timeZone);
}

export function localize(wall: WallTime, timeZone: string, disambiguation: Disambiguation): Zoned {
  return wall.toZonedDateTime(timeZone, { disambiguation });
}

export function toTimestamp(zoned: Zoned): Timestamp {
  return zoned.toInstant().toString({ fractionalSecondDigits: 6 });
}

/** `str(datetime)` in Python: `2024-03-10 03:30:00-04:00`, microseconds only when present. */
export function pythonText(zoned: Zoned): string {
  const date = zoned.toPlainDate().toString();
  const time = zoned.toPlainTime().toString({ smallestUnit: 'microsecond' });
  const trimmed = time.endsWith('.000000') ? time.slice(0, -7) : time;
  return `${date} ${trimmed}${zoned.offset}`;
}

/** Seconds from the offset before the last transition at or before `zoned` to the offset after it, and when it happened. */
export function lastTransition(zoned: Zoned): { at: Zoned; gapSeconds: number } | null {
  const transition = zoned.add({ seconds: 1 }).getTimeZoneTransition('previous');
  if (transition === null) return null;
  const before = transition.subtract({ nanoseconds: 1 });
  return { at: transition, gapSeconds: (transition.offsetNanoseconds - before.offsetNanoseconds) / 1e9 };
}

export { Temporal };
