// DeploymentFilter and its criteria, which the deployment, flow and run filter bodies accept.
import type { z } from 'zod';
import {
  filterObject,
  operatorField,
  optionalBoolean,
  optionalInt,
  optionalString,
  stringList,
  subFilter,
  uuidList,
} from './operators.ts';

export const DeploymentFilterId = filterObject('DeploymentFilterId', { any_: uuidList(), not_any_: uuidList() });
export const DeploymentFilterName = filterObject('DeploymentFilterName', { any_: stringList(), like_: optionalString() });
export const DeploymentOrFlowNameFilter = filterObject(
  'DeploymentOrFlowNameFilter',
  { like_: optionalString() },
  'Filter by `Deployment.name` or `Flow.name` with a single input string for ilike filtering.',
);
export const DeploymentFilterPaused = filterObject('DeploymentFilterPaused', { eq_: optionalBoolean() });
export const DeploymentFilterTags = filterObject('DeploymentFilterTags', {
  operator: operatorField(),
  all_: stringList(),
  any_: stringList(),
  is_null_: optionalBoolean(),
});
export const DeploymentFilterWorkQueueName = filterObject('DeploymentFilterWorkQueueName', { any_: stringList() });
export const DeploymentFilterConcurrencyLimit = filterObject('DeploymentFilterConcurrencyLimit', {
  ge_: optionalInt(),
  le_: optionalInt(),
  is_null_: optionalBoolean(),
});

export const DeploymentFilter = filterObject(
  'DeploymentFilter',
  {
    operator: operatorField(),
    id: subFilter(DeploymentFilterId),
    name: subFilter(DeploymentFilterName),
    flow_or_deployment_name: subFilter(DeploymentOrFlowNameFilter),
    paused: subFilter(DeploymentFilterPaused),
    tags: subFilter(DeploymentFilterTags),
    work_queue_name: subFilter(DeploymentFilterWorkQueueName),
    concurrency_limit: subFilter(DeploymentFilterConcurrencyLimit).meta({ deprecated: true }),
  },
  'Filter for deployments. Only deployments matching all criteria will be returned.',
);
export type DeploymentFilter = z.output<typeof DeploymentFilter>;
