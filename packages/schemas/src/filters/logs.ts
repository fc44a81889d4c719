// LogFilter and its criteria (level range, timestamp range, run ids, text search).
import { z } from 'zod';
import { filterObject, operatorField, optionalBoolean, optionalDateTime, optionalInt, subFilter, uuidList } from './operators.ts';

export const LogFilterLevel = filterObject('LogFilterLevel', { ge_: optionalInt(), le_: optionalInt() });
export const LogFilterTimestamp = filterObject('LogFilterTimestamp', { before_: optionalDateTime(), after_: optionalDateTime() });
export const LogFilterFlowRunId = filterObject('LogFilterFlowRunId', { any_: uuidList() });
export const LogFilterTaskRunId = filterObject('LogFilterTaskRunId', { any_: uuidList(), is_null_: optionalBoolean() });
export const LogFilterTextSearch = filterObject(
  'LogFilterTextSearch',
  { query: z.string().max(200) },
  'Filter by text search across log content.',
);

export const LogFilter = filterObject(
  'LogFilter',
  {
    operator: operatorField(),
    level: subFilter(LogFilterLevel),
    timestamp: subFilter(LogFilterTimestamp),
    flow_run_id: subFilter(LogFilterFlowRunId),
    task_run_id: subFilter(LogFilterTaskRunId),
    text: subFilter(LogFilterTextSearch),
  },
  'Filter logs. Only logs matching all criteria will be returned',
);
export type LogFilter = z.output<typeof LogFilter>;
