// Validating flow parameters and job variables against their JSON schemas as Prefect's
// server does: its repairs of Pydantic v1 schemas, the optional removal of `required`, and
// its failure messages ("Validation failed for field 'x'. Failure reason: ...").
import { absolutePath, bestMatch, isType, jsonPath, schemaFailures, type Schema, UnresolvableRefError } from './json-schema.ts';
import { pythonRepr } from './python-repr.ts';

export { CircularSchemaRefError } from './json-schema.ts';

/** Values that do not conform; the message is Prefect's. */
export class SchemaValidationError extends Error {}

type JsonMap = Record<string, unknown>;
const isMap = (value: unknown): value is JsonMap => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A copy of `value` without `key` in any object reached through objects (not through arrays). */
function withoutKey(value: unknown, key: string): unknown {
  if (!isMap(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([name]) => name !== key).map(([name, item]) => [name, withoutKey(item, key)]));
}

/** Optional properties typed without null accept null, and tuple `items` become `prefixItems`. */
function repairProperties(properties: JsonMap, required: unknown, allowNoneWithDefault: boolean): void {
  const requiredNames = Array.isArray(required) ? required : [];
  for (const [name, property] of Object.entries(properties)) {
    if (!isMap(property)) continue;
    if (!requiredNames.includes(name) && 'type' in property && property['type'] !== 'null' && (!('default' in property) || allowNoneWithDefault)) {
      property['anyOf'] = [{ type: property['type'] }, { type: 'null' }];
      delete property['type'];
    }
    if (Array.isArray(property['items']) && property['items'].length > 0 && !property['prefixItems']) {
      property['prefixItems'] = structuredClone(property['items']);
      delete property['items'];
    }
    if (isMap(property['properties'])) repairProperties(property['properties'], property['required'], allowNoneWithDefault);
  }
}

/** Prefect's preprocess_schema for schemas Pydantic v1 generated. */
function preprocess(schema: JsonMap, allowNoneWithDefault: boolean): JsonMap {
  const copy = structuredClone(schema);
  if (isMap(copy['properties'])) repairProperties(copy['properties'], copy['required'], allowNoneWithDefault);
  const definitions = copy['definitions'];
  if (isMap(definitions)) {
    for (const definition of Object.values(definitions)) {
      if (!isMap(definition)) continue;
      if (isMap(definition['properties'])) repairProperties(definition['properties'], definition['required'], allowNoneWithDefault);
      // A block may also be given as a reference to a saved block document.
      if ('block_type_slug' in definition) {
        definitions[String(definition['title'])] = {
          oneOf: [
            definition,
            {
              type: 'object',
              properties: { $ref: { oneOf: [{ type: 'string', format: 'uuid' }, { type: 'object', additionalProperties: { type: 'string' }, minProperties: 1 }] } },
              required: ['$ref'],
            },
          ],
        };
      }
    }
  }
  return copy;
}

export interface ValidationOptions {
  /** Repair Pydantic v1 schemas first (Prefect's default). */
  readonly preprocess?: boolean;
  /** Drop every `required`, for values that may be completed later. */
  readonly ignoreRequired?: boolean;
  readonly allowNoneWithDefault?: boolean;
}

function failures(values: unknown, schema: JsonMap, options: ValidationOptions) {
  let effective: unknown = options.preprocess === false ? schema : preprocess(schema, options.allowNoneWithDefault ?? false);
  if (options.ignoreRequired) effective = withoutKey(effective, 'required');
  try {
    return schemaFailures(values, effective as Schema);
  } catch (error) {
    if (error instanceof UnresolvableRefError) throw new SchemaValidationError(`Validation failed. Failure reason: ${error.message}`);
    throw error;
  }
}

/**
 * Throws SchemaValidationError with Prefect's message for the most relevant failure, or
 * CircularSchemaRefError for a schema whose references never end.
 */
export function validateValues(values: unknown, schema: JsonMap, options: ValidationOptions = {}): void {
  const failure = bestMatch(failures(values, schema, options));
  if (!failure) return;
  const path = jsonPath(absolutePath(failure));
  const where = path === '$' ? 'Validation failed.' : `Validation failed for field ${pythonRepr(path.replaceAll('$.', ''))}.`;
  throw new SchemaValidationError(`${where} Failure reason: ${failure.message}`);
}

/** The message of the first failure in the schema's own order (not the most relevant one). */
export function firstFailureMessage(values: unknown, schema: JsonMap, options: ValidationOptions = {}): string | undefined {
  return failures(values, schema, options)[0]?.message;
}

const SIMPLE_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];
const SUBSCHEMA_KEYWORDS = ['additionalProperties', 'items', 'not', 'if', 'then', 'else', 'propertyNames', 'contains', 'unevaluatedItems', 'unevaluatedProperties'];
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];
const COUNT_KEYWORDS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'minContains', 'maxContains'];

/**
 * The first way `schema` breaks the draft 2020-12 meta-schema, in jsonschema's words, for
 * the keywords parameter schemas use; undefined when it conforms.
 */
export function schemaProblem(schema: unknown): string | undefined {
  if (typeof schema === 'boolean') return undefined;
  const shown = (value: unknown) => pythonRepr(value);
  if (!isMap(schema)) return `${shown(schema)} is not of type 'object', 'boolean'`;
  for (const [keyword, value] of Object.entries(schema)) {
    let problem: string | undefined;
    if (keyword === 'type') {
      const types = Array.isArray(value) ? value : [value];
      if (types.length === 0 || !types.every((type) => typeof type === 'string' && SIMPLE_TYPES.includes(type))) problem = `${shown(value)} is not valid under any of the given schemas`;
    } else if (keyword === 'required') {
      if (!Array.isArray(value)) problem = `${shown(value)} is not of type 'array'`;
      else if (value.some((name) => typeof name !== 'string')) problem = `${shown(value.find((name) => typeof name !== 'string'))} is not of type 'string'`;
      else if (new Set(value).size !== value.length) problem = `${shown(value)} has non-unique elements`;
    } else if (keyword === 'enum') {
      if (!Array.isArray(value)) problem = `${shown(value)} is not of type 'array'`;
    } else if (keyword === 'pattern' || keyword === '$ref') {
      if (typeof value !== 'string') problem = `${shown(value)} is not of type 'string'`;
    } else if (NUMBER_KEYWORDS.includes(keyword)) {
      if (!isType(value, 'number')) problem = `${shown(value)} is not of type 'number'`;
    } else if (COUNT_KEYWORDS.includes(keyword)) {
      if (!isType(value, 'integer')) problem = `${shown(value)} is not of type 'integer'`;
      else if ((value as number) < 0) problem = `${shown(value)} is less than the minimum of 0`;
    } else if (SUBSCHEMA_KEYWORDS.includes(keyword)) {
      problem = schemaProblem(value);
    } else if (SCHEMA_LIST_KEYWORDS.includes(keyword)) {
      if (!Array.isArray(value)) problem = `${shown(value)} is not of type 'array'`;
      else if (value.length === 0) problem = `${shown(value)} should be non-empty`;
      else problem = value.map(schemaProblem).find((p) => p !== undefined);
    } else if (SCHEMA_MAP_KEYWORDS.includes(keyword)) {
      if (!isMap(value)) problem = `${shown(value)} is not of type 'object'`;
      else problem = Object.values(value).map(schemaProblem).find((p) => p !== undefined);
    }
    if (problem !== undefined) return problem;
  }
  return undefined;
}
