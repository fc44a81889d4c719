// Runs one service's tick every `loopSeconds`: ticks never overlap (a slow tick delays the
// next), a failing tick is logged and the loop goes on, and stop() waits for the tick in
// progress before it resolves. An observer (the metrics) hears of every finished tick.
import type { Logger } from 'pino';
import { observedTick, runLoggedTick } from './coordination/tick.ts';
import type { TickReport } from './service.ts';

export interface LoopedService {
  readonly name: string;
  readonly loopSeconds: number;
  tick(): Promise<TickReport>;
}

/** One finished tick: how long it took and whether it failed. */
export interface TickOutcome {
  readonly service: string;
  readonly seconds: number;
  readonly failed: boolean;
}

export type TickObserver = (tick: TickOutcome) => void;

export interface RunningLoop {
  readonly name: string;
  /** Resolves once the tick in progress (if any) has finished; no tick starts after it is called. */
  stop(): Promise<void>;
}

export function startLoop(service: LoopedService, log: Logger, observe?: TickObserver): RunningLoop {
  const tick = observedTick(service.name, () => service.tick(), observe);
  let stopping = false;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });

  const done = (async () => {
    while (!stopping) {
      const started = performance.now();
      // A failed tick is logged there; the loop goes on.
      await runLoggedTick({ name: service.name, intervalSeconds: service.loopSeconds, tick }, log).catch(() => undefined);
      if (stopping) break;
      // The interval runs from the start of one tick to the start of the next.
      await sleep(Math.max(0, service.loopSeconds * 1000 - (performance.now() - started)));
    }
  })();

  return {
    name: service.name,
    stop: async () => {
      stopping = true;
      clearTimeout(timer);
      wake?.();
      await done;
    },
  };
}
