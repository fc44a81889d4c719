// Walks every run a sweep finds, a page at a time in id order, handling each run on its own:
// one run that cannot be handled is logged and the walk goes on.
import type { SweepPage } from '@prefect-server-ts/storage';
import type { ServiceContext } from './service.ts';

export async function forEachSwept<Row extends { readonly id: string }>(
  context: ServiceContext,
  pageSize: number,
  find: (page: SweepPage) => Promise<Row[]>,
  handle: (row: Row) => Promise<void>,
): Promise<void> {
  let afterId: string | null = null;
  for (;;) {
    const rows = await find({ afterId, limit: pageSize });
    for (const row of rows) {
      try {
        await handle(row);
      } catch (error) {
        context.log.error({ err: error, run_id: row.id }, `could not handle run ${row.id}`);
      }
    }
    if (rows.length < pageSize) return;
    afterId = rows.at(-1)!.id;
  }
}
