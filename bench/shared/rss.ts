// Resource use of a server's process tree, from /proc: peak resident memory (VmRSS of the root
// and every descendant, summed, sampled every 100 ms) and CPU time.
import { readdirSync, readFileSync } from 'node:fs';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process (or thread) is gone
  }
}

/** Direct children of `pid`, from every thread's `children` file. */
function children(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const task of tasks) {
    for (const child of (read(`/proc/${pid}/task/${task}/children`) ?? '').split(' ')) {
      if (child.trim() !== '') found.push(Number(child));
    }
  }
  return found;
}

function rssKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(read(`/proc/${pid}/status`) ?? '');
  return match ? Number(match[1]) : 0;
}

/** `root` and all its descendants that are alive now. */
export function processTree(root: number): number[] {
  const seen = new Set<number>();
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    queue.push(...children(pid));
  }
  return [...seen];
}

/** Sum of VmRSS over `root` and all its descendants, in KiB. */
export function treeRssKiB(root: number): number {
  return processTree(root).reduce((total, pid) => total + rssKiB(pid), 0);
}

/** CPU time (user + system) used so far by `root` and its live descendants, in seconds. */
export function treeCpuSeconds(root: number, ticksPerSecond = 100): number {
  let ticks = 0;
  for (const pid of processTree(root)) {
    const stat = read(`/proc/${pid}/stat`);
    if (stat === undefined) continue;
    // Fields after the parenthesised command name: state is the first, utime the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  }
  return ticks / ticksPerSecond;
}

export class RssSampler {
  readonly #root: number;
  #timer: NodeJS.Timeout | undefined;
  #phasePeak = 0;
  #overallPeak = 0;

  constructor(root: number) {
    this.#root = root;
  }

  start(): void {
    this.sample();
    this.#timer = setInterval(() => this.sample(), 100);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  sample(): number {
    const kib = treeRssKiB(this.#root);
    this.#phasePeak = Math.max(this.#phasePeak, kib);
    this.#overallPeak = Math.max(this.#overallPeak, kib);
    return kib;
  }

  /** Starts a new phase: its peak begins at the current RSS. */
  resetPhase(): void {
    this.#phasePeak = 0;
    this.sample();
  }

  /** Peak since the last resetPhase, in MiB (one last sample included). */
  phasePeakMiB(): number {
    this.sample();
    return this.#phasePeak / 1024;
  }

  overallPeakMiB(): number {
    return this.#overallPeak / 1024;
  }
}
