// Building blocks of Prefect's filter objects: the and_/or_ Operator, and helpers for the
// null-defaulted operator fields (any_, not_any_, like_, before_, after_, is_null_, ...).
import { z } from 'zod';
import { DateTime, Uuid, nullable } from '../common.ts';

export const Operator = z
  .enum(['and_', 'or_'])
  .meta({ id: 'Operator', description: 'Operators for combining filter criteria.' });
export type Operator = z.infer<typeof Operator>;

/** The `operator` field: how a filter's criteria combine, 'and_' unless told. */
export const operatorField = () => Operator.default('and_');

/** A strict filter object, registered under Prefect's component name. */
export function filterObject<Shape extends z.ZodRawShape>(id: string, shape: Shape, description?: string) {
  return z
    .object(shape)
    .strict()
    .meta(description ? { id, description } : { id });
}

/** A `before_`/`after_` time range criterion under Prefect's component name `id`. */
export const timeRange = (id: string) => filterObject(id, { before_: optionalDateTime(), after_: optionalDateTime() });

/** A time range that can also ask whether the time is unset (`is_null_`). */
export const nullableTimeRange = (id: string) =>
  filterObject(id, { before_: optionalDateTime(), after_: optionalDateTime(), is_null_: optionalBoolean() });

/** An optional list criterion (any_, not_any_, all_, startswith_ ...), null by default. */
export const listOf = <T extends z.ZodType>(item: T) => nullable(z.array(item));

export const uuidList = () => listOf(Uuid);
export const stringList = () => listOf(z.string());
export const optionalString = () => nullable(z.string());
export const optionalBoolean = () => nullable(z.boolean());
export const optionalInt = () => nullable(z.int());
export const optionalDateTime = () => nullable(DateTime);

/** A nested filter field: the sub-filter object or null. */
export const subFilter = <T extends z.ZodType>(schema: T) => nullable(schema);
