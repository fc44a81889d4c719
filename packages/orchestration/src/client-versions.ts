// Which clients manage deployment concurrency how: Prefect gates its deployment concurrency
// rules on the client's version (from its User-Agent), compared as Python packaging does.

/** Clients from this version on renew their deployment concurrency leases. */
export const MIN_CLIENT_VERSION_FOR_CONCURRENCY_LIMIT_LEASING = '3.4.11';

/** Workers of these versions took deployment concurrency slots themselves. */
const WORKER_VERSIONS_THAT_MANAGE_DEPLOYMENT_CONCURRENCY: ReadonlySet<string> = new Set(['3.0.0rc20', '3.0.0', '3.0.1', '3.0.2', '3.0.3']);

const RELEASE = /^(\d+(?:\.\d+)*)(.*)$/;
/** What may follow a release that is not before it: a post-release (even a dev one of it), a local label. */
const FINAL_OR_LATER = /^(?:(?:[-._]?(?:post|rev|r)[-._]?\d*|-\d+)(?:[-._]?dev[-._]?\d*)?)?(?:\+[a-z0-9.]*)?$/;

/**
 * `version` >= `minimum` (a plain release) by release numbers; at an equal release, a
 * final, post- or local version counts as reaching it and a pre- or dev-release does not.
 */
export function versionAtLeast(version: string, minimum: string): boolean {
  const match = RELEASE.exec(version.trim());
  if (!match) return false;
  const have = match[1]!.split('.').map(Number);
  const want = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(have.length, want.length); i += 1) {
    const difference = (have[i] ?? 0) - (want[i] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return FINAL_OR_LATER.test(match[2]!.toLowerCase());
}

/** The client renews its leases: Prefect treats a client that sent no version as 2.0.0. */
export function clientRenewsLeases(clientVersion: string | null): boolean {
  return clientVersion !== null && versionAtLeast(clientVersion, MIN_CLIENT_VERSION_FOR_CONCURRENCY_LIMIT_LEASING);
}

export function workerManagesDeploymentConcurrency(clientVersion: string | null): boolean {
  return clientVersion !== null && WORKER_VERSIONS_THAT_MANAGE_DEPLOYMENT_CONCURRENCY.has(clientVersion);
}
