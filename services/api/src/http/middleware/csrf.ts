// CSRF protection when PREFECT_SERVER_CSRF_PROTECTION_ENABLED is on: every state-changing
// request must carry the token that GET /csrf-token issued to its client.
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { nowTimestamp, type Database } from '@prefect-server-ts/storage';

const PROTECTED_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function csrfProtection(database: Database): RequestHandler {
  return async (req, res, next) => {
    if (!PROTECTED_METHODS.has(req.method)) return next();
    const token = req.header('prefect-csrf-token');
    const client = req.header('prefect-csrf-client');
    if (token === undefined) {
      res.status(403).json({ detail: 'Missing CSRF token.' });
      return;
    }
    if (client === undefined) {
      res.status(403).json({ detail: 'Missing client identifier.' });
      return;
    }
    const stored = await database.repositories.csrfTokens.readValid(client, nowTimestamp());
    const matches = stored !== null && stored.token.length === token.length && timingSafeEqual(Buffer.from(stored.token), Buffer.from(token));
    if (!matches) {
      res.status(403).set('Access-Control-Allow-Origin', '*').json({ detail: 'Invalid CSRF token or client identifier.' });
      return;
    }
    next();
  };
}
