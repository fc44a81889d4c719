// WorkerFilter and its criteria (heartbeat time, status).
import { z } from 'zod';
import { filterObject, listOf, operatorField, subFilter, timeRange } from './operators.ts';

export const WorkerStatus = z.enum(['ONLINE', 'OFFLINE']).meta({ id: 'WorkerStatus', description: 'Enumeration of worker statuses.' });

export const WorkerFilterStatus = filterObject('WorkerFilterStatus', { any_: listOf(WorkerStatus), not_any_: listOf(WorkerStatus) }, 'Filter by `Worker.status`.');
export const WorkerFilterLastHeartbeatTime = timeRange('WorkerFilterLastHeartbeatTime');

export const WorkerFilter = filterObject('WorkerFilter', {
  operator: operatorField(),
  last_heartbeat_time: subFilter(WorkerFilterLastHeartbeatTime),
  status: subFilter(WorkerFilterStatus),
});
export type WorkerFilter = z.output<typeof WorkerFilter>;
