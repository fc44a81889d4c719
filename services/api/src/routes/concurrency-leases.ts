// /v2/concurrency_limits/leases: what a client holding a concurrency lease calls to keep it.
// A flow run's engine renews its deployment concurrency lease while the run lasts.
import { z } from 'zod';
import { RenewConcurrencyLeaseBody, Uuid } from '@prefect-server-ts/schemas';
import { addSeconds, nowTimestamp } from '@prefect-server-ts/storage';
import type { ApiContext } from '../context.ts';
import { gone } from '../http/http-error.ts';
import type { RouteDeclarer } from '../http/route.ts';

const ByLeaseId = z.object({ lease_id: Uuid.meta({ description: 'The ID of the lease to renew' }) });
const tags = ['Concurrency Limits V2'];

export function concurrencyLeaseRoutes({ database }: ApiContext, route: RouteDeclarer): void {
  route(
    {
      method: 'post',
      path: '/v2/concurrency_limits/leases/:lease_id/renew',
      summary: 'Renew Concurrency Lease',
      tags,
      params: ByLeaseId,
      body: RenewConcurrencyLeaseBody,
      response: { status: 204 },
    },
    async ({ params, body, res }) => {
      const expiration = addSeconds(nowTimestamp(), body.lease_duration);
      if (!(await database.repositories.concurrencyLeases.renew(params.lease_id, expiration))) {
        throw gone('Lease not found - it may have expired or been revoked');
      }
      res.status(204).end();
    },
  );
}
