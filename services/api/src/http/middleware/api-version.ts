// Rejects clients older than the API version this server speaks, as Prefect does with the
// X-PREFECT-API-VERSION header; a request without the header is taken as current.
import type { RequestHandler } from 'express';
import { compareVersions } from '@prefect-server-ts/storage';

export const SERVER_API_VERSION = '0.8.4';
export const MINIMUM_API_VERSION = '0.8.0';

const WELL_FORMED = /^\d+\.\d+\.\d+$/;

export const enforceMinimumApiVersion: RequestHandler = (req, res, next) => {
  const requested = req.header('x-prefect-api-version');
  if (!requested) return next();
  if (!WELL_FORMED.test(requested)) {
    res.status(400).json({ detail: `Invalid X-PREFECT-API-VERSION header format.Expected header in format 'x.y.z' but received ${requested}` });
    return;
  }
  if (compareVersions(requested, MINIMUM_API_VERSION) < 0) {
    res.status(400).json({ detail: `The request specified API version ${requested} but this server requires version ${MINIMUM_API_VERSION} or higher.` });
    return;
  }
  next();
};
