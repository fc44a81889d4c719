// Errors a route raises on purpose, carrying Prefect's status code and body.

export class HttpError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, body: unknown) {
    super(typeof body === 'object' && body && 'detail' in body ? String((body as { detail: unknown }).detail) : `HTTP ${status}`);
    this.name = 'HttpError';
    this.status = status;
    this.body = body;
  }
}

/** FastAPI's HTTPException body: `{"detail": "..."}`. */
export const notFound = (detail: string) => new HttpError(404, { detail });
export const conflict = (detail: string) => new HttpError(409, { detail });
export const badRequest = (detail: string) => new HttpError(400, { detail });
export const forbidden = (detail: string) => new HttpError(403, { detail });
export const unprocessable = (detail: string) => new HttpError(422, { detail });
export const gone = (detail: string) => new HttpError(410, { detail });
