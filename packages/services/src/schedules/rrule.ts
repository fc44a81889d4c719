// RRuleSchedule: RFC 5545 recurrence rules evaluated in wall time in the schedule's time
// zone, as Prefect does with dateutil: every DTSTART, UNTIL, RDATE and EXDATE is read as a
// wall time there whatever zone or "Z" it was written with, a rule without DTSTART starts at
// 2020-01-01 00:00, a skipped wall time runs the gap earlier (02:30 → 01:30 on a
// spring-forward day) and a repeated one runs once, the first time.
import rrulePackage from 'rrule';
import type { RRule as RRuleType, RRuleSet as RRuleSetType } from 'rrule';
import type { RRuleSchedule } from './schedule.ts';
import { localize, Temporal, type WallTime, type Zoned } from './zoned.ts';

const { RRule, rrulestr } = rrulePackage;

const DEFAULT_DTSTART = 'DTSTART:20200101T000000';
const DATE_LINE = /^(DTSTART|EXDATE|RDATE)(;[^:]*)?:(.*)$/i;
const MS: Partial<Record<number, number>> = {
  [RRule.SECONDLY]: 1_000,
  [RRule.MINUTELY]: 60_000,
  [RRule.HOURLY]: 3_600_000,
  [RRule.DAILY]: 86_400_000,
};

/** The rule with every date made floating (no TZID, no "Z") and a DTSTART, as rrule's floating mode wants. */
function floatingRuleText(text: string): string {
  const lines = text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const dates = DATE_LINE.exec(line);
      if (dates) return `${dates[1]!.toUpperCase()}:${dates[3]!.replace(/Z(?=,|$)/gi, '')}`;
      return line.replace(/(UNTIL=\d{8}(?:T\d{6})?)Z/i, '$1');
    });
  if (!lines.some((line) => /^DTSTART:/i.test(line))) lines.unshift(DEFAULT_DTSTART);
  return lines.join('\n');
}

function parseRRule(schedule: RRuleSchedule): RRuleType | RRuleSetType {
  return rrulestr(floatingRuleText(schedule.rrule));
}

/** rrule's floating dates carry the wall time in their UTC fields. */
function floatingToWall(date: Date): WallTime {
  return Temporal.Instant.fromEpochMilliseconds(date.getTime()).toZonedDateTimeISO('UTC').toPlainDateTime();
}

function wallToFloating(wall: WallTime): number {
  return wall.toZonedDateTime('UTC').epochMilliseconds;
}

/**
 * A rule that repeats every fixed span of wall time and has no COUNT has the same dates from
 * any later DTSTART moved by whole spans: start close to `from` instead of walking every
 * date since 2020.
 */
function startingNear(rule: RRuleType | RRuleSetType, from: number): RRuleType | RRuleSetType {
  if (!(rule instanceof RRule) || rule instanceof rrulePackage.RRuleSet) return rule;
  const unit = MS[rule.options.freq];
  if (unit === undefined || rule.options.count !== null) return rule;
  const span = unit * rule.options.interval;
  const dtstart = rule.options.dtstart.getTime();
  const spans = Math.floor((from - dtstart) / span);
  if (spans <= 0) return rule;
  return new RRule({ ...rule.origOptions, dtstart: new Date(dtstart + spans * span) });
}

/** Every occurrence at or after `start`, in order of wall time. */
export function* rruleCandidates(schedule: RRuleSchedule, start: Zoned): Generator<Zoned> {
  const timeZone = start.timeZoneId;
  // A day early: no wall time a day before the start can map to an instant after it.
  const from = wallToFloating(start.toPlainDateTime().subtract({ days: 1 }));
  const rule = startingNear(parseRRule(schedule), from);
  const batch: Date[] = [];
  let after = new Date(from);
  for (;;) {
    batch.length = 0;
    rule.between(after, new Date(8.64e15), true, (date) => {
      batch.push(date);
      return batch.length < 100;
    });
    for (const date of batch) {
      const zoned = localize(floatingToWall(date), timeZone, 'earlier');
      if (Temporal.ZonedDateTime.compare(zoned, start) >= 0) yield zoned;
    }
    if (batch.length < 100) return;
    after = new Date(batch.at(-1)!.getTime() + 1);
  }
}
