// The schemas package: Prefect 3.9's REST request/response contract as zod schemas, the
// serializers from storage records to Prefect JSON, 422 bodies and OpenAPI generation.
export * from './common.ts';
export * from './names.ts';
export * from './states.ts';
export * from './flows.ts';
export * from './flow-runs.ts';
export * from './task-runs.ts';
export * from './logs.ts';
export * from './variables.ts';
export * from './sorting.ts';
export * from './filters/operators.ts';
export * from './filters/flows.ts';
export * from './filters/flow-runs.ts';
export * from './filters/task-runs.ts';
export * from './filters/deployments.ts';
export * from './filters/work-pools.ts';
export * from './filters/work-queues.ts';
export * from './filters/logs.ts';
export * from './filters/variables.ts';
export * from './filters/bodies.ts';
export * from './responses.ts';
export * from './orchestration.ts';
export * from './validation-error.ts';
export * from './openapi.ts';
export { CsrfToken } from './csrf-tokens.ts';
export * from './events.ts';
