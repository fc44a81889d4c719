// WorkPoolFilter and its criteria (ids, names, types).
import type { z } from 'zod';
import { filterObject, operatorField, stringList, subFilter, uuidList } from './operators.ts';

export const WorkPoolFilterId = filterObject('WorkPoolFilterId', { any_: uuidList() });
export const WorkPoolFilterName = filterObject('WorkPoolFilterName', { any_: stringList() });
export const WorkPoolFilterType = filterObject('WorkPoolFilterType', { any_: stringList() });

export const WorkPoolFilter = filterObject('WorkPoolFilter', {
  operator: operatorField(),
  id: subFilter(WorkPoolFilterId),
  name: subFilter(WorkPoolFilterName),
  type: subFilter(WorkPoolFilterType),
});
export type WorkPoolFilter = z.output<typeof WorkPoolFilter>;
