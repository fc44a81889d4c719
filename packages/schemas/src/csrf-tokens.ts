// The CSRF token GET /csrf-token issues.
import { z } from 'zod';
import { DateTimeString, UuidString } from './common.ts';

export const CsrfToken = z
  .object({
    id: UuidString,
    created: DateTimeString.nullable(),
    updated: DateTimeString.nullable(),
    token: z.string(),
    client: z.string(),
    expiration: DateTimeString,
  })
  .meta({ id: 'CsrfToken' });
