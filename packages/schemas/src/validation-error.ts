// Prefect's 422 body for invalid requests: zod issues rendered as FastAPI/pydantic error
// entries ({type, loc, msg, input, ctx?}) under exception_detail, with the request body.
import type { z } from 'zod';
import { PYDANTIC_TYPE_BY_MESSAGE } from './common.ts';

export type RequestLocation = 'body' | 'query' | 'path';

export interface ValidationErrorEntry {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export interface ValidationErrorBody {
  exception_message: 'Invalid request received.';
  exception_detail: ValidationErrorEntry[];
  request_body: unknown;
}

type Issue = z.core.$ZodIssue;
type Path = (string | number)[];

const ABSENT = Symbol('absent');

/** The value at `path` inside `root`, or ABSENT when some step is missing. */
function valueAt(root: unknown, path: Path): unknown {
  let current: unknown = root;
  for (const step of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, step)) return ABSENT;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Python's repr of a literal, as pydantic prints expected values. */
function pyRepr(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

function expectedList(values: readonly unknown[]): string {
  const shown = values.map(pyRepr);
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

const TYPE_ERRORS: Readonly<Record<string, [string, string]>> = {
  string: ['string_type', 'Input should be a valid string'],
  number: ['float_type', 'Input should be a valid number'],
  int: ['int_type', 'Input should be a valid integer'],
  boolean: ['bool_type', 'Input should be a valid boolean'],
  object: ['model_attributes_type', 'Input should be a valid dictionary or object to extract fields from'],
  record: ['dict_type', 'Input should be a valid dictionary'],
  array: ['list_type', 'Input should be a valid list'],
  null: ['none_required', 'Input should be None'],
};

function entriesFor(issue: Issue, base: Path, root: unknown, location: RequestLocation): ValidationErrorEntry[] {
  const path: Path = [...base, ...issue.path.map((step) => (typeof step === 'symbol' ? String(step) : step))];
  const loc = [location, ...path];
  const found = 'input' in issue && issue.input !== undefined ? issue.input : valueAt(root, path);
  const input = found === ABSENT ? null : found;
  const entry = (type: string, msg: string, ctx?: Record<string, unknown>): ValidationErrorEntry[] => [
    ctx ? { type, loc, msg, input, ctx } : { type, loc, msg, input },
  ];

  // A required key the body lacks: pydantic's 'missing', reporting the enclosing object.
  if (
    (issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'invalid_value') &&
    path.length > 0 &&
    found === ABSENT
  ) {
    const parent = valueAt(root, path.slice(0, -1));
    if (parent !== ABSENT && parent !== null && typeof parent === 'object') {
      return [{ type: 'missing', loc, msg: 'Field required', input: parent }];
    }
  }

  const known = PYDANTIC_TYPE_BY_MESSAGE[issue.message];
  if (known) return entry(known, issue.message);

  switch (issue.code) {
    case 'invalid_type': {
      if (issue.expected === 'int' && typeof input === 'number') {
        return entry('int_from_float', 'Input should be a valid integer, got a number with a fractional part');
      }
      const [type, msg] = TYPE_ERRORS[issue.expected] ?? [`${issue.expected}_type`, issue.message];
      return entry(type, msg);
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return entry('string_too_long', `String should have at most ${plural(max, 'character')}`, { max_length: max });
      if (issue.origin === 'array' || issue.origin === 'set') {
        const actual = Array.isArray(input) ? input.length : undefined;
        return entry('too_long', `List should have at most ${plural(max, 'item')} after validation, not ${actual}`, {
          field_type: 'List',
          max_length: max,
          actual_length: actual,
        });
      }
      return issue.inclusive
        ? entry('less_than_equal', `Input should be less than or equal to ${max}`, { le: max })
        : entry('less_than', `Input should be less than ${max}`, { lt: max });
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return entry('string_too_short', `String should have at least ${plural(min, 'character')}`, { min_length: min });
      if (issue.origin === 'array' || issue.origin === 'set') {
        const actual = Array.isArray(input) ? input.length : undefined;
        return entry('too_short', `List should have at least ${plural(min, 'item')} after validation, not ${actual}`, {
          field_type: 'List',
          min_length: min,
          actual_length: actual,
        });
      }
      return issue.inclusive
        ? entry('greater_than_equal', `Input should be greater than or equal to ${min}`, { ge: min })
        : entry('greater_than', `Input should be greater than ${min}`, { gt: min });
    }
    case 'invalid_format': {
      if (issue.format === 'regex' && issue.pattern) {
        const pattern = /^\/(.*)\/[a-z]*$/s.exec(issue.pattern)?.[1] ?? issue.pattern;
        return entry('string_pattern_mismatch', `String should match pattern '${pattern}'`, { pattern });
      }
      return entry('value_error', `Value error, ${issue.message}`);
    }
    case 'not_multiple_of':
      return entry('multiple_of', `Input should be a multiple of ${String(issue.divisor)}`, { multiple_of: issue.divisor });
    case 'invalid_value': {
      const expected = expectedList(issue.values);
      return issue.values.length === 1
        ? entry('literal_error', `Input should be ${expected}`, { expected })
        : entry('enum', `Input should be ${expected}`, { expected });
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const value = valueAt(root, [...path, key]);
        return { type: 'extra_forbidden', loc: [...loc, key], msg: 'Extra inputs are not permitted', input: value === ABSENT ? null : value };
      });
    case 'invalid_union': {
      // Report the branch that came closest (fewest issues), as its own errors.
      const branches = issue.errors.filter((branch) => branch.length > 0);
      const closest = branches.reduce<Issue[] | undefined>((best, branch) => (!best || branch.length < best.length ? branch : best), undefined);
      if (!closest) return entry('union_error', issue.message);
      return closest.flatMap((inner) => entriesFor(inner, path, root, location));
    }
    case 'invalid_key':
      return issue.issues.flatMap((inner) => entriesFor(inner, path, root, location));
    case 'invalid_element':
      return issue.issues.flatMap((inner) => entriesFor(inner, [...path, String(issue.key)], root, location));
    case 'custom': {
      const pydantic = issue.params?.['pydantic'];
      if (typeof pydantic === 'string') return entry(pydantic, issue.message);
      // pydantic reports the raised exception, which JSON-encodes as an empty object.
      return entry('value_error', `Value error, ${issue.message}`, { error: {} });
    }
    default:
      return entry('value_error', (issue as { message: string }).message);
  }
}

/**
 * Prefect's 422 body. `input` is the value that was validated, used to report offending
 * inputs; it defaults to the request body (right for location 'body').
 */
export function validationErrorBody(
  error: z.ZodError,
  requestBody: unknown,
  location: RequestLocation,
  input: unknown = location === 'body' ? requestBody : undefined,
): ValidationErrorBody {
  return {
    exception_message: 'Invalid request received.',
    exception_detail: error.issues.flatMap((issue) => entriesFor(issue, [], input, location)),
    request_body: requestBody,
  };
}

/**
 * The message of an issue Prefect raises as HTTPException(422) instead of a validation
 * error (an out-of-range `limit`, a history interval under a second): the route should
 * answer `{"detail": message}` with status 422.
 */
export function httpExceptionDetail(error: z.ZodError): string | undefined {
  const issue = error.issues.find((candidate) => candidate.code === 'custom' && candidate.params?.['httpDetail'] === true);
  return issue?.message;
}
