// HTTP for the benchmarks: the one request helper every timed call goes through, the retrying
// POST used for untimed setup, and bounded parallel seeding.
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

/** Runs `count` jobs with at most `parallel` in flight; used to seed data, never timed. */
export async function inParallel(count: number, parallel: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
}
