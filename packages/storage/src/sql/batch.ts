// Splits bulk writes so that no statement exceeds the dialect's bound-parameter limit
// (SQLite 32,766; Postgres 65,535).

export function chunksUnderLimit<T>(items: readonly T[], parametersPerItem: number, maxParameters: number): T[][] {
  if (parametersPerItem < 1) throw new RangeError('parametersPerItem must be at least 1');
  const size = Math.floor(maxParameters / parametersPerItem);
  if (size < 1) throw new RangeError(`one item needs ${parametersPerItem} parameters; the limit is ${maxParameters}`);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
