// The dates of a Prefect schedule in a window: `scheduleDates(schedule, { start, end, n })`.
import { cronCandidates } from './cron.ts';
import { intervalCandidates } from './interval.ts';
import { rruleCandidates } from './rrule.ts';
import { collectDates, resolveWindow, type DateWindow, type Sameness, type Schedule, type ScheduledDate } from './schedule.ts';
import { zonedAt, type Zoned } from './zoned.ts';

export type { CronSchedule, DateWindow, IntervalSchedule, RRuleSchedule, Schedule, ScheduledDate } from './schedule.ts';
export { MAX_ITERATIONS } from './schedule.ts';

function candidates(schedule: Schedule, start: Zoned): [Iterable<Zoned>, Sameness] {
  if ('interval' in schedule) return [intervalCandidates(schedule, start), 'wall-time'];
  if ('cron' in schedule) return [cronCandidates(schedule, start), 'instant'];
  return [rruleCandidates(schedule, start), 'wall-time'];
}

/**
 * The schedule's dates from `start` (inclusive) up to `end` (inclusive, as in Prefect), at
 * most `n`, in order. Each date is an instant and its text in the schedule's time zone.
 */
export function scheduleDates(schedule: Schedule, window: DateWindow): ScheduledDate[] {
  const resolved = resolveWindow(window);
  const start = zonedAt(resolved.start, schedule.timezone || 'UTC');
  const [dates, sameness] = candidates(schedule, start);
  return collectDates(dates, resolved, sameness).sort(byInstant);
}

function byInstant(a: ScheduledDate, b: ScheduledDate): number {
  return a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0;
}
