// CronSchedule: cron matches are wall times in the schedule's time zone. A skipped wall time
// runs when the clock reaches it after the jump (02:30 → 03:30 on a spring-forward day); a
// repeated one runs once, the first time. Expressions are croniter's, as Prefect validates
// them: a sixth field is seconds and a seventh the year.
import { Cron } from 'croner';
import type { CronSchedule } from './schedule.ts';
import { lastTransition, localize, Temporal, type WallTime, type Zoned } from './zoned.ts';

/** croniter's syntax in croner's: seconds lead, `L5` (last Friday) is `5#L`, `?` is `*`. */
function toCronerPattern(expression: string): string {
  const fields = expression.trim().split(/\s+/);
  if (fields.length === 1) return fields[0]!;
  const ordered = fields.length >= 6 ? [fields[5]!, ...fields.slice(0, 5), ...fields.slice(6)] : fields;
  const dayOfWeek = ordered.length - (fields.length === 7 ? 2 : 1);
  return ordered
    .map((field, index) => {
      const wild = field === '?' ? '*' : field;
      return index === dayOfWeek ? wild.split(',').map((item) => item.replace(/^L([0-7])$/i, '$1#L')).join(',') : wild;
    })
    .join(' ');
}

/** Wall times as UTC instants, so that croner's arithmetic never meets a DST change. */
function wallAsUtc(wall: WallTime): Date {
  return new Date(wall.toZonedDateTime('UTC').epochMilliseconds);
}

function utcAsWall(date: Date): WallTime {
  return Temporal.Instant.fromEpochMilliseconds(date.getTime()).toZonedDateTimeISO('UTC').toPlainDateTime();
}

function parseCron(schedule: CronSchedule): Cron {
  return new Cron(toCronerPattern(schedule.cron), { timezone: 'UTC', domAndDow: schedule.day_or === false });
}

/** Every match at or after `start`, in order of wall time (localized instants may repeat). */
export function* cronCandidates(schedule: CronSchedule, start: Zoned): Generator<Zoned> {
  const cron = parseCron(schedule);
  const timeZone = start.timeZoneId;
  // Just after a spring-forward jump, wall times inside the gap map to instants at or after
  // the start although their wall time is earlier: look back by the gap.
  let from = start.toPlainDateTime();
  const transition = lastTransition(start);
  if (transition && transition.gapSeconds > 0 && Number(start.epochNanoseconds - transition.at.epochNanoseconds) / 1e9 < transition.gapSeconds) {
    from = from.subtract({ seconds: transition.gapSeconds });
  }
  // croner finds matches strictly after its start: begin a millisecond before the first wall time wanted.
  let previous = new Date(wallAsUtc(from).getTime() - 1);
  for (;;) {
    const match = cron.nextRun(previous);
    if (match === null) return;
    previous = match;
    const zoned = localize(utcAsWall(match), timeZone, 'compatible');
    if (Temporal.ZonedDateTime.compare(zoned, start) >= 0) yield zoned;
  }
}
