// MarkLateRuns: a SCHEDULED run still waiting LATE_RUNS_AFTER_SECONDS after its scheduled
// start is proposed a "Late" state under Prefect's MarkLateRunsPolicy, which accepts it only
// for a run that is scheduled and not yet late (so racing services mark a run once).
import { setFlowRunState } from '@prefect-server-ts/orchestration';
import type { LateRunsSettings } from '@prefect-server-ts/settings';
import { addSeconds } from '@prefect-server-ts/storage';
import type { ServiceContext, ServiceDefinition, TickReport } from './service.ts';
import { forEachSwept } from './sweep.ts';

const PAGE_SIZE = 400;

export async function tick(context: ServiceContext, settings: LateRunsSettings): Promise<TickReport> {
  const scheduledBefore = addSeconds(context.now(), -settings.afterSeconds);
  let marked = 0;
  await forEachSwept(context, PAGE_SIZE, (page) => context.database.repositories.flowRuns.findLate(scheduledBefore, page), async (run) => {
    const result = await setFlowRunState(
      context.database,
      run.id,
      { type: 'SCHEDULED', name: 'Late', state_details: { scheduled_time: run.next_scheduled_start_time } },
      { policy: 'mark-late', now: context.now },
    );
    if (result?.status === 'ACCEPT') marked += 1;
  });
  return { marked };
}

export const MarkLateRuns: ServiceDefinition = {
  name: 'MarkLateRuns',
  settings: (services) => services.lateRuns,
  tick: (context, services) => tick(context, services.lateRuns),
};
