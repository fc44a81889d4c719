// Deployment schedules: Prefect's IntervalSchedule, CronSchedule and RRuleSchedule with their
// validation, the DeploymentScheduleCreate/Update bodies and the DeploymentSchedule response.
import { z } from 'zod';
import { canonicalTimestamp, nowTimestamp, type DeploymentScheduleRecord } from '@prefect-server-ts/storage';
import { DateTimeString, JsonObject, UuidString, nullable } from './common.ts';
import { isValidCron } from './cron.ts';
import { rruleProblem, withDtstart } from './rrule.ts';

/** PREFECT_DEPLOYMENT_SCHEDULE_MAX_SCHEDULED_RUNS's default. */
export const MAX_SCHEDULED_RUNS = 50;

/** An issue rendered as pydantic's `type`, without the "Value error, " prefix. */
function typedIssue(ctx: z.RefinementCtx, input: unknown, pydantic: string, message: string): void {
  ctx.issues.push({ code: 'custom', message, input, params: { pydantic } });
}

/**
 * IANA names as Prefect knows them: the runtime's zone database, case as written, aliases
 * included. An empty name passes, as it does in Prefect.
 */
export function isKnownTimezone(name: string): boolean {
  if (name === '') return true;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return resolved === name || resolved.toLowerCase() !== name.toLowerCase();
  } catch {
    return false;
  }
}

const timezoneMessage = (name: string) => `Invalid timezone: "${name}" (specify in IANA tzdata format, for example, America/New_York)`;

const Timezone = z.string().superRefine((name, ctx) => {
  if (!isKnownTimezone(name)) ctx.addIssue({ code: 'custom', message: timezoneMessage(name) });
});

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const ISO_DURATION = new RegExp(`^P(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`, 'i');
const CLOCK_DURATION = /^(?:(\d+)\s*(?:d|days?)\s*,?\s*)?(?:(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?)?$/i;

/** Seconds in a duration string as pydantic reads timedeltas (ISO 8601, or `[D days, ]HH:MM:SS`). */
function durationSeconds(text: string): number | undefined {
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[+-]/, '');
  const iso = ISO_DURATION.exec(body);
  if (iso && body.length > 1 && !body.endsWith('T')) {
    const [years, months, weeks, days, hours, minutes, seconds] = iso.slice(1).map((part) => Number(part ?? 0)) as number[];
    return sign * ((((years! * 365 + months! * 30 + weeks! * 7 + days!) * 24 + hours!) * 60 + minutes!) * 60 + seconds!);
  }
  const clock = CLOCK_DURATION.exec(body);
  if (clock && body.length > 0 && (clock[1] !== undefined || clock[2] !== undefined)) {
    const [days, hours, minutes, seconds] = clock.slice(1, 5).map((part) => Number(part ?? 0)) as number[];
    return sign * (((days! * 24 + hours!) * 60 + minutes!) * 60 + seconds! + Number(`0.${clock[5] ?? '0'}`));
  }
  return undefined;
}

/** A timedelta in seconds, to the microsecond, that must be positive. */
const Interval = z
  .union([z.number(), z.string()])
  .meta({ anyOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'string' }] })
  .transform((value, ctx) => {
    const seconds = typeof value === 'number' ? value : durationSeconds(value.trim());
    if (seconds === undefined) {
      typedIssue(ctx, value, 'time_delta_parsing', 'Input should be a valid timedelta, invalid duration format');
      return z.NEVER;
    }
    const rounded = Math.round(seconds * 1_000_000) / 1_000_000;
    if (!(rounded > 0)) {
      ctx.addIssue({ code: 'custom', message: 'interval must be positive' });
      return z.NEVER;
    }
    return rounded;
  });

const ANCHOR = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * An anchor date as pydantic prints it: the offset it was given (Z for UTC or none),
 * microseconds only when there are any.
 */
const AnchorDate = z
  .string()
  .meta({ format: 'date-time' })
  .transform((value, ctx) => {
    const m = ANCHOR.exec(value.trim());
    if (!m || canonicalTimestamp(m[2] === undefined ? `${m[1]}T00:00:00${m[6] ?? ''}` : value) === undefined) {
      typedIssue(ctx, value, 'datetime_from_date_parsing', 'Input should be a valid datetime or date, invalid datetime format');
      return z.NEVER;
    }
    const [, date, hour = '00', minute = '00', second = '00', fraction = '', rawOffset = 'Z'] = m;
    const micros = fraction.padEnd(6, '0').slice(0, 6);
    const digits = rawOffset.replace(/[+:-]/g, '');
    const offset = /^z$/i.test(rawOffset) || /^0+$/.test(digits) ? 'Z' : `${rawOffset[0]}${digits.slice(0, 2)}:${digits.slice(2, 4).padEnd(2, '0')}`;
    return `${date}T${hour}:${minute}:${second}${micros === '000000' ? '' : `.${micros}`}${offset}`;
  });

