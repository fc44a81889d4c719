// A multi-replica topology on one fresh Postgres database: N API-only replicas plus one
// services-only process, for either server. The caller spreads the load over `apis` itself.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cleanEnv, createDatabase, dropDatabase, freePort, REPO, spawnTracked, trackLive, type ServerKind, type TrackedProcess } from './servers.ts';

const OURS_CLI = join(REPO, 'services', 'cli', 'src', 'main.ts');
const run = promisify(execFile);

export interface ClusterOptions {
  replicas: number;
  /** The `prefect` executable for the official server (a venv that may hold extra packages). */
  prefectBin?: string;
  /** Environment for every process of the cluster (PREFECT_* settings, say). */
  env?: Record<string, string>;
}

export interface ReplicaProcess {
  /** http://127.0.0.1:PORT/api */
  api: string;
  pid: number;
}

export interface RunningCluster {
  kind: ServerKind;
  database: string;
  replicas: ReplicaProcess[];
  services: { pid: number };
  /** Warning and error lines over every process, with counts, each prefixed by its process. */
  problems(): Map<string, number>;
  stop(): Promise<void>;
}

function officialEnv(): Record<string, string> {
  return {
    PREFECT_SERVER_ANALYTICS_ENABLED: 'false',
    PREFECT_UI_ENABLED: 'false',
    PREFECT_SERVER_LOGGING_LEVEL: 'WARNING',
    PREFECT_LOGGING_LEVEL: 'WARNING',
    PREFECT_CLI_PROMPT: 'false',
    PREFECT_SERVER_LOG_RETRYABLE_ERRORS: 'true',
    // Migrations run once, before any replica starts, as Prefect's multi-server guide says.
    PREFECT_API_DATABASE_MIGRATE_ON_START: 'false',
    PYTHONUNBUFFERED: '1',
  };
}

/**
 * Starts the cluster: the official server gets `prefect server database upgrade -y` first, then
 * `prefect server start --no-services` replicas and `prefect server services start`; ours starts
 * `prefect-server-ts start --no-services` replicas (the first one migrates, under its advisory
 * lock, before the others start) and `prefect-server-ts services` with its metrics port, which is
 * how its readiness is seen. process.execPath is the Node that `npx node` resolved, so npx's own
 * process is not in the measured tree.
 */
export async function startCluster(kind: ServerKind, options: ClusterOptions): Promise<RunningCluster> {
  const prefect = options.prefectBin ?? join(REPO, 'test', 'compat', '.venv', 'bin', 'prefect');
  if (kind === 'official' && !existsSync(prefect)) throw new Error(`${prefect} is missing`);
  const home = await mkdtemp(join(tmpdir(), `pst-cluster-${kind}-`));
  const database = `pst_cluster_${kind}_${process.pid}_${Date.now().toString(36)}`;
  await createDatabase(database);
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    PREFECT_HOME: home,
    PREFECT_API_DATABASE_CONNECTION_URL: `postgresql+asyncpg://postgres@127.0.0.1:5432/${database}`,
    ...(kind === 'official' ? officialEnv() : { PREFECT_LOGGING_SERVER_LEVEL: 'warn' }),
    ...options.env,
  };
  const processes: { name: string; process: TrackedProcess }[] = [];
  const stop = trackLive(async () => {
    await Promise.all(processes.map(({ process }) => process.stop()));
    await dropDatabase(database);
    await rm(home, { recursive: true, force: true });
  });
  const problems = () => {
    const all = new Map<string, number>();
    for (const { name, process } of processes) for (const [line, count] of process.problems()) all.set(`${name}: ${line}`, count);
    return all;
  };
  const describe = (error: unknown) =>
    new Error(`${kind} cluster failed to start: ${(error as Error).message}\n${processes.map(({ name, process }) => `--- ${name}\n${process.output().trim()}`).join('\n')}`);

  try {
    if (kind === 'official') await run(prefect, ['server', 'database', 'upgrade', '-y'], { env, cwd: home, timeout: 300_000 });
    const replicas: ReplicaProcess[] = [];
    for (let i = 0; i < options.replicas; i++) {
      const port = await freePort();
      const api = `http://127.0.0.1:${port}/api`;
      const proc =
        kind === 'official'
          ? spawnTracked(prefect, ['server', 'start', '--host', '127.0.0.1', '--port', String(port), '--no-services'], env, home)
          : spawnTracked(process.execPath, [OURS_CLI, 'start', '--no-services', '--host', '127.0.0.1', '--port', String(port)], env, home);
      processes.push({ name: `replica ${i + 1}`, process: proc });
      // The first replica alone, so that start-up migrations (ours) finish before the rest start.
      if (i === 0) await proc.ready(`${api}/health`);
      replicas.push({ api, pid: proc.pid });
    }
    await Promise.all(replicas.slice(1).map((replica, i) => processes[i + 1]?.process.ready(`${replica.api}/health`)));

    const metricsPort = await freePort();
    const services =
      kind === 'official'
        ? spawnTracked(prefect, ['server', 'services', 'start'], env, home)
        : spawnTracked(process.execPath, [OURS_CLI, 'services'], { ...env, PREFECT_SERVER_TS_METRICS_PORT: String(metricsPort) }, home);
    processes.push({ name: 'services', process: services });
    if (kind === 'ours') await services.ready(`http://127.0.0.1:${metricsPort}/api/metrics`);
    else await settledAlive(services);
    return { kind, database, replicas, services: { pid: services.pid }, problems, stop };
  } catch (error) {
    const failure = describe(error);
    await stop();
    throw failure;
  }
}

/** The official services process has no HTTP endpoint: it counts as started once it has run 5 s without exiting. */
async function settledAlive(services: TrackedProcess): Promise<void> {
  await new Promise((wait) => setTimeout(wait, 5_000));
  try {
    process.kill(services.pid, 0);
  } catch {
    throw new Error(`the services process exited: ${services.output().trim().slice(-2_000)}`);
  }
}
