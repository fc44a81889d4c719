// prom-client's process metrics (`process_*`, `nodejs_*`), collected once per process: their
// collectors (an event loop delay monitor, a GC observer) are never released, and they
// describe the process, not any one server in it, so every server's exposition shares them.
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * Gauges among prom-client's defaults named like counters (`promtool check metrics` flags
 * them); `nodejs_active_handles` and its kin, by type, carry the same counts.
 */
const MISNAMED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

let shared: Registry | undefined;

export function processMetrics(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
    for (const name of MISNAMED_DEFAULTS) shared.removeSingleMetric(name);
  }
  return shared;
}
