// FlowRunFilter and its criteria (ids, names, tags, states, times, parents, creators).
import { z } from 'zod';
import { StateType } from '../states.ts';
import { filterObject, listOf, nullableTimeRange, operatorField, optionalBoolean, optionalString, stringList, subFilter, timeRange, uuidList } from './operators.ts';

export const FlowRunFilterId = filterObject('FlowRunFilterId', { any_: uuidList(), not_any_: uuidList() });
export const FlowRunFilterName = filterObject('FlowRunFilterName', { any_: stringList(), like_: optionalString() });
export const FlowRunFilterTags = filterObject('FlowRunFilterTags', {
  operator: operatorField(),
  all_: stringList(),
  any_: stringList(),
  is_null_: optionalBoolean(),
});
export const FlowRunFilterDeploymentId = filterObject('FlowRunFilterDeploymentId', {
  operator: operatorField(),
  any_: uuidList(),
  is_null_: optionalBoolean(),
});
export const FlowRunFilterWorkQueueName = filterObject('FlowRunFilterWorkQueueName', {
  operator: operatorField(),
  any_: stringList(),
  is_null_: optionalBoolean(),
});
export const FlowRunFilterStateType = filterObject('FlowRunFilterStateType', {
  any_: listOf(StateType),
  not_any_: listOf(StateType),
});
export const FlowRunFilterStateName = filterObject('FlowRunFilterStateName', { any_: stringList(), not_any_: stringList() });
export const FlowRunFilterState = filterObject('FlowRunFilterState', {
  operator: operatorField(),
  type: subFilter(FlowRunFilterStateType),
  name: subFilter(FlowRunFilterStateName),
});
export const FlowRunFilterFlowVersion = filterObject('FlowRunFilterFlowVersion', { any_: stringList() });
export const FlowRunFilterStartTime = nullableTimeRange('FlowRunFilterStartTime');
export const FlowRunFilterEndTime = nullableTimeRange('FlowRunFilterEndTime');
export const FlowRunFilterExpectedStartTime = timeRange('FlowRunFilterExpectedStartTime');
export const FlowRunFilterNextScheduledStartTime = timeRange('FlowRunFilterNextScheduledStartTime');
export const FlowRunFilterParentFlowRunId = filterObject('FlowRunFilterParentFlowRunId', {
  operator: operatorField(),
  any_: uuidList(),
});
export const FlowRunFilterParentTaskRunId = filterObject('FlowRunFilterParentTaskRunId', {
  operator: operatorField(),
  any_: uuidList(),
  is_null_: optionalBoolean(),
});
export const FlowRunFilterIdempotencyKey = filterObject('FlowRunFilterIdempotencyKey', {
  any_: stringList(),
  not_any_: stringList(),
});
export const FlowRunFilterCreatedBy = filterObject('FlowRunFilterCreatedBy', {
  operator: operatorField(),
  id_: uuidList(),
  type_: stringList(),
  is_null_: optionalBoolean(),
});

export const FlowRunFilter = filterObject(
  'FlowRunFilter',
  {
    operator: operatorField(),
    id: subFilter(FlowRunFilterId),
    name: subFilter(FlowRunFilterName),
    tags: subFilter(FlowRunFilterTags),
    deployment_id: subFilter(FlowRunFilterDeploymentId),
    work_queue_name: subFilter(FlowRunFilterWorkQueueName),
    state: subFilter(FlowRunFilterState),
    flow_version: subFilter(FlowRunFilterFlowVersion),
    start_time: subFilter(FlowRunFilterStartTime),
    end_time: subFilter(FlowRunFilterEndTime),
    expected_start_time: subFilter(FlowRunFilterExpectedStartTime),
    next_scheduled_start_time: subFilter(FlowRunFilterNextScheduledStartTime),
    parent_flow_run_id: subFilter(FlowRunFilterParentFlowRunId),
    parent_task_run_id: subFilter(FlowRunFilterParentTaskRunId),
    idempotency_key: subFilter(FlowRunFilterIdempotencyKey),
    created_by: subFilter(FlowRunFilterCreatedBy),
  },
  'Filter flow runs. Only flow runs matching all criteria will be returned',
);
export type FlowRunFilter = z.output<typeof FlowRunFilter>;
