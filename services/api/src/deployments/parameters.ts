// Parameters on their way into a deployment or a run: placeholders hydrated with the
// workspace's variables, then checked against the deployment's schema when it is enforced.
import {
  CircularSchemaRefError,
  hydrateParameters,
  HydrationError,
  referencedVariables,
  SchemaValidationError,
  validateValues,
  type ValidationOptions,
} from '@prefect-server-ts/schemas';
import type { Repositories } from '@prefect-server-ts/storage';
import { badRequest, conflict, unprocessable } from '../http/http-error.ts';

const MISSING_SCHEMA =
  'Cannot update parameters because parameter schema enforcement is enabled and the deployment does not have a valid parameter schema.';

/** The values of the workspace variables that placeholders in `value` name, by name. */
export async function referencedVariableValues(repositories: Repositories, value: unknown): Promise<Map<string, unknown>> {
  const variables = new Map<string, unknown>();
  for (const name of new Set(referencedVariables(value))) {
    const variable = await repositories.variables.readByName(name);
    if (variable) variables.set(name, variable.value);
  }
  return variables;
}

/** Hydrates `parameters`; a placeholder that cannot be computed is a 400 whose detail starts with `prefix`. */
export async function hydrated(repositories: Repositories, parameters: Record<string, unknown>, prefix: string): Promise<Record<string, unknown>> {
  const variables = await referencedVariableValues(repositories, parameters);
  try {
    return hydrateParameters(parameters, variables);
  } catch (error) {
    if (error instanceof HydrationError) throw badRequest(`${prefix}: ${error.message}`);
    throw error;
  }
}

/**
 * Checks parameters against an enforced schema: 409 when there is no schema or they do not
 * conform (detail prefixed with `prefix`), 422 for a schema whose references never end.
 */
export function enforceSchema(parameters: Record<string, unknown>, schema: unknown, prefix: string, options: ValidationOptions = {}): void {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw conflict(`Error updating deployment: ${MISSING_SCHEMA}`);
  try {
    validateValues(parameters, schema as Record<string, unknown>, options);
  } catch (error) {
    if (error instanceof SchemaValidationError) throw conflict(`${prefix}: ${error.message}`);
    if (error instanceof CircularSchemaRefError) throw unprocessable('Invalid schema: Unable to validate schema with circular references.');
    throw error;
  }
}
