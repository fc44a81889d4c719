// RRule strings as Prefect accepts and stores them: the RFC 5545 subset dateutil's
// rrulestr parses, with its error messages, and the DTSTART Prefect writes into rules that
// lack one.
import { canonicalTimestamp } from '@prefect-server-ts/storage';

const FREQUENCIES = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY', 'MINUTELY', 'SECONDLY'];
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const INT_PARTS = new Set(['INTERVAL', 'COUNT']);
const INT_LIST_PARTS = new Set(['BYSETPOS', 'BYMONTH', 'BYMONTHDAY', 'BYYEARDAY', 'BYEASTER', 'BYWEEKNO', 'BYHOUR', 'BYMINUTE', 'BYSECOND']);
const MAX_RRULE_LENGTH = 6500;
/** The anchor dateutil uses for rules without DTSTART, and Prefect writes into them. */
const LEGACY_ANCHOR_MS = Date.UTC(2020, 0, 1);

class RRuleError extends Error {}

const INTEGER = /^\s*[+-]?\d+\s*$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?)?Z?$/;

function parseDate(text: string): void {
  const compact = COMPACT_DATE.exec(text);
  const iso = compact ? `${compact[1]}-${compact[2]}-${compact[3]}T${compact[4] ?? '00'}:${compact[5] ?? '00'}:${compact[6] ?? '00'}` : text;
  if (canonicalTimestamp(iso) === undefined && canonicalTimestamp(`${iso}T00:00:00`) === undefined) throw new RRuleError(`Unknown string format: ${text}`);
}

interface Rule {
  readonly freq: string | undefined;
  readonly interval: number;
  readonly count: number | undefined;
}

function parseWeekday(text: string): void {
  const match = /^([+-]?\d*)([A-Z]{2})$/.exec(text) ?? /^([A-Z]{2})\(([+-]?\d+)\)$/.exec(text);
  if (!match || !WEEKDAYS.includes(/^[A-Z]{2}$/.test(match[2]!) ? match[2]! : match[1]!)) throw new RRuleError();
}

/** One RRULE value, as dateutil's _parse_rfc_rrule reads it. */
function parseRule(line: string): Rule {
  let value = line;
  if (line.includes(':')) {
    const parts = line.split(':');
    if (parts.length !== 2) throw new RRuleError(`too many values to unpack (expected 2)`);
    if (parts[0] !== 'RRULE') throw new RRuleError('unknown parameter name');
    value = parts[1]!;
  }
  let freq: string | undefined;
  let interval = 1;
  let count: number | undefined;
  for (const pair of value.split(';')) {
    const pieces = pair.split('=');
    if (pieces.length !== 2) throw new RRuleError(`${pieces.length > 2 ? 'too many' : 'not enough'} values to unpack (expected 2${pieces.length < 2 ? `, got ${pieces.length}` : ''})`);
    const [name, setting] = pieces as [string, string];
    const invalid = () => new RRuleError(`invalid '${name}': ${setting}`);
    if (name === 'FREQ') {
      if (!FREQUENCIES.includes(setting)) throw invalid();
      freq = setting;
    } else if (INT_PARTS.has(name)) {
      if (!INTEGER.test(setting)) throw invalid();
      if (name === 'INTERVAL') interval = Number(setting);
      else count = Number(setting);
    } else if (INT_LIST_PARTS.has(name)) {
      if (!setting.split(',').every((item) => INTEGER.test(item))) throw invalid();
    } else if (name === 'UNTIL') {
      try {
        parseDate(setting);
      } catch {
        throw invalid();
      }
    } else if (name === 'WKST') {
      if (!WEEKDAYS.includes(setting)) throw invalid();
    } else if (name === 'BYDAY' || name === 'BYWEEKDAY') {
      try {
        for (const day of setting.split(',')) parseWeekday(day);
      } catch {
        throw invalid();
      }
    } else {
      throw new RRuleError(`unknown parameter '${name}'`);
    }
  }
  if (freq === undefined) throw new RRuleError("missing required parameter 'FREQ'");
  return { freq, interval, count };
}

/** The rule's lines; a single RRULE comes back as `rule`, anything more as a set. */
function parse(text: string): { rule?: Rule } {
  const upper = text.toUpperCase();
  if (!upper.trim()) throw new RRuleError('empty string');
  const lines = upper.split(/\s+/).filter((line) => line.length > 0);
  if (lines.length === 1 && (!upper.includes(':') || upper.startsWith('RRULE:'))) return { rule: parseRule(lines[0]!) };
  for (const line of lines) {
    const colon = line.indexOf(':');
    const [head, value] = colon === -1 ? ['RRULE', line] : [line.slice(0, colon), line.slice(colon + 1)];
    const [name, ...params] = head.split(';');
    if (name === 'RRULE' || name === 'EXRULE') {
      if (params.length > 0) throw new RRuleError(`unsupported ${name} parm: ${params[0]}`);
      parseRule(value);
    } else if (name === 'RDATE' || name === 'EXDATE' || name === 'DTSTART') {
      for (const date of value.split(',')) parseDate(date);
    } else {
      throw new RRuleError(`unsupported property: ${name}`);
    }
  }
  return {};
}

/** Why Prefect refuses this rule string (its message), or undefined when it accepts it. */
export function rruleProblem(text: string): string | undefined {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof RRuleError) return `Invalid RRule string "${text}": ${error.message}`;
    throw error;
  }
  if (text.length > MAX_RRULE_LENGTH) return `Invalid RRule string "${text.slice(0, 40)}..."\nMax length is ${MAX_RRULE_LENGTH}, got ${text.length}`;
  return undefined;
}

/** `epochMs` as wall-clock digits in `timeZone`, read back as if they were UTC. */
function wallClockMs(epochMs: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(epochMs))
      .map((part) => [part.type, part.value]),
  );
  return Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second'])) + (epochMs % 1000);
}

const dtstartLine = (ms: number) => `DTSTART:${new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '')}\n`;

/**
 * The rule with the DTSTART Prefect writes into rules that have none: for MINUTELY and
 * SECONDLY rules without COUNT, the latest phase-equivalent start at or before now in the
 * schedule's time zone; for every other rule, dateutil's implicit 2020-01-01 anchor.
 */
export function withDtstart(text: string, timeZone: string | null, nowMs = Date.now()): string {
  if (text.toUpperCase().includes('DTSTART')) return text;
  let parsed;
  try {
    parsed = parse(text);
  } catch (error) {
    if (error instanceof RRuleError) return text;
    throw error;
  }
  const rule = parsed.rule;
  const unitSeconds = rule?.freq === 'SECONDLY' ? 1 : rule?.freq === 'MINUTELY' ? 60 : undefined;
  if (!rule || unitSeconds === undefined || rule.count !== undefined || rule.interval <= 0) return dtstartLine(LEGACY_ANCHOR_MS) + text;
  const elapsedMs = wallClockMs(nowMs, timeZone || 'UTC') - LEGACY_ANCHOR_MS;
  if (elapsedMs <= 0) return dtstartLine(LEGACY_ANCHOR_MS) + text;
  const periodMs = unitSeconds * rule.interval * 1000;
  return dtstartLine(LEGACY_ANCHOR_MS + Math.floor(elapsedMs / periodMs) * periodMs) + text;
}
