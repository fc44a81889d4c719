// Global concurrency limit slots as single conditional UPDATEs: a limit takes slots only
// while it has room for them, so of racing holders exactly as many win as there are slots.
// Slots decay as Prefect's do, from the time of the limit's last change.
import { sql } from 'slonik';
import type { ConcurrencyLimitsV2Repository, ConcurrencyLimitV2Record, SlotDecay } from '../port/concurrency-limits-v2.ts';
import type { ColumnKinds, Fragment, SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';

const KINDS: ColumnKinds = { created: 'timestamp', updated: 'timestamp', active: 'boolean' };

/** Keeps a near-zero average occupancy from turning into a huge decay rate. */
const MINIMUM_OCCUPANCY_SECONDS_PER_SLOT = 0.1;
/** The average occupancy is weighted over the last `limit × this` releases. */
const OCCUPANCY_SAMPLES_MULTIPLIER = 2;

const real = (value: number): Fragment => sql.fragment`CAST(${value} AS double precision)`;

/** The slot counts as they stand now, after decaying since the row last changed. */
function decayed(dialect: SqlDialect, decay: SlotDecay): { active: Fragment; denied: Fragment } {
  const elapsed = dialect.secondsSince(sql.fragment`updated`);
  const maxWait = sql.fragment`CASE WHEN name LIKE 'tag:%' THEN ${real(decay.tagSlotWaitSeconds)} ELSE ${real(decay.maximumSlotWaitSeconds)} END`;
  const occupancy = dialect.greatest(real(MINIMUM_OCCUPANCY_SECONDS_PER_SLOT), dialect.least(sql.fragment`avg_slot_occupancy_seconds`, maxWait));
  // Rate limits decay at their own rate; concurrency limits by one slot per (clamped) occupancy.
  const deniedRate = sql.fragment`CASE WHEN slot_decay_per_second > 0.0 THEN slot_decay_per_second ELSE 1.0 / ${occupancy} END`;
  return {
    active: dialect.greatest(sql.fragment`0`, sql.fragment`active_slots - floor(slot_decay_per_second * ${elapsed})`),
    denied: dialect.greatest(sql.fragment`0`, sql.fragment`denied_slots - floor(${deniedRate} * ${elapsed})`),
  };
}

/** The weighted average occupancy after one more release of `occupancySeconds` over `slots`. */
function averageOccupancy(occupancySeconds: number, slots: number): Fragment {
  const perSlot = real(Math.max(occupancySeconds / slots, MINIMUM_OCCUPANCY_SECONDS_PER_SLOT));
  const samples = sql.fragment`("limit" * ${OCCUPANCY_SAMPLES_MULTIPLIER})`;
  // A limit of zero has no samples to weigh; its average stays as it was.
  return sql.fragment`CASE WHEN "limit" > 0
    THEN avg_slot_occupancy_seconds + ${perSlot} / ${samples} - avg_slot_occupancy_seconds / ${samples}
    ELSE avg_slot_occupancy_seconds END`;
}

export function concurrencyLimitsV2Repository(db: Executor, dialect: SqlDialect): ConcurrencyLimitsV2Repository {
  return {
    read: async (id) => {
      const row = await db.maybeRow(sql.unsafe`SELECT * FROM concurrency_limit_v2 WHERE id = ${id}`);
      return row ? dialect.decode<ConcurrencyLimitV2Record>(row, KINDS) : null;
    },
    incrementActiveSlots: async (ids, slots, decay) => {
      if (ids.length === 0) return true;
      const { active, denied } = decayed(dialect, decay);
      const changed = await db.execute(sql.unsafe`
        UPDATE concurrency_limit_v2
        SET active_slots = ${active} + ${slots}, denied_slots = ${denied}, updated = ${dialect.now()}
        WHERE ${dialect.inList(sql.fragment`id`, ids, 'uuid')} AND active = ${true} AND ${active} + ${slots} <= "limit"`);
      return changed === ids.length;
    },
    decrementActiveSlots: async (ids, slots, decay, occupancySeconds) => {
      if (ids.length === 0) return 0;
      const { active, denied } = decayed(dialect, decay);
      const occupancy = occupancySeconds ? sql.fragment`, avg_slot_occupancy_seconds = ${averageOccupancy(occupancySeconds, slots)}` : sql.fragment``;
      return db.execute(sql.unsafe`
        UPDATE concurrency_limit_v2
        SET active_slots = ${dialect.greatest(sql.fragment`0`, sql.fragment`${active} - ${slots}`)}, denied_slots = ${denied}${occupancy},
            updated = ${dialect.now()}
        WHERE ${dialect.inList(sql.fragment`id`, ids, 'uuid')} AND active = ${true}`);
    },
  };
}
