// One tick run and logged the same way by every coordinator: a tick that changed something
// logs at info, an idle one at debug, a failure at error (and is rethrown to the caller).
import type { Logger } from 'pino';
import type { TickReport } from '../service.ts';
import type { PeriodicTask } from './coordinator.ts';

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
