// HTTP for the benchmarks: the one request helper every timed call goes through, the retrying
// POST used for untimed setup, and bounded parallel seeding.
import { ConnectionPool, type Answer } from './raw-http.ts';

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

/** Every client keeps its own connection alive; an idle one is dropped after 4 s. */
const pool = new ConnectionPool(4_000);

function exchange(url: URL, method: 'GET' | 'POST', body: string | undefined): Promise<Answer> {
  return pool.request(url, method, body, REQUEST_TIMEOUT_MS);
}

/** One request; the body is decoded only when asked for (or on error). */
export async function call(
  api: string,
  method: 'GET' | 'POST',
  path: string,
  body?: string,
  decode = false,
): Promise<string> {
  const described = `${method} ${path}${body === undefined ? '' : ` ${snippet(body)}`}`;
  let answer: Answer;
  try {
    answer = await exchange(new URL(`${api}${path}`), method, body);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new RequestError(described, `exception: ${String(error)}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
  if (answer.status < 200 || answer.status > 299) {
    throw new RequestError(described, `HTTP ${answer.status} ${snippet(answer.bytes.toString('utf8'))}`);
  }
  return decode ? answer.bytes.toString('utf8') : '';
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
      const reason = error instanceof RequestError ? /^HTTP (429|503)|ECONNRESET|socket hang up/.exec(error.response)?.[0] : undefined;
      if (reason === undefined || attempt >= SETUP_ATTEMPTS) throw error;
      setupRetries.set(reason, (setupRetries.get(reason) ?? 0) + 1);
      await new Promise((wait) => setTimeout(wait, Math.min(2_000, 50 * 2 ** attempt) * (0.5 + Math.random())));
    }
  }
}

/** Runs `count` jobs with at most `parallel` in flight; used to seed data, never timed. */
export async function inParallel(count: number, parallel: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
}
