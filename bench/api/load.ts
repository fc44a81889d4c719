// Load generation: the timed phase that runs N sequential clients against one operation,
// bounded by time and count.
import { performance } from 'node:perf_hooks';
import { RequestError } from '../shared/http.ts';

export interface PhaseResult {
  clients: number;
  ops: number;
  errors: number;
  elapsedMs: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** The phase stopped on its count bound before its time ran out. */
  hitCountBound: boolean;
  /** Up to a few distinct failures, as "request -> response". */
  errorSamples: string[];
  maxMs: number;
  /** Operations slower than 10 × p50, and how many of them were a client's first in the phase. */
  outliers: number;
  outliersFirst: number;
}

const MAX_SAMPLES = 5;

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/**
 * Runs `clients` loops at once; each claims the next sequence number and awaits `op(seq)` before
 * the next, until `seconds` have passed or `maxOps` operations were claimed. Latency is measured
 * per operation with process.hrtime; a thrown error counts as one error (and not as a latency).
 */
export async function runPhase(
  op: (seq: number) => Promise<void>,
  clients: number,
  seconds: number,
  maxOps: number,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  const firsts: number[] = [];
  const samples = new Map<string, number>();
  let claimed = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;

  const client = async () => {
    let first = true;
    while (performance.now() < deadline && claimed < maxOps) {
      const seq = claimed++;
      const t0 = process.hrtime.bigint();
      try {
        await op(seq);
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        latencies.push(ms);
        if (first) firsts.push(ms);
      } catch (error) {
        errors++;
        const text = error instanceof RequestError ? error.message : `exception: ${String(error)}`;
        if (samples.size < MAX_SAMPLES || samples.has(text)) samples.set(text, (samples.get(text) ?? 0) + 1);
      }
      first = false;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const elapsedMs = performance.now() - started;
  const sorted = Float64Array.from(latencies).sort();
  const outlier = 10 * percentile(sorted, 50);
  return {
    clients,
    ops: latencies.length,
    errors,
    elapsedMs,
    rps: latencies.length / (elapsedMs / 1000),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    hitCountBound: claimed >= maxOps && elapsedMs < seconds * 1000 - 50,
    errorSamples: [...samples].map(([text, count]) => (count > 1 ? `${text} (×${count})` : text)),
    maxMs: sorted.length > 0 ? (sorted[sorted.length - 1] ?? 0) : Number.NaN,
    outliers: latencies.filter((ms) => ms > outlier).length,
    outliersFirst: firsts.filter((ms) => ms > outlier).length,
  };
}

