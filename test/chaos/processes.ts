// The server processes of the chaos test: each runs the real command line, can be SIGKILLed and
// started again with the same arguments (an API replica on the same port, as behind a stable
// address), and appends its output to a log file the test names when it fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { CLI, cliEnv } from '../helpers/cli.ts';

export class ManagedProcess {
  #child: ChildProcess | undefined;
  #tail: string[] = [];
  readonly name: string;
  readonly #args: string[];
  readonly #env: Record<string, string>;
  readonly #ready: RegExp;
  readonly #logFile: string;
  /** Start-up times in milliseconds, first start included. */
  readonly startTimes: number[] = [];
  kills = 0;

  constructor(name: string, args: string[], env: Record<string, string>, ready: RegExp, logFile: string) {
    this.name = name;
    this.#args = args;
    this.#env = env;
    this.#ready = ready;
    this.#logFile = logFile;
  }

  #isReady = false;

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Started and ready, not being killed or started again. */
  get ready(): boolean {
    return this.#isReady && this.running;
  }

  /** The last lines the process wrote. */
  tail(): string {
    return this.#tail.join('\n');
  }

  /** Starts the process; resolves once its output matches the ready pattern, rejects if it exits first. */
  start(timeoutMs = 30_000): Promise<void> {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, ...this.#args], { env: cliEnv(this.#env), stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    let pending = '';
    return new Promise((resolve, reject) => {
      let ready = false;
      // Rejected from the exit handler, once the port is free again.
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const onData = (chunk: Buffer) => {
        appendFileSync(this.#logFile, chunk);
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop()!;
        this.#tail.push(...lines);
        if (this.#tail.length > 200) this.#tail.splice(0, this.#tail.length - 200);
        if (!ready && lines.some((line) => this.#ready.test(line))) {
          ready = true;
          this.#isReady = true;
          clearTimeout(timer);
          this.startTimes.push(Date.now() - started);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) => {
        appendFileSync(this.#logFile, `\n[${this.name} exited: ${code ?? signal}]\n`);
        if (ready) return;
        clearTimeout(timer);
        reject(new Error(`${this.name} exited with ${code ?? signal} before it was ready (${Date.now() - started} ms):\n${this.tail()}`));
      });
    });
  }

  /** SIGKILL, and wait until the process is gone. */
  async kill(): Promise<void> {
    const child = this.#child;
    this.#isReady = false;
    if (!child || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.kills += 1;
  }

  /** Starts it again until it is ready, as a supervisor would (the database may be down). */
  async restart(deadline: number): Promise<void> {
    for (;;) {
      try {
        await this.start();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
}
