// Starts a loop for each enabled service and stops them all together.
import type { ServicesSettings } from '@prefect-server-ts/settings';
import { startLoop, type RunningLoop } from './loop.ts';
import { SERVICES } from './registry.ts';
import type { ServiceContext, ServiceDefinition } from './service.ts';

export interface RunningServices {
  /** The names of the services started. */
  readonly names: readonly string[];
  /** Stops every loop, waiting for ticks in progress. */
  stop(): Promise<void>;
}

export function startServices(context: ServiceContext, settings: ServicesSettings, definitions: readonly ServiceDefinition[] = SERVICES): RunningServices {
  const loops: RunningLoop[] = definitions
    .filter((definition) => definition.settings(settings).enabled)
    .map((definition) =>
      startLoop({ name: definition.name, loopSeconds: definition.settings(settings).loopSeconds, tick: () => definition.tick(context, settings) }, context.log, context.onTick),
    );
  return {
    names: loops.map((loop) => loop.name),
    stop: async () => {
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}
