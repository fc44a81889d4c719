// Schedule arithmetic: the dates Prefect 3.9.1's IntervalSchedule, CronSchedule and
// RRuleSchedule give for a window, across DST changes in America/New_York (2024-03-10
// 02:00 → 03:00, 2024-11-03 02:00 → 01:00), with day_or both ways and rrules with and without
// DTSTART. Expected dates are the reference server's, printed as Python prints them.
import test from 'ava';
import { MAX_ITERATIONS, scheduleDates, type Schedule } from '../../packages/services/src/schedules/index.ts';

const NY = 'America/New_York';

function texts(schedule: Schedule, start: string, n?: number, end?: string): string[] {
  return scheduleDates(schedule, { start, n: n ?? null, end: end ?? null }).map((date) => date.text);
}

function hours(schedule: Schedule, start: string, n: number): { local: number[]; utc: number[] } {
  const dates = scheduleDates(schedule, { start, n });
  return {
    local: dates.map((date) => Number(date.text.slice(11, 13))),
    utc: dates.map((date) => Number(date.timestamp.slice(11, 13))),
  };
}

// 2018-03-10 23:00 and 2018-11-03 23:00 in New York, the evenings before each change.
const BEFORE_SPRING_2018 = '2018-03-11T04:00:00.000000Z';
const BEFORE_FALL_2018 = '2018-11-04T03:00:00.000000Z';

test('dates carry the instant as a canonical timestamp and the zoned text Prefect puts in idempotency keys', (t) => {
  t.deepEqual(scheduleDates({ interval: 3600, anchor_date: '2024-01-01T00:00:00Z', timezone: NY }, { start: '2024-04-01T00:00:00.000000Z', n: 1 }), [
    { timestamp: '2024-04-01T00:00:00.000000Z', text: '2024-03-31 20:00:00-04:00' },
  ]);
  t.deepEqual(scheduleDates({ interval: 0.25, anchor_date: '2024-01-01T00:00:00.1Z', timezone: 'UTC' }, { start: '2024-04-01T00:00:00.000000Z', n: 2 }), [
    { timestamp: '2024-04-01T00:00:00.100000Z', text: '2024-04-01 00:00:00.100000+00:00' },
    { timestamp: '2024-04-01T00:00:00.350000Z', text: '2024-04-01 00:00:00.350000+00:00' },
  ]);
});

test('interval: start and end are both inclusive, n limits, and without an end n defaults to one', (t) => {
  const sixHourly = { interval: 21_600, anchor_date: '2024-01-01T00:00:00+00:00', timezone: 'UTC' };
  t.deepEqual(texts(sixHourly, '2024-04-01T06:00:00.000000Z', 10, '2024-04-01T18:00:00.000000Z'), [
    '2024-04-01 06:00:00+00:00',
    '2024-04-01 12:00:00+00:00',
    '2024-04-01 18:00:00+00:00',
  ]);
  t.deepEqual(texts(sixHourly, '2024-04-01T06:00:00.000000Z', 2), ['2024-04-01 06:00:00+00:00', '2024-04-01 12:00:00+00:00']);
  t.deepEqual(texts(sixHourly, '2024-04-01T06:00:00.000001Z'), ['2024-04-01 12:00:00+00:00']);
  t.deepEqual(texts({ interval: 45, anchor_date: '2024-01-01T00:00:10Z', timezone: 'UTC' }, '2024-04-01T00:00:00.000000Z', 3), [
    '2024-04-01 00:00:10+00:00',
    '2024-04-01 00:00:55+00:00',
    '2024-04-01 00:01:40+00:00',
  ]);
});

test('interval: at most MAX_ITERATIONS + 2 dates, and MAX_ITERATIONS when only an end is given', (t) => {
  const minutely = { interval: 60, anchor_date: '2024-01-01T00:00:00Z', timezone: 'UTC' };
  const many = scheduleDates(minutely, { start: '2024-04-01T00:00:00.000000Z', n: 5000 });
  t.is(many.length, MAX_ITERATIONS + 2);
  t.is(many.at(-1)?.timestamp, '2024-04-01T16:41:00.000000Z');
  t.is(scheduleDates(minutely, { start: '2024-04-01T00:00:00.000000Z', end: '2024-04-05T00:00:00.000000Z' }).length, MAX_ITERATIONS);
});

