// Starts every enabled service under the coordinator its database calls for: on Postgres,
// pg-boss, so that any number of services processes tick each service once per interval;
// on SQLite (a single node), a loop per service in this process.
import type { DatabaseSettings, ServicesSettings } from '@prefect-server-ts/settings';
import { postgresConnectionUri } from '@prefect-server-ts/storage';
import type { Coordinator } from './coordination/coordinator.ts';
import { inProcessCoordinator } from './coordination/in-process.ts';
import { observedTick } from './coordination/tick.ts';
import { SERVICES } from './registry.ts';
import type { ServiceContext, ServiceDefinition } from './service.ts';

export interface RunningServices {
  /** The names of the services started. */
  readonly names: readonly string[];
  /** How the ticks are coordinated. */
  readonly coordination: 'in-process' | 'pg-boss';
  /** Stops every service, waiting for ticks in progress. */
  stop(): Promise<void>;
  /** Tick jobs waiting per pg-boss queue (empty in-process), for the metrics endpoint. */
  queueSizes(): Promise<Record<string, number>>;
}

async function coordinatorFor(database: DatabaseSettings, context: ServiceContext): Promise<{ kind: RunningServices['coordination']; coordinator: Coordinator }> {
  if (database.url.dialect === 'postgres') {
    // Loaded only here: a SQLite server never holds pg-boss in memory.
    const { pgBossCoordinator } = await import('./coordination/pg-boss.ts');
    return { kind: 'pg-boss', coordinator: pgBossCoordinator({ connectionString: postgresConnectionUri(database.url), log: context.log }) };
  }
  return { kind: 'in-process', coordinator: inProcessCoordinator(context.log) };
}

/** `definitions`: the services to choose from, every one in SERVICES unless given. */
export async function startServices(
  context: ServiceContext,
  settings: { readonly services: ServicesSettings; readonly database: DatabaseSettings },
  definitions: readonly ServiceDefinition[] = SERVICES,
): Promise<RunningServices> {
  const enabled = definitions.filter((definition) => definition.settings(settings.services).enabled);
  // With nothing to run there is nothing to coordinate, and no reason to hold connections.
  const { kind, coordinator } = enabled.length > 0 ? await coordinatorFor(settings.database, context) : { kind: 'in-process' as const, coordinator: inProcessCoordinator(context.log) };
  const running = await coordinator(
    enabled.map((definition) => ({
      name: definition.name,
      intervalSeconds: definition.settings(settings.services).loopSeconds,
      // The observer (the metrics) times each tick, whichever coordinator runs it.
      tick: observedTick(definition.name, () => definition.tick(context, settings.services), context.onTick),
    })),
  );
  return {
    names: enabled.map((definition) => definition.name),
    coordination: kind,
    stop: () => running.stop(),
    queueSizes: () => running.queueSizes(),
  };
}
