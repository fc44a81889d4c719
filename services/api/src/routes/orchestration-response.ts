// The body and status of a set_state response: Prefect answers 201 when the call created a
// new state, and 200 when it returned an existing one or none.
import type { Response } from 'express';
import type { OrchestrationResult } from '@prefect-server-ts/orchestration';
import { serializeState } from '@prefect-server-ts/schemas';
import type { Timestamp } from '@prefect-server-ts/storage';

export function sendOrchestrationResult(res: Response, result: OrchestrationResult, requestedAt: Timestamp): void {
  const created = result.state !== null && result.state.timestamp >= requestedAt;
  res.status(created ? 201 : 200).json({
    state: result.state ? serializeState(result.state) : null,
    status: result.status,
    details: result.details,
  });
}
