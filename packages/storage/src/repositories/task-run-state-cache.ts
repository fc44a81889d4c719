// The task run state cache: cache keys resolve to the newest unexpired cached state.
import { sql } from 'slonik';
import type { TaskRunStateCacheRepository } from '../port/task-run-state-cache.ts';
import type { SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';
import { decodeState } from './run-states.ts';

export function taskRunStateCacheRepository(db: Executor, dialect: SqlDialect): TaskRunStateCacheRepository {
  return {
    insert: async (cacheKey, expiration, stateId) => {
      await db.execute(sql.unsafe`
        INSERT INTO task_run_state_cache (cache_key, cache_expiration, task_run_state_id)
        VALUES (${cacheKey}, ${expiration === null ? null : dialect.timestamp(expiration)}, ${stateId})`);
    },
    // Served by ix_task_run_state_cache__cache_key_created_desc.
    read: async (cacheKey, now) =>
      decodeState(
        dialect,
        await db.maybeRow(sql.unsafe`
          SELECT s.* FROM task_run_state_cache AS c
          JOIN task_run_state AS s ON s.id = c.task_run_state_id
          WHERE c.cache_key = ${cacheKey}
            AND (c.cache_expiration IS NULL OR c.cache_expiration > ${dialect.timestamp(now)})
          ORDER BY c.created DESC
          LIMIT 1`),
      ),
  };
}
