// The foreman: workers that stopped heartbeating go OFFLINE, READY pools left with no ONLINE
// worker go NOT_READY, and deployments and queues nobody polls any more go NOT_READY. Each
// step is one conditional UPDATE, so two foremen at once change each row once.
import type { ForemanSettings } from '@prefect-server-ts/settings';
import { addSeconds } from '@prefect-server-ts/storage';
import type { ServiceContext, ServiceDefinition, TickReport } from './service.ts';

export async function tick(context: ServiceContext, settings: ForemanSettings): Promise<TickReport> {
  const { workers, workPools, deployments, workQueues } = context.database.repositories;
  const now = context.now();
  const workersOffline = await workers.markOfflineWithoutRecentHeartbeat({
    multiple: settings.inactivityHeartbeatMultiple,
    fallbackIntervalSeconds: settings.fallbackHeartbeatIntervalSeconds,
  });
  const poolsNotReady = (await workPools.markNotReadyWithoutOnlineWorkers()).length;
  const deploymentsNotReady = await deployments.markNotReadyPolledBefore(addSeconds(now, -settings.deploymentLastPolledTimeoutSeconds));
  const queuesNotReady = await workQueues.markNotReadyPolledBefore(addSeconds(now, -settings.workQueueLastPolledTimeoutSeconds));
  return { workersOffline, poolsNotReady, deploymentsNotReady, queuesNotReady };
}

export const Foreman: ServiceDefinition = {
  name: 'Foreman',
  settings: (services) => services.foreman,
  tick: (context, services) => tick(context, services.foreman),
};
