// A JSON Schema (draft 2020-12) validator with the semantics and messages of Python's
// `jsonschema`, which Prefect's server uses for parameter and job variable schemas: the
// failures it collects, and the one `best_match` reports.
import { pythonRepr } from './python-repr.ts';

export type Schema = { readonly [key: string]: unknown } | boolean;
type PathStep = string | number;

export interface SchemaFailure {
  /** Where in the instance, relative to the failure that holds this one in its context. */
  path: PathStep[];
  readonly keyword: string;
  readonly message: string;
  readonly instance: unknown;
  /** The schema object whose keyword failed. */
  readonly schema: Schema;
  /** For anyOf and oneOf: the failures of every branch. */
  readonly context: SchemaFailure[];
  parent?: SchemaFailure;
}

/** A `$ref` that names nothing in the schema (or anything outside it). */
export class UnresolvableRefError extends Error {}
/** `$ref`s that recurse without end. */
export class CircularSchemaRefError extends Error {}

const MAX_REF_DEPTH = 256;
const WEAK_KEYWORDS = new Set(['anyOf', 'oneOf']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function isType(value: unknown, type: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    default:
      return false;
  }
}

/** JSON equality, where true is not 1 (jsonschema's `equal`). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return a === b;
}

function resolvePointer(root: Schema, ref: string): Schema {
  if (!ref.startsWith('#')) throw new UnresolvableRefError(`Unresolvable: ${ref}`);
  const pointer = decodeURIComponent(ref.slice(1));
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const step = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const next: unknown = Array.isArray(node) ? node[Number(step)] : isObject(node) ? node[step] : undefined;
    if (next === undefined) throw new UnresolvableRefError(`PointerToNowhere: ${pythonRepr(pointer)} does not exist within ${pythonRepr(root)}`);
    node = next;
  }
  if (!isObject(node) && typeof node !== 'boolean') throw new UnresolvableRefError(`PointerToNowhere: ${pythonRepr(pointer)} does not exist within ${pythonRepr(root)}`);
  return node as Schema;
}

function regexMatches(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    return true;
  }
}

const extrasMessage = (extras: readonly unknown[]) => `${extras.map(pythonRepr).join(', ')} ${extras.length === 1 ? 'was' : 'were'}`;

class Validator {
  private readonly root: Schema;

  constructor(root: Schema) {
    this.root = root;
  }

  isValid(instance: unknown, schema: Schema, depth: number): boolean {
    return this.failures(instance, schema, depth).length === 0;
  }

  /** Every failure of `instance` against `schema`, in the order of the schema's keywords. */
  failures(instance: unknown, schema: Schema, depth: number): SchemaFailure[] {
    if (schema === true) return [];
    if (schema === false) return [this.failure('false', `False schema does not allow ${pythonRepr(instance)}`, instance, schema)];
    const out: SchemaFailure[] = [];
    for (const [keyword, value] of Object.entries(schema)) {
      out.push(...this.keyword(keyword, value, instance, schema, depth));
    }
    return out;
  }

  private failure(keyword: string, message: string, instance: unknown, schema: Schema, context: SchemaFailure[] = []): SchemaFailure {
    const failure: SchemaFailure = { path: [], keyword, message, instance, schema, context };
    for (const inner of context) inner.parent = failure;
    return failure;
  }

  private descend(instance: unknown, schema: unknown, depth: number, step?: PathStep): SchemaFailure[] {
    if (!isObject(schema) && typeof schema !== 'boolean') return [];
    const found = this.failures(instance, schema, depth);
    if (step !== undefined) for (const failure of found) failure.path.unshift(step);
    return found;
  }

  private keyword(keyword: string, value: unknown, instance: unknown, schema: Schema & object, depth: number): SchemaFailure[] {
    const fail = (message: string, context?: SchemaFailure[]) => [this.failure(keyword, message, instance, schema, context)];
    const shown = pythonRepr(instance);
    const object = isObject(instance) ? instance : undefined;
    const array = Array.isArray(instance) ? instance : undefined;
    const number = typeof instance === 'number' ? instance : undefined;
    const text = typeof instance === 'string' ? instance : undefined;
    switch (keyword) {
      case '$ref': {
        if (typeof value !== 'string') return [];
        if (depth >= MAX_REF_DEPTH) throw new CircularSchemaRefError('circular $ref');
        return this.failures(instance, resolvePointer(this.root, value), depth + 1);
      }
      case 'type': {
        const types = Array.isArray(value) ? value : [value];
        return types.some((type) => isType(instance, type)) ? [] : fail(`${shown} is not of type ${types.map(pythonRepr).join(', ')}`);
      }
      case 'enum':
        return Array.isArray(value) && !value.some((each) => jsonEqual(each, instance)) ? fail(`${shown} is not one of ${pythonRepr(value)}`) : [];
      case 'const':
        return jsonEqual(value, instance) ? [] : fail(`${pythonRepr(value)} was expected`);
      case 'properties':
        if (!object || !isObject(value)) return [];
        return Object.entries(value).flatMap(([name, sub]) => (Object.hasOwn(object, name) ? this.descend(object[name], sub, depth, name) : []));
      case 'patternProperties':
        if (!object || !isObject(value)) return [];
        return Object.entries(value).flatMap(([pattern, sub]) =>
          Object.keys(object).filter((key) => regexMatches(pattern, key)).flatMap((key) => this.descend(object[key], sub, depth, key)),
        );
      case 'additionalProperties': {
        if (!object) return [];
        const declared = isObject(schema['properties']) ? schema['properties'] : {};
        const patterns = isObject(schema['patternProperties']) ? Object.keys(schema['patternProperties']) : [];
        const extras = Object.keys(object).filter((key) => !Object.hasOwn(declared, key) && !patterns.some((p) => regexMatches(p, key)));
        if (isObject(value)) return extras.flatMap((key) => this.descend(object[key], value, depth, key));
        if (value !== false || extras.length === 0) return [];
        if (patterns.length > 0) {
          const verb = extras.length === 1 ? 'does' : 'do';
          return fail(`${extras.sort().map(pythonRepr).join(', ')} ${verb} not match any of the regexes: ${patterns.sort().map(pythonRepr).join(', ')}`);
        }
        return fail(`Additional properties are not allowed (${extrasMessage(extras.sort())} unexpected)`);
      }
      case 'required':
        if (!object || !Array.isArray(value)) return [];
        return value.filter((name) => typeof name === 'string' && !Object.hasOwn(object, name)).flatMap((name) => fail(`${pythonRepr(name)} is a required property`));
      case 'dependentRequired':
        if (!object || !isObject(value)) return [];
        return Object.entries(value).flatMap(([name, needed]) =>
          Object.hasOwn(object, name) && Array.isArray(needed)
            ? needed.filter((each) => !Object.hasOwn(object, String(each))).flatMap((each) => fail(`${pythonRepr(each)} is a dependency of ${pythonRepr(name)}`))
            : [],
        );
      case 'propertyNames':
        return object ? Object.keys(object).flatMap((key) => this.descend(key, value, depth)) : [];
      case 'minProperties':
        return object && typeof value === 'number' && Object.keys(object).length < value ? fail(`${shown} ${value === 1 ? 'should be non-empty' : 'does not have enough properties'}`) : [];
      case 'maxProperties':
        return object && typeof value === 'number' && Object.keys(object).length > value ? fail(`${shown} ${value === 0 ? 'is expected to be empty' : 'has too many properties'}`) : [];
      case 'items': {
        if (!array) return [];
        const prefix = Array.isArray(schema['prefixItems']) ? schema['prefixItems'].length : 0;
        const extra = array.length - prefix;
        if (extra <= 0) return [];
        if (value === false) {
          const rest = extra === 1 ? array[prefix] : array.slice(prefix);
          return fail(`Expected at most ${prefix} ${prefix === 1 ? 'item' : 'items'} but found ${extra} extra: ${pythonRepr(rest)}`);
        }
        return array.slice(prefix).flatMap((item, i) => this.descend(item, value, depth, prefix + i));
      }
      case 'prefixItems':
        return array && Array.isArray(value) ? array.slice(0, value.length).flatMap((item, i) => this.descend(item, value[i], depth, i)) : [];
      case 'contains': {
        if (!array) return [];
        const matches = array.filter((item) => this.isValid(item, value as Schema, depth)).length;
        const min = typeof schema['minContains'] === 'number' ? schema['minContains'] : 1;
        const max = typeof schema['maxContains'] === 'number' ? schema['maxContains'] : array.length;
        if (matches > max) return fail(`Too many items match the given schema (expected at most ${max})`);
        if (matches === 0 && min > 0) return fail(`${shown} does not contain items matching the given schema`);
        return matches < min ? fail(`Too few items match the given schema (expected at least ${min} but only ${matches} matched)`) : [];
      }
      case 'minItems':
        return array && typeof value === 'number' && array.length < value ? fail(`${shown} ${value === 1 ? 'should be non-empty' : 'is too short'}`) : [];
      case 'maxItems':
        return array && typeof value === 'number' && array.length > value ? fail(`${shown} ${value === 0 ? 'is expected to be empty' : 'is too long'}`) : [];
      case 'uniqueItems':
        return value === true && array && array.some((item, i) => array.slice(i + 1).some((other) => jsonEqual(item, other))) ? fail(`${shown} has non-unique elements`) : [];
      case 'minLength':
        return text !== undefined && typeof value === 'number' && [...text].length < value ? fail(`${shown} ${value === 1 ? 'should be non-empty' : 'is too short'}`) : [];
      case 'maxLength':
        return text !== undefined && typeof value === 'number' && [...text].length > value ? fail(`${shown} ${value === 0 ? 'is expected to be empty' : 'is too long'}`) : [];
      case 'pattern':
        return text !== undefined && typeof value === 'string' && !regexMatches(value, text) ? fail(`${shown} does not match ${pythonRepr(value)}`) : [];
      case 'minimum':
        return number !== undefined && typeof value === 'number' && number < value ? fail(`${shown} is less than the minimum of ${pythonRepr(value)}`) : [];
      case 'maximum':
        return number !== undefined && typeof value === 'number' && number > value ? fail(`${shown} is greater than the maximum of ${pythonRepr(value)}`) : [];
      case 'exclusiveMinimum':
        return number !== undefined && typeof value === 'number' && number <= value ? fail(`${shown} is less than or equal to the minimum of ${pythonRepr(value)}`) : [];
      case 'exclusiveMaximum':
        return number !== undefined && typeof value === 'number' && number >= value ? fail(`${shown} is greater than or equal to the maximum of ${pythonRepr(value)}`) : [];
      case 'multipleOf':
        return number !== undefined && typeof value === 'number' && value > 0 && !Number.isInteger(number / value) ? fail(`${shown} is not a multiple of ${value}`) : [];
      case 'allOf':
        return Array.isArray(value) ? value.flatMap((sub) => this.descend(instance, sub, depth)) : [];
      case 'anyOf': {
        if (!Array.isArray(value)) return [];
        const all: SchemaFailure[] = [];
        for (const sub of value) {
          const found = this.descend(instance, sub, depth);
          if (found.length === 0) return [];
          all.push(...found);
        }
        return fail(`${shown} is not valid under any of the given schemas`, all);
      }
      case 'oneOf': {
        if (!Array.isArray(value)) return [];
        const all: SchemaFailure[] = [];
        const valid = value.filter((sub) => {
          const found = this.descend(instance, sub, depth);
          all.push(...found);
          return found.length === 0;
        });
        if (valid.length === 0) return fail(`${shown} is not valid under any of the given schemas`, all);
        return valid.length > 1 ? fail(`${shown} is valid under each of ${valid.slice(1).concat(valid[0]).map(pythonRepr).join(', ')}`) : [];
      }
      case 'not':
        return this.isValid(instance, value as Schema, depth) ? fail(`${shown} should not be valid under ${pythonRepr(value)}`) : [];
      case 'if':
        if (this.isValid(instance, value as Schema, depth)) return 'then' in schema ? this.descend(instance, schema['then'], depth) : [];
        return 'else' in schema ? this.descend(instance, schema['else'], depth) : [];
      default:
        return [];
    }
  }
}

