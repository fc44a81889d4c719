// Retry jitter: Prefect's clamped Poisson inter-arrival times (prefect.utilities.math).

function poissonInterval(averageInterval: number, lower: number, upper: number, random: () => number): number {
  const uniform = lower + (upper - lower) * random();
  return -Math.log(Math.max(1 - uniform, 1e-10)) * averageInterval;
}

function exponentialCdf(x: number, averageInterval: number): number {
  return 1 - Math.exp(-x / averageInterval);
}

/** The lower bound multiple that balances the probability mass around the median. */
function lowerClampMultiple(k: number): number {
  if (k >= 50) return 0;
  return Math.log2(Math.max(2 ** k / (2 ** k - 1), 1e-10));
}

/**
 * A random interval averaging `averageInterval`, at most `averageInterval * (1 + clampingFactor)`.
 * An average of zero or less gives 0.
 */
export function clampedPoissonInterval(averageInterval: number, clampingFactor = 0.3, random: () => number = Math.random): number {
  if (clampingFactor <= 0) throw new RangeError('`clamping_factor` must be >= 0.');
  if (averageInterval <= 0) return 0;
  const upperMultiple = 1 + clampingFactor;
  const upperBound = averageInterval * upperMultiple;
  const lowerBound = Math.max(0, averageInterval * lowerClampMultiple(upperMultiple));
  return poissonInterval(averageInterval, exponentialCdf(lowerBound, averageInterval), exponentialCdf(upperBound, averageInterval), random);
}
