// COMMON_GLOBAL_TRANSFORMS: the bookkeeping every flow and task run transition gets, in
// Prefect's order.
import type { RunContext } from '../context.ts';
import type { UniversalTransform } from '../engine.ts';
import { IncrementRunTime } from '../rules/increment-run-time.ts';
import { SetEndTime } from '../rules/set-end-time.ts';
import { SetExpectedStartTime } from '../rules/set-expected-start-time.ts';
import { SetNextScheduledStartTime } from '../rules/set-next-scheduled-start-time.ts';
import { SetRunStateName } from '../rules/set-run-state-name.ts';
import { SetRunStateTimestamp } from '../rules/set-run-state-timestamp.ts';
import { SetRunStateType } from '../rules/set-run-state-type.ts';
import { SetStartTime } from '../rules/set-start-time.ts';
import { UpdateStateDetails } from '../rules/update-state-details.ts';

export const COMMON_GLOBAL_TRANSFORMS: readonly UniversalTransform<RunContext>[] = [
  SetRunStateType,
  SetRunStateName,
  SetRunStateTimestamp,
  SetStartTime,
  SetEndTime,
  IncrementRunTime,
  SetExpectedStartTime,
  SetNextScheduledStartTime,
  UpdateStateDetails,
];
