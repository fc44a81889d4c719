// One tick run and logged the same way by every coordinator: a tick that changed something
// logs at info, an idle one at debug, a failure at error (and is rethrown to the caller).
import type { Logger } from 'pino';
import type { TickObserver } from '../loop.ts';
import type { TickReport } from '../service.ts';
import type { PeriodicTask } from './coordinator.ts';

/** `tick`, telling `observe` (the metrics) how long each call took and whether it failed. */
export function observedTick(name: string, tick: () => Promise<TickReport>, observe: TickObserver | undefined): () => Promise<TickReport> {
  if (!observe) return tick;
  return async () => {
    const started = performance.now();
    let failed = true;
    try {
      const report = await tick();
      failed = false;
      return report;
    } finally {
      observe({ service: name, seconds: (performance.now() - started) / 1000, failed });
    }
  };
}

export async function runLoggedTick(task: PeriodicTask, log: Logger): Promise<TickReport> {
  const serviceLog = log.child({ service: task.name });
  const started = performance.now();
  try {
    const report = await task.tick();
    const changed = Object.values(report).some((count) => count > 0);
    serviceLog[changed ? 'info' : 'debug']({ report, ms: Math.round(performance.now() - started) }, `${task.name} finished a tick`);
    return report;
  } catch (error) {
    serviceLog.error({ err: error }, `${task.name} tick failed`);
    throw error;
  }
}
