// CacheInsertion: a COMPLETED task run state with a cache key is recorded in the cache once
// written. Over-long keys are flagged with a REJECT that still writes the proposed state.
import type { TaskRunContext } from '../context.ts';
import { ALL_ORCHESTRATION_STATES, defineRule, statesOf } from '../engine.ts';

export const CacheInsertion = defineRule<TaskRunContext>({
  name: 'CacheInsertion',
  fromStates: ALL_ORCHESTRATION_STATES,
  toStates: statesOf('COMPLETED'),
  before(entry) {
    const { proposedState: proposed, context } = entry;
    if (proposed === null) return;
    const cacheKey = proposed.state_details.cache_key;
    const limit = context.settings.maxCacheKeyLength;
    // Python counts code points.
    if (cacheKey && [...cacheKey].length > limit) {
      entry.reject(proposed, `Cache key exceeded maximum allowed length of ${limit} characters.`);
    }
  },
  async after({ context, validatedState: validated }) {
    if (validated === null) return;
    const cacheKey = validated.state_details['cache_key'];
    if (typeof cacheKey !== 'string' || cacheKey === '') return;
    const expiration = validated.state_details['cache_expiration'];
    await context.repositories.taskRunStateCache.insert(cacheKey, typeof expiration === 'string' ? expiration : null, validated.id);
  },
});
