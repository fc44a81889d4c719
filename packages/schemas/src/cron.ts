// Which cron strings Prefect accepts: croniter's grammar (5 fields, or 6 with seconds last,
// or 7 with a year; names, ranges, steps, `?`, `L`, `x#n` and `Lx` weekdays, @aliases),
// without hashed or random expressions.

const ALIASES: Readonly<Record<string, string>> = {
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const DAY = 2;
const WEEKDAY = 4;

/** Bounds of minute, hour, day, month, weekday, second, year. */
const RANGES: readonly (readonly [number, number])[] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 6], [0, 59], [1970, 2099]];

const NAMES: readonly Readonly<Record<string, number | 'l'>>[] = [
  {},
  {},
  { l: 'l' },
  Object.fromEntries(MONTHS.map((name, i) => [name, i + 1])),
  Object.fromEntries(WEEKDAYS.map((name, i) => [name, i])),
  {},
  {},
];

const HASHED = /^(?<kind>[hr])(\((?<from>\d+)-(?<to>\d+)\))?(\/(?<divisor>\d+))?$/;
const STEP = /^([^-]+)-([^-/]+)(\/(\d+))?$/;
const INTEGER = /^\d+$/;
const NTH_WEEKDAY = new RegExp(`^(?<pre>((?<he>((${WEEKDAYS.join('|')})(-(${WEEKDAYS.join('|')}))?|(${MONTHS.join('|')})(-(${MONTHS.join('|')}))?|\\w+))#)|l)(?<last>\\d+)$`);

class BadCron extends Error {}

/** croniter reads day 0 as 1 in 6-field strings, and weekday 7 as Sunday in 5-field ones. */
function alias(value: number, field: number, fields: number): number {
  if (field === DAY && value === 0 && fields === 6) return 1;
  if (field === WEEKDAY && value === 7 && fields === 5) return 0;
  return value;
}

function named(field: number, text: string): string {
  const value = NAMES[field]![text];
  if (value === undefined) throw new BadCron();
  return String(value);
}

/** Expands one field; returns its weekday values that carry an nth-of-month qualifier. */
function expandField(field: number, expression: string, fields: number): { values: Set<number | string>; nth: Set<number | string> } {
  if (expression.includes('?')) {
    if (expression !== '?' || (field !== DAY && field !== WEEKDAY)) throw new BadCron();
    expression = '*';
  }
  const [low, high] = RANGES[field]!;
  const pending = expression.split(',');
  const values = new Set<number | string>();
  const nth = new Set<number | string>();
  while (pending.length > 0) {
    let item = pending.pop()!;
    let qualifier: string | number | undefined;
    const special = field === WEEKDAY ? NTH_WEEKDAY.exec(item) : null;
    if (special?.groups) {
      if (special.groups['he']) {
        item = special.groups['he'];
        qualifier = Number(special.groups['last']);
        if (qualifier < 1 || qualifier > 5) throw new BadCron();
      } else {
        item = special.groups['last']!;
        qualifier = 'l';
      }
    }
    let text = item.replace(/^\*(\/.+)$/, `${low}-${high}$1`);
    let range = STEP.exec(text);
    if (!range) {
      text = item.replace(/^(.+)\/(.+)$/, `$1-${high}/$2`);
      range = STEP.exec(text);
    }
    if (range) {
      let [from, to] = [range[1]!, field === DAY && range[2] === 'l' ? '31' : range[2]!];
      const step = Number(range[4] ?? 1);
      if (!INTEGER.test(from)) from = named(field, from);
      if (!INTEGER.test(to)) to = named(field, to);
      if (!INTEGER.test(from) || !INTEGER.test(to) || step === 0) throw new BadCron();
      const [start, end] = [alias(Number(from), field, fields), alias(Number(to), field, fields)];
      if (Math.max(start, end) > high) throw new BadCron();
      const expanded: number[] = [];
      if (start > end) {
        for (let v = start; v <= high; v += step) expanded.push(v);
        for (let v = low; v <= end; v += step) expanded.push(v);
      } else if (start === end) {
        for (let v = low; v <= high; v += step) expanded.push(v);
      } else {
        for (let v = start; v <= end; v += step) expanded.push(v);
      }
      for (const v of expanded) pending.push(typeof qualifier === 'number' ? `${v}#${qualifier}` : String(v));
      continue;
    }
    if (text.startsWith('-')) throw new BadCron();
    const value = /^(\d+|\*)$/.test(text) ? text : named(field, text);
    if (value === '*' || value === 'l') {
      values.add(value);
    } else {
      const number = alias(Number(value), field, fields);
      if (number < low || number > high) throw new BadCron();
      values.add(number);
      if (qualifier !== undefined) nth.add(number);
    }
  }
  return { values, nth };
}

/**
 * croniter draws random expressions (`R(0-29)`, `R/15`) and cannot hash (`H`) without a
 * seed, which Prefect never gives; Prefect also refuses a bare `R`. A valid random
 * expression stands for some value of the field: `*` checks the same.
 */
function withoutRandom(parts: readonly string[]): string[] | undefined {
  const out: string[] = [];
  for (const part of parts) {
    const match = HASHED.exec(part)?.groups;
    if (!match) {
      out.push(part);
      continue;
    }
    if (match['kind'] === 'h' || part === 'r' || match['divisor'] === '0') return undefined;
    if (match['from'] !== undefined && Number(match['from']) >= Number(match['to'])) return undefined;
    out.push('*');
  }
  return out;
}

export function isValidCron(cron: string): boolean {
  const lowered = cron.toLowerCase();
  const fields = withoutRandom((ALIASES[lowered] ?? lowered).split(/\s+/).filter((part) => part.length > 0));
  if (!fields || fields.length < 5 || fields.length > 7) return false;
  try {
    const weekdays = expandField(WEEKDAY, fields[WEEKDAY]!, fields.length);
    fields.forEach((part, index) => index !== WEEKDAY && expandField(index, part, fields.length));
    const plain = [...weekdays.values].filter((v) => v !== '*' && !weekdays.nth.has(v));
    return !(weekdays.nth.size > 0 && plain.length > 0 && weekdays.values.size !== 7);
  } catch (error) {
    if (error instanceof BadCron) return false;
    throw error;
  }
}
