// Sort orders accepted by the filter endpoints, with Prefect's values.
import { z } from 'zod';

export const FlowSort = z
  .enum(['CREATED_DESC', 'UPDATED_DESC', 'NAME_ASC', 'NAME_DESC'])
  .meta({ id: 'FlowSort', description: 'Defines flow sorting options.' });
export type FlowSort = z.infer<typeof FlowSort>;

export const FlowRunSort = z
  .enum([
    'ID_DESC',
    'START_TIME_ASC',
    'START_TIME_DESC',
    'EXPECTED_START_TIME_ASC',
    'EXPECTED_START_TIME_DESC',
    'NAME_ASC',
    'NAME_DESC',
    'NEXT_SCHEDULED_START_TIME_ASC',
    'END_TIME_DESC',
  ])
  .meta({ id: 'FlowRunSort', description: 'Defines flow run sorting options.' });
export type FlowRunSort = z.infer<typeof FlowRunSort>;

export const TaskRunSort = z
  .enum([
    'ID_DESC',
    'EXPECTED_START_TIME_ASC',
    'EXPECTED_START_TIME_DESC',
    'NAME_ASC',
    'NAME_DESC',
    'NEXT_SCHEDULED_START_TIME_ASC',
    'END_TIME_DESC',
    'DURATION_DESC',
    'DURATION_ASC',
  ])
  .meta({ id: 'TaskRunSort', description: 'Defines task run sorting options.' });
export type TaskRunSort = z.infer<typeof TaskRunSort>;

export const LogSort = z
  .enum(['TIMESTAMP_ASC', 'TIMESTAMP_DESC'])
  .meta({ id: 'LogSort', description: 'Defines log sorting options.' });
export type LogSort = z.infer<typeof LogSort>;

export const VariableSort = z
  .enum(['CREATED_DESC', 'UPDATED_DESC', 'NAME_DESC', 'NAME_ASC'])
  .meta({ id: 'VariableSort', description: 'Defines variables sorting options.' });
export type VariableSort = z.infer<typeof VariableSort>;

export const DeploymentSort = z
  .enum(['CREATED_DESC', 'UPDATED_DESC', 'NAME_ASC', 'NAME_DESC'])
  .meta({ id: 'DeploymentSort', description: 'Defines deployment sorting options.' });
export type DeploymentSort = z.infer<typeof DeploymentSort>;

/** The sort each filter endpoint uses when the body names none. */
export const DEFAULT_SORTS = {
  flows: 'NAME_ASC',
  flowRuns: 'ID_DESC',
  taskRuns: 'ID_DESC',
  logs: 'TIMESTAMP_ASC',
  variables: 'NAME_ASC',
  deployments: 'NAME_ASC',
} as const satisfies Record<string, string>;