/** Every failure of `instance` against `schema`. */
export function schemaFailures(instance: unknown, schema: Schema): SchemaFailure[] {
  return new Validator(schema).failures(instance, schema, 0);
}

type Key = [number, PathStep[], boolean, boolean];

function relevance(failure: SchemaFailure): Key {
  const declared = typeof failure.schema === 'object' ? failure.schema['type'] : undefined;
  const matchesType =
    declared === undefined ? false : Array.isArray(declared) ? declared.some((type) => isType(failure.instance, type)) : isType(failure.instance, declared);
  return [-failure.path.length, failure.path, !WEAK_KEYWORDS.has(failure.keyword), !matchesType];
}

function compareSteps(a: PathStep[], b: PathStep[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const [x, y] = [a[i]!, b[i]!];
    if (x === y) continue;
    if (typeof x === typeof y) return x < y ? -1 : 1;
    return typeof x === 'number' ? -1 : 1;
  }
  return a.length - b.length;
}

function compare(a: Key, b: Key): number {
  return a[0] - b[0] || compareSteps(a[1], b[1]) || Number(a[2]) - Number(b[2]) || Number(a[3]) - Number(b[3]);
}

/**
 * jsonschema's best_match: the most relevant failure (shallowest, then non-anyOf/oneOf,
 * then type-matching), descending into anyOf/oneOf contexts towards the deepest branch
 * failure unless two branches tie.
 */
