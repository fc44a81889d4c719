// Prefect's three schedule shapes as deployments store them, and the dates each yields.
import type { Timestamp } from '@prefect-server-ts/storage';
import { pythonText, Temporal, toTimestamp, type Zoned } from './zoned.ts';

export interface IntervalSchedule {
  /** Seconds between runs (Prefect serialises the timedelta as seconds). */
  readonly interval: number;
  /** The series passes through this instant: an ISO date-time (UTC when it has no offset). */
  readonly anchor_date: string;
  readonly timezone?: string | null;
}

export interface CronSchedule {
  readonly cron: string;
  readonly timezone?: string | null;
  /** True: a date matches the day-of-month OR the day-of-week field; false: both. */
  readonly day_or?: boolean;
}

export interface RRuleSchedule {
  readonly rrule: string;
  readonly timezone?: string | null;
}

export type Schedule = IntervalSchedule | CronSchedule | RRuleSchedule;

export interface ScheduledDate {
  /** The instant, as a canonical UTC timestamp. */
  readonly timestamp: Timestamp;
  /** The date in the schedule's time zone as Python prints it (`2024-03-10 03:30:00-04:00`): Prefect's idempotency keys embed this. */
  readonly text: string;
}

export interface DateWindow {
  /** The first date returned is at or after this instant. */
  readonly start: Timestamp;
  /** No date returned is after this instant (inclusive, as in Prefect). */
  readonly end?: Timestamp | null;
  /** At most this many dates; Prefect's default is 1, or MAX_ITERATIONS when an end is given. */
  readonly n?: number | null;
}

/** Prefect stops looking after this many candidates past the start. */
export const MAX_ITERATIONS = 1000;

export interface ResolvedWindow {
  readonly start: Timestamp;
  readonly end: Timestamp | null;
  readonly n: number;
}

export function resolveWindow(window: DateWindow): ResolvedWindow {
  const end = window.end ?? null;
  return { start: window.start, end, n: window.n ?? (end === null ? 1 : MAX_ITERATIONS) };
}

/**
 * Which candidates count as the same date. Prefect keeps instants apart for cron schedules,
 * but compares interval and rrule dates as Python compares datetimes of one zone: by wall
 * time, so the second 01:00 of a fall-back night repeats the first (an hourly interval
 * schedule skips it).
 */
export type Sameness = 'instant' | 'wall-time';

/**
 * Collects candidates the way Prefect does: stops at the first past `end`, skips repeats,
 * stops at `n` dates or after MAX_ITERATIONS + 2 candidates.
 */
export function collectDates(candidates: Iterable<Zoned>, window: ResolvedWindow, sameness: Sameness): ScheduledDate[] {
  const endKey = window.end === null ? null : Temporal.Instant.from(window.end).epochNanoseconds;
  const seen = new Set<string | bigint>();
  const dates: ScheduledDate[] = [];
  let counter = 0;
  for (const candidate of candidates) {
    if (endKey !== null && candidate.epochNanoseconds > endKey) break;
    const key = sameness === 'instant' ? candidate.epochNanoseconds : candidate.toPlainDateTime().toString();
    if (!seen.has(key)) {
      seen.add(key);
      dates.push({ timestamp: toTimestamp(candidate), text: pythonText(candidate) });
    }
    if (dates.length >= window.n || counter > MAX_ITERATIONS) break;
    counter += 1;
  }
  return dates;
}
