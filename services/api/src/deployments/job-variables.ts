// Job variables checked against the `variables` schema of the work pool's base job
// template, with Prefect's rules: the template's defaults fill in first, defaults that do not
// fit their own schema are left out (and then required variables are not insisted on).
import { CircularSchemaRefError, firstFailureMessage, schemaProblem, SchemaValidationError, validateValues } from '@prefect-server-ts/schemas';
import { unprocessable } from '../http/http-error.ts';

type JsonMap = Record<string, unknown>;
const isMap = (value: unknown): value is JsonMap => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The variables schema of a template, or undefined when there is nothing to check against. */
export function variablesSchema(template: JsonMap | null): JsonMap | undefined {
  const schema = template?.['variables'];
  if (!isMap(schema) || Object.keys(schema).length === 0) return undefined;
  const problem = schemaProblem(schema);
  if (problem !== undefined) throw unprocessable(`Invalid schema: ${problem}`);
  return schema;
}

/**
 * The template's usable defaults, and whether some were unusable. A default that refers
 * to a block document counts as unusable: block documents are not read here.
 */
function templateDefaults(schema: JsonMap): { defaults: JsonMap; incomplete: boolean } {
  const defaults: JsonMap = {};
  let incomplete = false;
  const properties = isMap(schema['properties']) ? schema['properties'] : {};
  for (const [name, property] of Object.entries(properties)) {
    if (!isMap(property) || !('default' in property)) continue;
    const value = property['default'];
    const usable =
      !(isMap(value) && '$ref' in value) &&
      firstFailureMessage({ [name]: value }, schema, { preprocess: false, ignoreRequired: true }) === undefined;
    if (usable) defaults[name] = value;
    else incomplete = true;
  }
  return { defaults, incomplete };
}

/**
 * Prefect's message for job variables (layered in order over the template's defaults) that
 * do not fit the schema, or undefined when they do.
 */
export function jobVariablesFailure(schema: JsonMap, layers: readonly (JsonMap | null | undefined)[], options: { ignoreRequired: boolean }): string | undefined {
  try {
    const { defaults, incomplete } = templateDefaults(schema);
    const merged = Object.assign({}, defaults, ...layers.filter(isMap));
    validateValues(merged, schema, { ignoreRequired: options.ignoreRequired || incomplete, allowNoneWithDefault: true });
    return undefined;
  } catch (error) {
    if (error instanceof SchemaValidationError) return error.message;
    if (error instanceof CircularSchemaRefError) throw unprocessable('Invalid schema: Unable to validate schema with circular references.');
    throw error;
  }
}
