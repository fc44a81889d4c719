// Shared field types of Prefect's REST schemas: UUIDs, timestamps, JSON objects, labels,
// and the helpers that give request fields Prefect's (FastAPI's) null-means-default rule.
import { z } from 'zod';
import { canonicalTimestamp } from '@prefect-server-ts/storage';

/** Messages whose pydantic error type differs from what the zod issue code suggests. */
export const PYDANTIC_TYPE_BY_MESSAGE: Readonly<Record<string, string>> = {
  'UUID input should be a string, bytes or UUID object': 'uuid_type',
  'Input should be a valid datetime': 'datetime_type',
  'Input should be a valid dictionary': 'dict_type',
  'Input should be a valid bytes': 'bytes_type',
};

/** Adds an issue that validationErrorBody reports with the given pydantic error type. */
function pushIssue(ctx: z.RefinementCtx, input: unknown, pydantic: string, message: string): void {
  ctx.issues.push({ code: 'custom', message, input, params: { pydantic } });
}

const UUID_TEXT = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

/** Parses a UUID as pydantic does (any case, optional hyphens, braces or urn prefix). */
export function parseUuid(text: string): string | undefined {
  const m = UUID_TEXT.exec(text.trim());
  return m ? m.slice(1, 6).join('-').toLowerCase() : undefined;
}

/** A request UUID: accepted in pydantic's spellings, produced lower-cased and hyphenated. */
export const Uuid = z
  .string({ error: 'UUID input should be a string, bytes or UUID object' })
  .meta({ format: 'uuid' })
  .transform((value, ctx) => {
    const uuid = parseUuid(value);
    if (uuid === undefined) {
      pushIssue(ctx, value, 'uuid_parsing', 'Input should be a valid UUID, unable to parse string as a UUID');
      return z.NEVER;
    }
    return uuid;
  });

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A request timestamp: ISO-8601 with or without an offset (naive means UTC) or a bare date
 * (midnight UTC), produced as 'YYYY-MM-DDTHH:MM:SS.ffffffZ'.
 */
export const DateTime = z
  .string({ error: 'Input should be a valid datetime' })
  .meta({ format: 'date-time' })
  .transform((value, ctx) => {
    const text = DATE_ONLY.test(value.trim()) ? `${value.trim()}T00:00:00` : value;
    const canonical = canonicalTimestamp(text);
    if (canonical === undefined) {
      pushIssue(ctx, value, 'datetime_from_date_parsing', 'Input should be a valid datetime or date, invalid datetime format');
      return z.NEVER;
    }
    return canonical;
  });

/** Response-side UUID and timestamp: already canonical strings. */
export const UuidString = z.string().meta({ format: 'uuid' });
export const DateTimeString = z.string().meta({ format: 'date-time' });

/** Any JSON object (Python's Dict[str, Any]). */
export const JsonObject = z.record(z.string(), z.unknown(), { error: 'Input should be a valid dictionary' });
export type JsonObject = z.infer<typeof JsonObject>;

/** Prefect's KeyValueLabels: string keys, values that are booleans, numbers or strings. */
export const KeyValueLabels = z.record(z.string(), z.union([z.boolean(), z.number(), z.string()]), {
  error: 'Input should be a valid dictionary',
});
export type KeyValueLabels = z.infer<typeof KeyValueLabels>;

export const Tags = z.array(z.string());

/** Prefect's Name: no '/', '%', '&', '>' or '<', at least one character. */
export const NAME_PATTERN = /^[^/%&><]+$/;
export const Name = z.string().regex(NAME_PATTERN);

/**
 * A body field FastAPI treats as absent when it is null or missing: either way the parsed
 * value is `fallback`. The input JSON Schema shows `schema | null` with the default.
 */
export function orDefault<T extends z.ZodType>(schema: T, fallback: z.output<T>) {
  return schema
    .nullish()
    .transform((value): z.output<T> => (value === null || value === undefined ? fallback : (value as z.output<T>)))
    .meta({ default: fallback as never });
}

/** An optional, nullable field whose default is null. */
export function nullable<T extends z.ZodType>(schema: T) {
  return schema.nullable().default(null);
}

/** Length in bytes of a value's compact JSON text, as orjson/json.dumps(separators) measure it. */
export function jsonByteLength(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value) ?? 'null').length;
}

/**
 * An embedded body field of pydantic type float, read in lax mode: numeric text counts as
 * its number, other text fails as float_parsing, and null, like absence, takes the default.
 */
export function laxFloat<T extends z.ZodType>(schema: T) {
  return z.preprocess((value, ctx) => {
    if (value === null) return undefined;
    if (typeof value !== 'string') return value;
    const text = value.trim();
    if (text === '' || Number.isNaN(Number(text))) {
      pushIssue(ctx, value, 'float_parsing', 'Input should be a valid number, unable to parse string as a number');
      return z.NEVER;
    }
    return Number(text);
  }, schema);
}