test('interval: a daily schedule keeps its wall-clock time across both DST changes', (t) => {
  const spring = { interval: 86_400, anchor_date: '2018-03-08T09:00:00-05:00', timezone: NY };
  t.deepEqual(hours(spring, '2018-03-08T14:00:00.000000Z', 5), { local: [9, 9, 9, 9, 9], utc: [14, 14, 14, 13, 13] });
  const fall = { interval: 86_400, anchor_date: '2018-11-01T09:00:00-04:00', timezone: NY };
  t.deepEqual(hours(fall, '2018-11-01T13:00:00.000000Z', 5), { local: [9, 9, 9, 9, 9], utc: [13, 13, 13, 14, 14] });
  t.deepEqual(texts({ interval: 604_800, anchor_date: '2024-01-01T09:00:00-05:00', timezone: NY }, '2024-07-01T00:00:00.000000Z', 2), [
    '2024-07-01 09:00:00-04:00',
    '2024-07-08 09:00:00-04:00',
  ]);
});

test('interval: an hourly schedule follows elapsed time and skips the repeated hour of a fall-back night', (t) => {
  const hourly = { interval: 3600, anchor_date: '2018-01-01T00:00:00-05:00', timezone: NY };
  t.deepEqual(hours(hourly, BEFORE_SPRING_2018, 5), { local: [23, 0, 1, 3, 4], utc: [4, 5, 6, 7, 8] });
  t.deepEqual(hours(hourly, BEFORE_FALL_2018, 5), { local: [23, 0, 1, 2, 3], utc: [3, 4, 5, 7, 8] });
  t.deepEqual(hours({ ...hourly, anchor_date: '2018-01-01T00:00:00Z', timezone: 'UTC' }, '2018-11-04T04:30:00.000000Z', 3).utc, [5, 6, 7]);
});

test('interval: 90 minutes keeps its phase from a winter anchor into summer and across fall-back', (t) => {
  const ninety = { interval: 5400, anchor_date: '2024-01-01T00:00:00-05:00', timezone: NY };
  t.deepEqual(texts(ninety, '2024-07-01T00:00:00.000000Z', 4), [
    '2024-06-30 20:30:00-04:00',
    '2024-06-30 22:00:00-04:00',
    '2024-06-30 23:30:00-04:00',
    '2024-07-01 01:00:00-04:00',
  ]);
  t.deepEqual(texts(ninety, '2024-11-03T02:00:00.000000Z', 6), [
    '2024-11-02 22:00:00-04:00',
    '2024-11-02 23:30:00-04:00',
    '2024-11-03 01:00:00-04:00',
    '2024-11-03 01:30:00-05:00',
    '2024-11-03 03:00:00-05:00',
    '2024-11-03 04:30:00-05:00',
  ]);
});

test('interval: a daily time that spring-forward skips moves to 03:30 and stays there', (t) => {
  t.deepEqual(texts({ interval: 86_400, anchor_date: '2024-03-01T02:30:00-05:00', timezone: NY }, '2024-03-08T00:00:00.000000Z', 5), [
    '2024-03-08 02:30:00-05:00',
    '2024-03-09 02:30:00-05:00',
    '2024-03-10 03:30:00-04:00',
    '2024-03-11 03:30:00-04:00',
    '2024-03-12 03:30:00-04:00',
  ]);
});

test('interval: before the anchor, daily dates count back from it, so only the skipped day moves', (t) => {
  t.deepEqual(texts({ interval: 86_400, anchor_date: '2024-03-15T02:30:00-04:00', timezone: NY }, '2024-03-08T00:00:00.000000Z', 8), [
    '2024-03-08 02:30:00-05:00',
    '2024-03-09 02:30:00-05:00',
    '2024-03-10 03:30:00-04:00',
    '2024-03-11 02:30:00-04:00',
    '2024-03-12 02:30:00-04:00',
    '2024-03-13 02:30:00-04:00',
    '2024-03-14 02:30:00-04:00',
    '2024-03-15 02:30:00-04:00',
  ]);
  t.deepEqual(texts({ interval: 7200, anchor_date: '2024-12-01T00:00:00-05:00', timezone: NY }, '2024-11-03T03:00:00.000000Z', 4), [
    '2024-11-02 23:00:00-04:00',
    '2024-11-03 01:00:00-04:00',
    '2024-11-03 02:00:00-05:00',
    '2024-11-03 04:00:00-05:00',
  ]);
});

test('interval: a day and an hour adds both to the wall clock', (t) => {
  t.deepEqual(texts({ interval: 90_000, anchor_date: '2024-03-01T00:00:00-05:00', timezone: NY }, '2024-03-08T00:00:00.000000Z', 5), [
    '2024-03-08 07:00:00-05:00',
    '2024-03-09 08:00:00-05:00',
    '2024-03-10 09:00:00-04:00',
    '2024-03-11 10:00:00-04:00',
    '2024-03-12 11:00:00-04:00',
  ]);
});

