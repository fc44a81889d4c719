// Peak resident memory of a server's process tree: VmRSS of the root and every descendant,
// summed, sampled every 100 ms from /proc.
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

/** Sum of VmRSS over `root` and all its descendants, in KiB. */
export function treeRssKiB(root: number): number {
  let total = 0;
  const seen = new Set<number>();
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += rssKiB(pid);
    queue.push(...children(pid));
  }
  return total;
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
