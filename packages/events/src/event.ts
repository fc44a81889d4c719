// The event a client sends, validated before it is stored.
import { z } from 'zod';
import { canonicalTimestamp } from '@prefect-server-ts/storage';

const Resource = z
  .record(z.string(), z.string())
  .refine((r) => typeof r['prefect.resource.id'] === 'string' && r['prefect.resource.id'] !== '', {
    message: 'Resources must include the prefect.resource.id label',
  });

const Timestamp = z.string().transform((value, ctx) => {
  const canonical = canonicalTimestamp(value);
  if (canonical === undefined) {
    ctx.addIssue({ code: 'custom', message: 'Input should be a valid datetime' });
    return z.NEVER;
  }
  return canonical;
});

export const EventSchema = z.object({
  occurred: Timestamp,
  event: z.string().min(1).max(1024),
  resource: Resource,
  related: z.array(Resource).default([]),
  payload: z.record(z.string(), z.unknown()).default({}),
  id: z.uuid().transform((id) => id.toLowerCase()),
  follows: z.uuid().nullable().default(null),
});

export type IncomingEvent = z.output<typeof EventSchema>;
