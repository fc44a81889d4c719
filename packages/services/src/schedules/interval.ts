// IntervalSchedule: dates `interval` apart through the anchor, in the schedule's time zone.
// An interval of whole days or more is added to the wall clock there (a daily 09:00 stays
// 09:00 across DST); a shorter one is elapsed time (an hourly schedule fires every real hour,
// except that the repeated hour of a fall-back night counts as already seen). A wall time
// that a spring-forward skips moves forward, and later days keep the moved time, as Prefect's
// repeated calendar additions do.
import type { IntervalSchedule } from './schedule.ts';
import { parseZoned, Temporal, type Zoned } from './zoned.ts';

const DAY_SECONDS = 86_400;

interface Step {
  readonly days: number;
  readonly micros: number;
}

/** Prefect's timedelta split: whole days, and the remaining seconds (to the microsecond). */
function splitInterval(seconds: number): Step {
  if (!(seconds > 0) || !Number.isFinite(seconds)) throw new RangeError(`interval must be a positive number of seconds, got ${seconds}`);
  const totalMicros = Math.round(seconds * 1_000_000);
  const days = Math.floor(totalMicros / (DAY_SECONDS * 1_000_000));
  return { days, micros: totalMicros - days * DAY_SECONDS * 1_000_000 };
}

/** Elapsed time when no days are added; otherwise wall-clock arithmetic, resolved forward out of a gap. */
function add(zoned: Zoned, days: number, micros: number): Zoned {
  const seconds = Math.trunc(micros / 1_000_000);
  const duration = { days, seconds, microseconds: micros - seconds * 1_000_000 };
  if (days === 0) return zoned.add(duration);
  return zoned.toPlainDateTime().add(duration).toZonedDateTime(zoned.timeZoneId, { disambiguation: 'compatible' });
}

function isBefore(a: Zoned, b: Zoned): boolean {
  return Temporal.ZonedDateTime.compare(a, b) < 0;
}

/**
 * The first of anchor, anchor + days, anchor + 2·days … (each step a calendar addition from
 * the previous one) at or after `start`. Between two of the zone's transitions the wall clock
 * keeps one offset, so many steps can be taken at once; only a step across a transition can
 * move the time of day.
 */
function seekCalendarDays(anchor: Zoned, start: Zoned, days: number): Zoned {
  let current = anchor;
  while (isBefore(current, start)) {
    const transition = current.getTimeZoneTransition('next');
    const boundary = transition !== null && isBefore(transition, start) ? transition : start;
    const daysToBoundary = current.toPlainDate().until(boundary.toPlainDate(), { largestUnit: 'day' }).days;
    const steps = Math.max(1, Math.floor(daysToBoundary / days) - 1);
    current = current.add({ days: days * steps });
  }
  return current;
}

/** Every date of the schedule at or after `start`, in order (duplicates possible, never decreasing). */
export function* intervalCandidates(schedule: IntervalSchedule, start: Zoned): Generator<Zoned> {
  const timeZone = start.timeZoneId;
  const anchor = parseZoned(schedule.anchor_date, timeZone);
  const { days, micros } = splitInterval(schedule.interval);
  const totalMicros = days * DAY_SECONDS * 1_000_000 + micros;
  // A pure-seconds or pure-days interval can jump straight to the k-th date; a mixed one
  // jumps by elapsed time and then steps.
  const jump = (k: number): Zoned => (days === 0 || micros === 0 ? add(anchor, days * k, micros * k) : add(anchor, 0, totalMicros * k));
  const startsBeforeAnchor = isBefore(start, anchor);
  const calendarDays = days !== 0 && micros === 0;

  let offset = 0;
  let next: Zoned;
  if (!startsBeforeAnchor && calendarDays && timeZone !== 'UTC') {
    next = seekCalendarDays(anchor, start, days);
  } else {
    const elapsedMicros = Number(start.epochNanoseconds - anchor.epochNanoseconds) / 1000;
    offset = Math.trunc(elapsedMicros / totalMicros);
    next = jump(offset);
    // Elapsed time overestimates the count of calendar days when a DST change lies between.
    while (isBefore(start, next)) {
      offset -= 1;
      next = jump(offset);
    }
  }
  // Before the anchor, pure calendar-day dates are counted back from the anchor: stepping
  // forward from a date moved out of a gap could never land on the anchor again.
  const step = (from: Zoned): Zoned => {
    if (startsBeforeAnchor && calendarDays && offset < 0) {
      offset += 1;
      return jump(offset);
    }
    return add(from, days, micros);
  };
  while (isBefore(next, start)) next = step(next);
  for (;;) {
    yield next;
    next = step(next);
  }
}
