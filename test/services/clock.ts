// The services' clock in tests: it moves a microsecond at each reading, as a real one would
// between two states, so that states written in one tick never share a timestamp.
import { addSeconds, type Timestamp } from '@prefect-server-ts/storage';

/** Readings of `clock`, each one a microsecond after the last. */
export function advancing(clock: { tick(seconds: number): Timestamp }): () => Timestamp {
  return () => clock.tick(0.000001);
}

export function advancingFrom(start: Timestamp): () => Timestamp {
  let current = start;
  return () => (current = addSeconds(current, 0.000001));
}