export function bestMatch(failures: readonly SchemaFailure[]): SchemaFailure | undefined {
  let best: SchemaFailure | undefined;
  for (const failure of failures) if (!best || compare(relevance(failure), relevance(best)) > 0) best = failure;
  while (best && best.context.length > 0) {
    const ranked = [...best.context].sort((x, y) => compare(relevance(x), relevance(y)));
    if (ranked.length >= 2 && compare(relevance(ranked[0]!), relevance(ranked[1]!)) === 0) return best;
    best = ranked[0];
  }
  return best;
}

/** The failure's path from the root of the instance. */
export function absolutePath(failure: SchemaFailure): PathStep[] {
  const steps: PathStep[] = [];
  for (let node: SchemaFailure | undefined = failure; node; node = node.parent) steps.unshift(...node.path);
  return steps;
}

/** jsonschema's `json_path`: `$`, `.name` for plain names, `['na me']` otherwise, `[0]` for indexes. */
export function jsonPath(steps: readonly PathStep[]): string {
  let path = '$';
  for (const step of steps) {
    if (typeof step === 'number') path += `[${step}]`;
    else if (/^[a-zA-Z][a-zA-Z0-9_]*$/.test(step)) path += `.${step}`;
    else path += `['${step.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}']`;
  }
  return path;
}