test('interval: an anchor without an offset is UTC, as the reference server reads it', (t) => {
  t.deepEqual(texts({ interval: 86_400, anchor_date: '2024-01-01T09:00:00', timezone: NY }, '2024-04-01T00:00:00.000000Z', 2), [
    '2024-04-01 04:00:00-04:00',
    '2024-04-02 04:00:00-04:00',
  ]);
  t.throws(() => scheduleDates({ interval: 0, anchor_date: '2024-01-01T00:00:00Z' }, { start: '2024-01-01T00:00:00.000000Z' }), { instanceOf: RangeError });
});

test('cron: a 9am schedule stays at 9am local time across both DST changes', (t) => {
  const nine = { cron: '0 9 * * *', timezone: NY };
  t.deepEqual(hours(nine, '2018-03-08T14:00:00.000000Z', 5), { local: [9, 9, 9, 9, 9], utc: [14, 14, 14, 13, 13] });
  t.deepEqual(hours(nine, '2018-11-01T13:00:00.000000Z', 5), { local: [9, 9, 9, 9, 9], utc: [13, 13, 13, 14, 14] });
});

test('cron: an hourly schedule fires on each new wall-clock hour, once for the repeated one', (t) => {
  const hourly = { cron: '0 * * * *', timezone: NY };
  t.deepEqual(hours(hourly, BEFORE_SPRING_2018, 5), { local: [23, 0, 1, 3, 4], utc: [4, 5, 6, 7, 8] });
  // The first 01:00 runs; 02:00 EST comes two real hours later.
  t.deepEqual(hours(hourly, BEFORE_FALL_2018, 5), { local: [23, 0, 1, 2, 3], utc: [3, 4, 5, 7, 8] });
});

test('cron: a time that spring-forward skips runs after the jump; a repeated time runs once', (t) => {
  t.deepEqual(texts({ cron: '30 2 * * *', timezone: NY }, '2024-03-08T00:00:00.000000Z', 4), [
    '2024-03-08 02:30:00-05:00',
    '2024-03-09 02:30:00-05:00',
    '2024-03-10 03:30:00-04:00',
    '2024-03-11 02:30:00-04:00',
  ]);
  t.deepEqual(texts({ cron: '30 1 * * *', timezone: NY }, '2024-11-01T00:00:00.000000Z', 4), [
    '2024-11-01 01:30:00-04:00',
    '2024-11-02 01:30:00-04:00',
    '2024-11-03 01:30:00-04:00',
    '2024-11-04 01:30:00-05:00',
  ]);
  // 03:10 EDT, just after the jump: the skipped 02:30 still runs, at 03:30.
  t.deepEqual(texts({ cron: '30 2 * * *', timezone: NY }, '2024-03-10T07:10:00.000000Z', 2), ['2024-03-10 03:30:00-04:00', '2024-03-11 02:30:00-04:00']);
});

test('cron: day_or true matches the day of month OR the weekday, false needs both', (t) => {
  const firstWeek = '0 9 1-7 * 1';
  t.deepEqual(texts({ cron: firstWeek, timezone: NY, day_or: true }, '2024-04-01T00:00:00.000000Z', 9), [
    '2024-04-01 09:00:00-04:00',
    '2024-04-02 09:00:00-04:00',
    '2024-04-03 09:00:00-04:00',
    '2024-04-04 09:00:00-04:00',
    '2024-04-05 09:00:00-04:00',
    '2024-04-06 09:00:00-04:00',
    '2024-04-07 09:00:00-04:00',
    '2024-04-08 09:00:00-04:00',
    '2024-04-15 09:00:00-04:00',
  ]);
  t.deepEqual(texts({ cron: firstWeek, timezone: NY, day_or: false }, '2024-04-01T00:00:00.000000Z', 4), [
    '2024-04-01 09:00:00-04:00',
    '2024-05-06 09:00:00-04:00',
    '2024-06-03 09:00:00-04:00',
    '2024-07-01 09:00:00-04:00',
  ]);
  t.deepEqual(texts({ cron: firstWeek, timezone: NY }, '2024-04-01T00:00:00.000000Z', 2), ['2024-04-01 09:00:00-04:00', '2024-04-02 09:00:00-04:00']);
  t.deepEqual(texts({ cron: '0 9 * * 1', timezone: NY, day_or: false }, '2024-04-01T00:00:00.000000Z', 3), [
    '2024-04-01 09:00:00-04:00',
    '2024-04-08 09:00:00-04:00',
    '2024-04-15 09:00:00-04:00',
  ]);
});

