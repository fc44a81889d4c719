// Variables: Prefect's variable name and value rules, the VariableCreate and VariableUpdate
// request bodies, the Variable response and its serializer.
import { z } from 'zod';
import type { VariableRecord } from '@prefect-server-ts/storage';
import { DateTimeString, JsonObject, Tags, UuidString, jsonByteLength } from './common.ts';

export const MAX_VARIABLE_NAME_LENGTH = 255;
export const MAX_VARIABLE_VALUE_LENGTH = 5000;

/** Lower-case letters, digits, dashes and underscores, at most 255 characters. */
export const VariableName = z
  .string()
  .max(MAX_VARIABLE_NAME_LENGTH)
  .refine((name) => /^[a-z0-9_-]*$/.test(name), {
    message: 'Variable name must only contain lowercase letters, numbers, and dashes or underscores.',
  })
  .meta({ description: 'The name of the variable', examples: ['my_variable'] });

/** Any JSON value whose compact JSON text is at most 5000 bytes. */
export const VariableValue = z
  .union([z.string(), z.int(), z.boolean(), z.number(), JsonObject, z.array(z.unknown()), z.null()])
  .superRefine((value, ctx) => {
    if (value !== null && jsonByteLength(value) > MAX_VARIABLE_VALUE_LENGTH) {
      ctx.addIssue({ code: 'custom', message: `Variable value must be less than ${MAX_VARIABLE_VALUE_LENGTH} characters` });
    }
  })
  .meta({ description: 'The value of the variable', examples: ['my-value'] });

export const VariableCreate = z
  .object({
    name: VariableName,
    value: VariableValue,
    tags: Tags.default(() => []),
  })
  .strict()
  .meta({ id: 'VariableCreate', description: 'Data used by the Prefect REST API to create a Variable.' });
export type VariableCreate = z.output<typeof VariableCreate>;

/** Only the fields present in the body are set (exclude_unset). */
export const VariableUpdate = z
  .object({
    name: VariableName.nullable().optional(),
    value: VariableValue.optional(),
    tags: Tags.nullable().optional(),
  })
  .strict()
  .meta({ id: 'VariableUpdate', description: 'Data used by the Prefect REST API to update a Variable.' });
export type VariableUpdate = z.output<typeof VariableUpdate>;

export const Variable = z
  .object({
    id: UuidString,
    created: DateTimeString.nullable(),
    updated: DateTimeString.nullable(),
    name: z.string().max(MAX_VARIABLE_NAME_LENGTH),
    value: z.unknown(),
    tags: Tags,
  })
  .meta({ id: 'Variable' });
export type VariableResponse = z.output<typeof Variable>;

export function serializeVariable(record: VariableRecord): VariableResponse {
  return {
    id: record.id,
    created: record.created,
    updated: record.updated,
    name: record.name,
    value: record.value ?? null,
    tags: [...record.tags],
  };
}
