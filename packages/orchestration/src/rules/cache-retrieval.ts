// CacheRetrieval: a task run proposing RUNNING with a cache key that resolves to an
// unexpired cached state is told to take a fresh copy of that state, named "Cached".
import type { TaskRunContext } from '../context.ts';
import { ALL_ORCHESTRATION_STATES, defineRule, statesOf } from '../engine.ts';
import { freshCopy } from '../states.ts';

export const CacheRetrieval = defineRule<TaskRunContext>({
  name: 'CacheRetrieval',
  fromStates: ALL_ORCHESTRATION_STATES,
  toStates: statesOf('RUNNING'),
  async before(entry) {
    const { proposedState: proposed, context } = entry;
    if (proposed === null) return;
    const cacheKey = proposed.state_details.cache_key;
    if (!cacheKey || proposed.state_details.refresh_cache) return;
    const cached = await context.repositories.taskRunStateCache.read(cacheKey, context.now());
    if (cached === null) return;
    const state = freshCopy(cached, context.now());
    state.name = 'Cached';
    entry.reject(state, 'Retrieved state from cache');
  },
});
