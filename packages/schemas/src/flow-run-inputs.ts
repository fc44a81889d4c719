// Flow run inputs: the create and filter request bodies of /flow_runs/{id}/input, the
// FlowRunInput response and its serializer, and the body of /flow_runs/{id}/resume.
import { z } from 'zod';
import type { FlowRunInputRecord } from '@prefect-server-ts/storage';
import { DateTimeString, JsonObject, nullable, orDefault, UuidString } from './common.ts';

/**
 * Lower-case letters, digits and dashes. Prefect checks this in the route and answers a 500;
 * here it is a validation error, worded as Prefect's validator words it.
 */
export const FlowRunInputKey = z
  .string()
  .refine((key) => /^[a-z0-9-]*$/.test(key), { message: 'value must only contain lowercase letters, numbers, and dashes.' })
  .meta({ description: 'The input key' });

export const FlowRunInputCreate = z
  .object({
    key: FlowRunInputKey,
    // FastAPI takes `bytes` from a JSON string only.
    value: z.string({ error: 'Input should be a valid bytes' }).meta({ description: 'The value of the input', contentMediaType: 'application/octet-stream' }),
    sender: nullable(z.string()).meta({ description: 'The sender of the input' }),
  })
  .meta({ title: 'Body_create_flow_run_input_flow_runs__id__input_post' });
export type FlowRunInputCreate = z.output<typeof FlowRunInputCreate>;

export const FlowRunInputFilterBody = z
  .object({
    prefix: z.string().meta({ description: 'The input key prefix' }),
    limit: orDefault(z.int(), 1).meta({ description: 'The maximum number of results to return' }),
    exclude_keys: orDefault(z.array(z.string()), []).meta({ description: 'Exclude inputs with these keys' }),
  })
  .meta({ title: 'Body_filter_flow_run_input_flow_runs__id__input_filter_post' });
export type FlowRunInputFilterBody = z.output<typeof FlowRunInputFilterBody>;

export const FlowRunInput = z
  .object({
    id: UuidString,
    created: DateTimeString.nullable(),
    updated: DateTimeString.nullable(),
    flow_run_id: UuidString.meta({ description: 'The flow run ID associated with the input.' }),
    key: z.string().meta({ description: 'The key of the input.' }),
    value: z.string().meta({ description: 'The value of the input.' }),
    sender: z.string().nullable().meta({ description: 'The sender of the input.' }),
  })
  .meta({ id: 'FlowRunInput' });
export type FlowRunInputResponse = z.output<typeof FlowRunInput>;

export function serializeFlowRunInput(record: FlowRunInputRecord): FlowRunInputResponse {
  return {
    id: record.id,
    created: record.created,
    updated: record.updated,
    flow_run_id: record.flow_run_id,
    key: record.key,
    value: record.value,
    sender: record.sender,
  };
}

export const ResumeFlowRunBody = z
  .object({ run_input: nullable(JsonObject) })
  .meta({ title: 'Body_resume_flow_run_flow_runs__id__resume_post' });
export type ResumeFlowRunBody = z.output<typeof ResumeFlowRunBody>;
