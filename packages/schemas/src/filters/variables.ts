// VariableFilter and its criteria (ids, names, tags).
import type { z } from 'zod';
import { filterObject, operatorField, optionalBoolean, optionalString, stringList, subFilter, uuidList } from './operators.ts';

export const VariableFilterId = filterObject('VariableFilterId', { any_: uuidList() });
export const VariableFilterName = filterObject('VariableFilterName', { any_: stringList(), like_: optionalString() });
export const VariableFilterTags = filterObject('VariableFilterTags', {
  operator: operatorField(),
  all_: stringList(),
  is_null_: optionalBoolean(),
});

export const VariableFilter = filterObject(
  'VariableFilter',
  {
    operator: operatorField(),
    id: subFilter(VariableFilterId),
    name: subFilter(VariableFilterName),
    tags: subFilter(VariableFilterTags),
  },
  'Filter variables. Only variables matching all criteria will be returned',
);
export type VariableFilter = z.output<typeof VariableFilter>;
