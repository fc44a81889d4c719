// WorkQueueFilter and its criteria (ids, names, name prefixes).
import type { z } from 'zod';
import { filterObject, operatorField, stringList, subFilter, uuidList } from './operators.ts';

export const WorkQueueFilterId = filterObject('WorkQueueFilterId', { any_: uuidList() });
export const WorkQueueFilterName = filterObject('WorkQueueFilterName', { any_: stringList(), startswith_: stringList() });

export const WorkQueueFilter = filterObject('WorkQueueFilter', {
  operator: operatorField(),
  id: subFilter(WorkQueueFilterId),
  name: subFilter(WorkQueueFilterName),
});
export type WorkQueueFilter = z.output<typeof WorkQueueFilter>;
