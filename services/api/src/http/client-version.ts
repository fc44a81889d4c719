// The Prefect version of the calling client, from the User-Agent its HTTP client sets:
// "prefect/3.9.1 (API 0.8.4)". Orchestration gates deployment concurrency rules on it.
import type { Request } from 'express';

const PREFECT_CLIENT_USER_AGENT = /^prefect\/(\d+\.\d+\.\d+(?:[a-z.+0-9]+)?) \(API \S+\)$/;

export function clientVersion(req: Request): string | null {
  const userAgent = req.header('user-agent');
  return userAgent ? (PREFECT_CLIENT_USER_AGENT.exec(userAgent)?.[1] ?? null) : null;
}
