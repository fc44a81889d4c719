// Concurrency leases: the body with which a client renews the lease it holds.
import { z } from 'zod';
import { laxFloat } from './common.ts';

/** The body of POST /v2/concurrency_limits/leases/{lease_id}/renew. */
export const RenewConcurrencyLeaseBody = z
  .object({
    lease_duration: laxFloat(
      z.number().min(60).max(86_400).default(300).meta({ title: 'Lease Duration', description: 'The duration of the lease in seconds.' }),
    ),
  })
  .meta({ title: 'Body_renew_concurrency_lease_v2_concurrency_limits_leases__lease_id__renew_post' });
export type RenewConcurrencyLeaseBody = z.output<typeof RenewConcurrencyLeaseBody>;