/** The default anchor: now, in UTC. */
const nowAnchor = () => nowTimestamp().replace('.000000Z', 'Z');

export const IntervalSchedule = z
  .object({
    interval: Interval,
    anchor_date: AnchorDate.default(nowAnchor),
    // An anchor parsed from JSON carries an offset, never a zone name: Prefect infers UTC.
    timezone: Timezone.nullable().default(null).transform((name) => name ?? 'UTC'),
  })
  .strict()
  .meta({ id: 'IntervalSchedule' });

export const CronSchedule = z
  .object({
    cron: z.string().superRefine((cron, ctx) => {
      if (!isValidCron(cron)) ctx.addIssue({ code: 'custom', message: `Invalid cron string: "${cron}"` });
    }),
    timezone: Timezone.nullable().default(null),
    day_or: z.boolean().default(true),
  })
  .strict()
  .meta({ id: 'CronSchedule' });

export const RRuleSchedule = z
  .object({
    rrule: z.string().superRefine((rule, ctx) => {
      const problem = rruleProblem(rule);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    timezone: Timezone.nullable().default('UTC'),
  })
  .strict()
  .meta({ id: 'RRuleSchedule' });

export const Schedule = z.union([IntervalSchedule, CronSchedule, RRuleSchedule]);
export type Schedule = z.output<typeof Schedule>;

/** Schedules arriving through the API: rules without DTSTART get the one Prefect writes. */
const NormalizedSchedule = Schedule.transform((schedule) =>
  'rrule' in schedule ? { ...schedule, rrule: withDtstart(schedule.rrule, schedule.timezone) } : schedule,
);

const MaxScheduledRuns = z
  .int()
  .positive()
  .superRefine((runs, ctx) => {
    if (runs > MAX_SCHEDULED_RUNS) ctx.addIssue({ code: 'custom', message: `\`max_scheduled_runs\` must be less than or equal to ${MAX_SCHEDULED_RUNS}.` });
  });

export const DeploymentScheduleCreate = z
  .object({
    active: z.boolean().default(true),
    schedule: NormalizedSchedule,
    max_scheduled_runs: nullable(MaxScheduledRuns),
    parameters: JsonObject.default(() => ({})),
    slug: nullable(z.string()),
    replaces: nullable(z.string()),
  })
  .strict()
  .meta({ id: 'DeploymentScheduleCreate' });
export type DeploymentScheduleCreate = z.output<typeof DeploymentScheduleCreate>;

export const DeploymentScheduleUpdate = z
  .object({
    active: nullable(z.boolean()),
    schedule: nullable(NormalizedSchedule),
    max_scheduled_runs: nullable(MaxScheduledRuns),
    parameters: JsonObject.default(() => ({})),
    slug: nullable(z.string()),
    replaces: nullable(z.string()),
  })
  .strict()
  .meta({ id: 'DeploymentScheduleUpdate' });
export type DeploymentScheduleUpdate = z.output<typeof DeploymentScheduleUpdate>;

export const DeploymentSchedule = z
  .object({
    id: UuidString,
    created: DateTimeString.nullable(),
    updated: DateTimeString.nullable(),
    deployment_id: UuidString.nullable(),
    schedule: JsonObject.meta({ anyOf: [{ $ref: '#/components/schemas/IntervalSchedule' }, { $ref: '#/components/schemas/CronSchedule' }, { $ref: '#/components/schemas/RRuleSchedule' }] }),
    active: z.boolean(),
    max_scheduled_runs: z.int().nullable(),
    parameters: JsonObject,
    slug: z.string().nullable(),
  })
  .meta({ id: 'DeploymentSchedule' });
export type DeploymentScheduleResponse = z.output<typeof DeploymentSchedule>;

export function serializeDeploymentSchedule(record: DeploymentScheduleRecord): DeploymentScheduleResponse {
  return {
    id: record.id,
    created: record.created,
    updated: record.updated,
    deployment_id: record.deployment_id,
    schedule: record.schedule,
    active: record.active,
    max_scheduled_runs: record.max_scheduled_runs,
    parameters: record.parameters,
    slug: record.slug,
  };
}

/** The fields of a DeploymentScheduleUpdate that Prefect writes: every one that is not null. */
export function scheduleChanges(update: DeploymentScheduleUpdate) {
  return {
    ...(update.active === null ? {} : { active: update.active }),
    ...(update.schedule === null ? {} : { schedule: update.schedule as Record<string, unknown> }),
    ...(update.max_scheduled_runs === null ? {} : { max_scheduled_runs: update.max_scheduled_runs }),
    parameters: update.parameters,
    ...(update.slug === null ? {} : { slug: update.slug }),
  };
}
