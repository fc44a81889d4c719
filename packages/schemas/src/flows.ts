// Flows: the FlowCreate and FlowUpdate request bodies, the Flow response and its serializer.
import { z } from 'zod';
import type { FlowRecord } from '@prefect-server-ts/storage';
import { DateTimeString, KeyValueLabels, Name, Tags, UuidString } from './common.ts';

export const FlowCreate = z
  .object({
    name: Name.meta({ description: 'The name of the flow', examples: ['my-flow'] }),
    tags: Tags.default(() => []),
    labels: KeyValueLabels.nullable().default(() => ({})),
  })
  .strict()
  .meta({ id: 'FlowCreate', description: 'Data used by the Prefect REST API to create a flow.' });
export type FlowCreate = z.output<typeof FlowCreate>;

/** Fields absent from the body stay absent: Prefect applies only the fields that were set. */
export const FlowUpdate = z
  .object({
    tags: Tags.optional(),
  })
  .strict()
  .meta({ id: 'FlowUpdate', description: 'Data used by the Prefect REST API to update a flow.' });
export type FlowUpdate = z.output<typeof FlowUpdate>;

export const Flow = z
  .object({
    id: UuidString,
    created: DateTimeString.nullable(),
    updated: DateTimeString.nullable(),
    name: z.string(),
    tags: Tags,
    labels: KeyValueLabels.nullable(),
  })
  .meta({ id: 'Flow', description: 'An ORM representation of flow data.' });
export type FlowResponse = z.output<typeof Flow>;

export function serializeFlow(record: FlowRecord): FlowResponse {
  return {
    id: record.id,
    created: record.created,
    updated: record.updated,
    name: record.name,
    tags: [...record.tags],
    labels: (record.labels as KeyValueLabels | null) ?? {},
  };
}
