// Load generation: the HTTP helper every request goes through, and the timed phase that runs
// N sequential clients against one operation, bounded by time and count.
import { performance } from 'node:perf_hooks';

/** A non-2xx answer or a failed exchange, described well enough to be reported as is. */
export class RequestError extends Error {
  readonly request: string;
  readonly response: string;
  constructor(request: string, response: string) {
    super(`${request} -> ${response}`);
    this.request = request;
    this.response = response;
  }
}

const REQUEST_TIMEOUT_MS = 30_000;
const SNIPPET = 600;

function snippet(text: string): string {
  return text.length > SNIPPET ? `${text.slice(0, SNIPPET)}… (${text.length} chars)` : text;
}

/**
 * One request through Node's fetch (undici). Node's global dispatcher is an undici Agent that
 * keeps connections alive and pools them per origin without a limit, so each client holds its
 * own connection. The body is read as bytes and decoded only when asked for (or on error), to
 * keep the load generator's CPU off the shared cores.
 */
export async function call(
  api: string,
  method: 'GET' | 'POST',
  path: string,
  body?: string,
  decode = false,
): Promise<string> {
  const described = `${method} ${path}${body === undefined ? '' : ` ${snippet(body)}`}`;
  let response: Response;
  try {
    response = await fetch(`${api}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    throw new RequestError(described, `exception: ${String(error)}${cause ? ` (cause: ${String(cause)})` : ''}`);
  }
  let bytes: ArrayBuffer;
  try {
    bytes = await response.arrayBuffer();
  } catch (error) {
    throw new RequestError(described, `HTTP ${response.status}, body read failed: ${String(error)}`);
  }
  if (response.status < 200 || response.status > 299) {
    throw new RequestError(described, `HTTP ${response.status} ${snippet(new TextDecoder().decode(bytes))}`);
  }
  return decode ? new TextDecoder().decode(bytes) : '';
}

/** Retries made by postJson since the last reset, by answer ("HTTP 503", "ECONNRESET", …). */
export const setupRetries = new Map<string, number>();
const SETUP_ATTEMPTS = 30;

/**
 * POST that returns the parsed JSON answer, for setup and seeding only (never timed). Like the
 * Prefect client, it retries answers meant to be retried (429, 503) and reset connections, with
 * backoff; each retry is counted in setupRetries so the report can say so.
 */
export async function postJson<T>(api: string, path: string, body: unknown): Promise<T> {
  const text = JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    try {
      return JSON.parse(await call(api, 'POST', path, text, true)) as T;
    } catch (error) {
      const reason = error instanceof RequestError ? /^HTTP (429|503)|ECONNRESET|other side closed/.exec(error.response)?.[0] : undefined;
      if (reason === undefined || attempt >= SETUP_ATTEMPTS) throw error;
      setupRetries.set(reason, (setupRetries.get(reason) ?? 0) + 1);
      await new Promise((wait) => setTimeout(wait, Math.min(2_000, 50 * 2 ** attempt) * (0.5 + Math.random())));
    }
  }
}

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

/** Runs `count` jobs with at most `parallel` in flight; used to seed data, never timed. */
export async function inParallel(count: number, parallel: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
}
