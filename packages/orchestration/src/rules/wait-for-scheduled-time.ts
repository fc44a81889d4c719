// WaitForScheduledTime: a run may not start RUNNING before its scheduled time by the
// server's clock; too-early proposals are told to wait the remaining whole seconds.
import type { RunContext } from '../context.ts';
import { defineRule, statesOf } from '../engine.ts';
import { microsBetween, roundHalfEven } from '../time.ts';

/** Prefect's rounding: whole seconds of the delay, plus its microsecond part rounded. */
export function delaySecondsUntil(scheduledTime: string, now: string): number {
  const micros = microsBetween(now, scheduledTime);
  const wholeSeconds = Math.floor(micros / 1_000_000);
  return wholeSeconds + roundHalfEven((micros - wholeSeconds * 1_000_000) / 1_000_000);
}

export const WaitForScheduledTime = defineRule<RunContext>({
  name: 'WaitForScheduledTime',
  fromStates: statesOf('SCHEDULED', 'PENDING'),
  toStates: statesOf('RUNNING'),
  before(entry) {
    const { initialState: initial, proposedState: proposed, context } = entry;
    if (initial === null || proposed === null) return;
    const scheduledTime = initial.state_details.scheduled_time;
    if (!scheduledTime) return;
    const delaySeconds = delaySecondsUntil(scheduledTime, context.now());
    if (delaySeconds > 0) entry.delay(delaySeconds, 'Scheduled time is in the future');
  },
});
