// TaskRunFilter and its criteria (ids, names, tags, states, times, subflows, flow runs).
import { z } from 'zod';
import { StateType } from '../states.ts';
import { filterObject, listOf, nullableTimeRange, operatorField, optionalBoolean, optionalString, stringList, subFilter, timeRange, uuidList } from './operators.ts';

export const TaskRunFilterId = filterObject('TaskRunFilterId', { any_: uuidList() });
export const TaskRunFilterName = filterObject('TaskRunFilterName', { any_: stringList(), like_: optionalString() });
export const TaskRunFilterTags = filterObject('TaskRunFilterTags', {
  operator: operatorField(),
  all_: stringList(),
  is_null_: optionalBoolean(),
});
export const TaskRunFilterStateType = filterObject('TaskRunFilterStateType', { any_: listOf(StateType) });
export const TaskRunFilterStateName = filterObject('TaskRunFilterStateName', { any_: stringList() });
export const TaskRunFilterState = filterObject('TaskRunFilterState', {
  operator: operatorField(),
  type: subFilter(TaskRunFilterStateType),
  name: subFilter(TaskRunFilterStateName),
});
export const TaskRunFilterStartTime = nullableTimeRange('TaskRunFilterStartTime');
export const TaskRunFilterEndTime = nullableTimeRange('TaskRunFilterEndTime');
export const TaskRunFilterExpectedStartTime = timeRange('TaskRunFilterExpectedStartTime');
export const TaskRunFilterSubFlowRuns = filterObject('TaskRunFilterSubFlowRuns', { exists_: optionalBoolean() });
export const TaskRunFilterFlowRunId = filterObject('TaskRunFilterFlowRunId', {
  operator: operatorField(),
  any_: uuidList(),
  is_null_: z.boolean().nullable().default(false),
});

export const TaskRunFilter = filterObject(
  'TaskRunFilter',
  {
    operator: operatorField(),
    id: subFilter(TaskRunFilterId),
    name: subFilter(TaskRunFilterName),
    tags: subFilter(TaskRunFilterTags),
    state: subFilter(TaskRunFilterState),
    start_time: subFilter(TaskRunFilterStartTime),
    end_time: subFilter(TaskRunFilterEndTime),
    expected_start_time: subFilter(TaskRunFilterExpectedStartTime),
    subflow_runs: subFilter(TaskRunFilterSubFlowRuns),
    flow_run_id: subFilter(TaskRunFilterFlowRunId),
  },
  'Filter task runs. Only task runs matching all criteria will be returned',
);
export type TaskRunFilter = z.output<typeof TaskRunFilter>;
