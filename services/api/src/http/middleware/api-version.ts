// Rejects clients older than the API version this server speaks, as Prefect does with the
// X-PREFECT-API-VERSION header; a request without the header is taken as current.
import type { RequestHandler } from 'express';

export const SERVER_API_VERSION = '0.8.4';
export const MINIMUM_API_VERSION = '0.8.0';

function parts(version: string): number[] | undefined {
  const pieces = version.split('.');
  if (pieces.length !== 3 || pieces.some((p) => !/^\d+$/.test(p))) return undefined;
  return pieces.map(Number);
}

function older(a: number[], b: number[]): boolean {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

export const enforceMinimumApiVersion: RequestHandler = (req, res, next) => {
  const requested = req.header('x-prefect-api-version');
  if (!requested) return next();
  const version = parts(requested);
  if (!version) {
    res.status(400).json({ detail: `Invalid X-PREFECT-API-VERSION header format.Expected header in format 'x.y.z' but received ${requested}` });
    return;
  }
  if (older(version, parts(MINIMUM_API_VERSION)!)) {
    res.status(400).json({ detail: `The request specified API version ${requested} but this server requires version ${MINIMUM_API_VERSION} or higher.` });
    return;
  }
  next();
};
