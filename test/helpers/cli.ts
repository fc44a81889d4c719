// Runs the real prefect-server-ts command line in a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../services/cli/src/main.ts', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly elapsedMs: number;
}

/** Environment for a child: no inherited Prefect settings, test mode on. */
export function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PREFECT_')) env[key] = value;
  return { ...env, PREFECT_TESTING_UNIT_TEST_MODE: 'true', ...extra };
}

export function runCli(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: cliEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`prefect-server-ts ${args.join(' ')} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, elapsedMs: Date.now() - started });
    });
  });
}

export interface StartedCommand {
  readonly child: ChildProcess;
  /** The first match of the readiness pattern. */
  readonly ready: RegExpExecArray;
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface StartedServer extends StartedCommand {
  /** http://host:port/api */
  readonly api: string;
}

/** Runs a long-lived command until its output (stdout or stderr) matches `ready`. */
export function startCommand(args: string[], env: Record<string, string>, ready: RegExp, timeoutMs = 30_000): Promise<StartedCommand> {
  const child = spawn(process.execPath, [CLI, ...args], { env: cliEnv({ PREFECT_SERVER_API_PORT: '0', ...env }) });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`prefect-server-ts ${args.join(' ')} was not ready within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    let started = false;
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = started ? null : ready.exec(output);
      if (match) {
        started = true;
        clearTimeout(timer);
        resolve({
          child,
          ready: match,
          output: () => output,
          stop: () =>
            new Promise((done) => {
              child.once('exit', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`prefect-server-ts ${args.join(' ')} exited with ${code} before it was ready:\n${output}`));
    });
  });
}

export async function startServer(env: Record<string, string>, timeoutMs = 30_000, args: string[] = ['start']): Promise<StartedServer> {
  const started = await startCommand(args, env, /serving the Prefect API at (http:\/\/[^"\s]+\/api)/, timeoutMs);
  return { ...started, api: started.ready[1]! };
}
