// FailExpiredPauses: a PAUSED run whose pause timeout has passed is forced to FAILED, as
// Prefect does for a pause nobody resumed in time.
import { canonicalTimestamp, type JsonObject, type Timestamp } from '@prefect-server-ts/storage';
import { proposeFlowRunStateIf } from './guarded-proposal.ts';
import type { ServiceContext, ServiceDefinition, TickReport } from './service.ts';
import { forEachSwept } from './sweep.ts';

const PAGE_SIZE = 200;
const MESSAGE = 'The flow was paused and never resumed.';

function pauseExpired(details: JsonObject | null | undefined, now: Timestamp): boolean {
  const timeout = details?.['pause_timeout'];
  const at = typeof timeout === 'string' ? canonicalTimestamp(timeout) : undefined;
  return at !== undefined && at < now;
}

export async function tick(context: ServiceContext): Promise<TickReport> {
  let failed = 0;
  await forEachSwept(context, PAGE_SIZE, (page) => context.database.repositories.flowRuns.findPaused(page), async (run) => {
    const now = context.now();
    if (!pauseExpired(run.state_details, now)) return;
    const result = await proposeFlowRunStateIf(
      context.database,
      run.id,
      (current) => pauseExpired(current.state?.state_details, now),
      { type: 'FAILED', message: MESSAGE },
      { force: true, now: context.now },
    );
    if (result?.status === 'ACCEPT') failed += 1;
  });
  return { failed };
}

export const FailExpiredPauses: ServiceDefinition = {
  name: 'FailExpiredPauses',
  settings: (services) => services.pauseExpirations,
  tick: (context) => tick(context),
};
