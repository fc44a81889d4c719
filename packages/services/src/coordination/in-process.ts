// The single-node coordinator: one loop per task in this process, nothing shared.
import type { Logger } from 'pino';
import { startLoop } from '../loop.ts';
import type { Coordinator } from './coordinator.ts';

export function inProcessCoordinator(log: Logger): Coordinator {
  return async (tasks) => {
    const loops = tasks.map((task) => startLoop({ name: task.name, loopSeconds: task.intervalSeconds, tick: () => task.tick() }, log));
    return {
      stop: async () => {
        await Promise.all(loops.map((loop) => loop.stop()));
      },
      queueSizes: async () => ({}),
    };
  };
}
