// What every metric family of ours shares: the name prefix (the process metrics of
// prom-client keep their standard names), and bucket boundaries in seconds.

export const PREFIX = 'prefect_server_ts_';

/** For requests and queries: from a millisecond up to ten seconds. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** For service ticks, which may scan a lot: from ten milliseconds up to two minutes. */
export const TICK_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
