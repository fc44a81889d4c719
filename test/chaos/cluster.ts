// A client of the API replicas, as a worker behind a load balancer sees them: each request goes
// to the next replica; a request that never reached a server (connection refused) or was
// turned away with a 503 is tried on another replica. Every 5xx a client receives is recorded
// with its time, so the test can tell outage 503s from faults.
export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

export interface ServerError {
  readonly at: number;
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly replica: string;
}

export class Tally {
  readonly serverErrors: ServerError[] = [];
  connectionErrors = 0;
  requests = 0;
}

const REQUEST_TIMEOUT_MS = 20_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function refused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code === 'ECONNREFUSED';
}

export class Cluster {
  readonly #replicas: readonly string[];
  readonly #tally: Tally;
  #next: number;

  constructor(replicas: readonly string[], tally: Tally, first: number) {
    this.#replicas = replicas;
    this.#tally = tally;
    this.#next = first;
  }

  /** One attempt on one replica; throws when no answer came (refused, reset, timed out). */
  async once(method: string, path: string, body?: unknown): Promise<Answer> {
    const replica = this.#replicas[this.#next++ % this.#replicas.length]!;
    this.#tally.requests += 1;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${replica}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      text = await response.text();
    } catch (error) {
      this.#tally.connectionErrors += 1;
      throw error;
    }
    if (response.status >= 500) this.#tally.serverErrors.push({ at: Date.now(), status: response.status, method, path, replica });
    return { status: response.status, body: text === '' ? null : JSON.parse(text) };
  }

  /**
   * Tries replica after replica until one answers with anything but a 503, or the deadline
   * passes. `safeToRepeat` says whether a request whose answer was lost may be sent again;
   * when it may not, such a loss is returned as undefined for the caller to find out what
   * happened.
   */
  async call(method: string, path: string, body: unknown, { safeToRepeat, deadline }: { safeToRepeat: boolean; deadline: number }): Promise<Answer | undefined> {
    for (;;) {
      try {
        const answer = await this.once(method, path, body);
        if (answer.status !== 503) return answer;
        // A 503 may come after a commit whose acknowledgement was lost.
        if (!safeToRepeat) return undefined;
      } catch (error) {
        if (!safeToRepeat && !refused(error)) return undefined;
      }
      if (Date.now() > deadline) throw new Error(`${method} ${path}: no replica answered before the deadline`);
      await sleep(100 + Math.random() * 200);
    }
  }
}