test('cron: croniter syntax (seconds as a sixth field, L5, ?, 7 for Sunday, @daily)', (t) => {
  const start = '2024-01-01T00:00:00.000000Z';
  t.deepEqual(texts({ cron: '0 12 * * * 30', timezone: 'UTC' }, start, 2), ['2024-01-01 12:00:30+00:00', '2024-01-02 12:00:30+00:00']);
  t.deepEqual(texts({ cron: '0 0 * * L5', timezone: 'UTC' }, start, 2), ['2024-01-26 00:00:00+00:00', '2024-02-23 00:00:00+00:00']);
  t.deepEqual(texts({ cron: '0 0 ? * *', timezone: 'UTC' }, start, 2), ['2024-01-01 00:00:00+00:00', '2024-01-02 00:00:00+00:00']);
  t.deepEqual(texts({ cron: '0 0 * * 7', timezone: 'UTC' }, start, 2), ['2024-01-07 00:00:00+00:00', '2024-01-14 00:00:00+00:00']);
  t.deepEqual(texts({ cron: '@daily', timezone: 'UTC' }, '2024-01-01T00:00:00.000001Z', 1), ['2024-01-02 00:00:00+00:00']);
  t.deepEqual(texts({ cron: '0 0 L * *', timezone: 'UTC' }, start, 2), ['2024-01-31 00:00:00+00:00', '2024-02-29 00:00:00+00:00']);
});

test('cron: window edges as Prefect has them', (t) => {
  const daily = { cron: '0 0 * * *', timezone: 'UTC' };
  t.deepEqual(texts(daily, '2024-04-01T00:00:00.000000Z', 10, '2024-04-03T00:00:00.000000Z'), [
    '2024-04-01 00:00:00+00:00',
    '2024-04-02 00:00:00+00:00',
    '2024-04-03 00:00:00+00:00',
  ]);
  t.deepEqual(texts(daily, '2024-04-01T06:00:00.000000Z'), ['2024-04-02 00:00:00+00:00']);
  t.is(scheduleDates({ cron: '* * * * *', timezone: 'UTC' }, { start: '2024-04-01T00:00:00.000000Z', n: 5000 }).length, MAX_ITERATIONS + 2);
  t.deepEqual(texts({ cron: '0 0 1 1 *' }, '2024-04-01T00:00:00.000000Z', 1), ['2025-01-01 00:00:00+00:00']);
});

test('rrule: a 9am daily rule stays at 9am local time, and a UTC one at 9am UTC', (t) => {
  t.deepEqual(hours({ rrule: 'DTSTART:20180308T090000\nRRULE:FREQ=DAILY', timezone: NY }, '2018-03-08T14:00:00.000000Z', 5), {
    local: [9, 9, 9, 9, 9],
    utc: [14, 14, 14, 13, 13],
  });
  t.deepEqual(hours({ rrule: 'DTSTART:20181101T090000\nRRULE:FREQ=DAILY', timezone: 'UTC' }, '2018-11-01T09:00:00.000000Z', 5).utc, [9, 9, 9, 9, 9]);
});

test('rrule: an hourly rule runs each wall-clock hour, once for the repeated one', (t) => {
  const hourly = { rrule: 'DTSTART:20180310T230000\nRRULE:FREQ=HOURLY', timezone: NY };
  t.deepEqual(hours(hourly, BEFORE_SPRING_2018, 5), { local: [23, 0, 1, 3, 4], utc: [4, 5, 6, 7, 8] });
  t.deepEqual(hours({ ...hourly, rrule: 'DTSTART:20181103T230000\nRRULE:FREQ=HOURLY' }, BEFORE_FALL_2018, 5), {
    local: [23, 0, 1, 2, 3],
    utc: [3, 4, 5, 7, 8],
  });
});

test('rrule: a skipped wall time runs the gap earlier, as dateutil resolves it; a repeated one runs once', (t) => {
  t.deepEqual(texts({ rrule: 'DTSTART:20240301T023000\nRRULE:FREQ=DAILY', timezone: NY }, '2024-03-08T00:00:00.000000Z', 4), [
    '2024-03-08 02:30:00-05:00',
    '2024-03-09 02:30:00-05:00',
    '2024-03-10 01:30:00-05:00',
    '2024-03-11 02:30:00-04:00',
  ]);
  t.deepEqual(texts({ rrule: 'DTSTART:20241030T013000\nRRULE:FREQ=DAILY', timezone: NY }, '2024-11-01T00:00:00.000000Z', 4), [
    '2024-11-01 01:30:00-04:00',
    '2024-11-02 01:30:00-04:00',
    '2024-11-03 01:30:00-04:00',
    '2024-11-04 01:30:00-05:00',
  ]);
});

