// FlowFilter and its criteria, as Prefect's /flows/filter bodies accept them.
import type { z } from 'zod';
import { filterObject, operatorField, optionalBoolean, optionalString, stringList, subFilter, uuidList } from './operators.ts';

export const FlowFilterId = filterObject('FlowFilterId', { any_: uuidList(), not_any_: uuidList() }, 'Filter by `Flow.id`.');

export const FlowFilterDeployment = filterObject(
  'FlowFilterDeployment',
  { operator: operatorField(), is_null_: optionalBoolean() },
  'Filter by flows by deployment',
);

export const FlowFilterName = filterObject('FlowFilterName', { any_: stringList(), like_: optionalString() }, 'Filter by `Flow.name`.');

export const FlowFilterTags = filterObject(
  'FlowFilterTags',
  { operator: operatorField(), all_: stringList(), is_null_: optionalBoolean() },
  'Filter by `Flow.tags`.',
);

export const FlowFilter = filterObject(
  'FlowFilter',
  {
    operator: operatorField(),
    id: subFilter(FlowFilterId),
    deployment: subFilter(FlowFilterDeployment),
    name: subFilter(FlowFilterName),
    tags: subFilter(FlowFilterTags),
  },
  'Filter for flows. Only flows matching all criteria will be returned.',
);
export type FlowFilter = z.output<typeof FlowFilter>;
