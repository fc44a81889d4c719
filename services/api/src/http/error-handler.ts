// Turns whatever a handler threw into Prefect's response: its own status for HttpError,
// 422 for a body that does not validate or parse, 409 for a unique-key clash, 503 when the
// database is unavailable (clients retry), and 500 only for a fault of the server's own.
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { DatabaseUnavailableError, ForeignKeyViolationError, UniqueViolationError } from '@prefect-server-ts/storage';
import { HttpError } from './http-error.ts';
import { RequestValidationError } from './validation.ts';

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof HttpError) {
      res.status(error.status).json(error.body);
    } else if (error instanceof RequestValidationError) {
      res.status(422).json(error.body);
    } else if ((error as { type?: string }).type === 'entity.parse.failed') {
      const raw = (error as { body?: string }).body ?? '';
      res.status(422).json({
        exception_message: 'Invalid request received.',
        exception_detail: [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: (error as Error).message } }],
        request_body: raw,
      });
    } else if ((error as { type?: string }).type === 'entity.too.large') {
      res.status(413).json({ detail: 'Request body is too large.' });
    } else if (error instanceof UniqueViolationError || error instanceof ForeignKeyViolationError) {
      res.status(409).json({ detail: 'Data integrity conflict. This usually means a unique or foreign key constraint was violated. See server logs for details.' });
    } else if (error instanceof DatabaseUnavailableError) {
      log.warn({ err: error, method: req.method, url: req.originalUrl }, 'database unavailable');
      res.status(503).json({ exception_message: 'Service Unavailable' });
    } else {
      log.error({ err: error, method: req.method, url: req.originalUrl }, 'Encountered exception in request');
      res.status(500).json({ exception_message: 'Internal Server Error' });
    }
  };
}