test('rrule: DTSTART is a wall time in the schedule\'s zone whatever zone or Z it was written with', (t) => {
  const start = '2024-04-01T00:00:00.000000Z';
  const expected = ['2024-04-01 09:00:00-04:00', '2024-04-02 09:00:00-04:00'];
  t.deepEqual(texts({ rrule: 'DTSTART;TZID=Europe/London:20240101T090000\nRRULE:FREQ=DAILY', timezone: NY }, start, 2), expected);
  t.deepEqual(texts({ rrule: 'DTSTART:20240101T090000Z\nRRULE:FREQ=DAILY', timezone: NY }, start, 2), expected);
  t.deepEqual(texts({ rrule: 'DTSTART:20240101T090000\nRRULE:FREQ=DAILY', timezone: NY }, start, 2), expected);
});

test('rrule: without DTSTART a rule starts at 2020-01-01 00:00 in the schedule\'s zone, which sets its phase', (t) => {
  const start = '2024-04-01T00:00:00.000000Z';
  t.deepEqual(texts({ rrule: 'FREQ=DAILY', timezone: NY }, start, 2), ['2024-04-01 00:00:00-04:00', '2024-04-02 00:00:00-04:00']);
  t.deepEqual(texts({ rrule: 'RRULE:FREQ=HOURLY;INTERVAL=5', timezone: 'UTC' }, start, 3), [
    '2024-04-01 02:00:00+00:00',
    '2024-04-01 07:00:00+00:00',
    '2024-04-01 12:00:00+00:00',
  ]);
  t.deepEqual(texts({ rrule: 'FREQ=MINUTELY;INTERVAL=7', timezone: NY }, start, 3), [
    '2024-03-31 20:05:00-04:00',
    '2024-03-31 20:12:00-04:00',
    '2024-03-31 20:19:00-04:00',
  ]);
  t.deepEqual(texts({ rrule: 'RRULE:FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=17', timezone: NY }, '2024-03-01T00:00:00.000000Z', 3), [
    '2024-03-29 17:00:00-04:00',
    '2024-04-26 17:00:00-04:00',
    '2024-05-31 17:00:00-04:00',
  ]);
});

test('rrule: COUNT, UNTIL, BYDAY, EXDATE and an inclusive start', (t) => {
  const start = '2024-04-01T00:00:00.000000Z';
  t.deepEqual(texts({ rrule: 'DTSTART:20240101T090000\nRRULE:FREQ=DAILY;COUNT=3', timezone: NY }, start, 3), []);
  t.deepEqual(texts({ rrule: 'DTSTART:20240401T090000\nRRULE:FREQ=DAILY;UNTIL=20240403T090000', timezone: NY }, start, 5), [
    '2024-04-01 09:00:00-04:00',
    '2024-04-02 09:00:00-04:00',
    '2024-04-03 09:00:00-04:00',
  ]);
  t.deepEqual(texts({ rrule: 'DTSTART:20240401T090000\nRRULE:FREQ=DAILY\nEXDATE:20240402T090000Z', timezone: NY }, start, 3), [
    '2024-04-01 09:00:00-04:00',
    '2024-04-03 09:00:00-04:00',
    '2024-04-04 09:00:00-04:00',
  ]);
  t.deepEqual(texts({ rrule: 'DTSTART:20240101T083000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR', timezone: NY }, '2024-03-09T00:00:00.000000Z', 4), [
    '2024-03-11 08:30:00-04:00',
    '2024-03-13 08:30:00-04:00',
    '2024-03-15 08:30:00-04:00',
    '2024-03-18 08:30:00-04:00',
  ]);
  t.deepEqual(texts({ rrule: 'DTSTART:20240401T090000\nRRULE:FREQ=DAILY', timezone: 'UTC' }, '2024-04-02T09:00:00.000000Z', 2), [
    '2024-04-02 09:00:00+00:00',
    '2024-04-03 09:00:00+00:00',
  ]);
  t.is(scheduleDates({ rrule: 'FREQ=MINUTELY', timezone: 'UTC' }, { start, n: 5000 }).length, MAX_ITERATIONS + 2);
});
