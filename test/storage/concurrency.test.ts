// Eight processes write 1,000 flow runs each into one database at once: every row lands,
// and SQLite never reports "database is locked".
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import test from 'ava';
import { getDatabase } from '@prefect-server-ts/storage';
import { freshDatabaseUrl, testSettings } from '../helpers/databases.ts';

const run = promisify(execFile);
const PROCESSES = 8;
const PER_PROCESS = 1_000;
const fixture = new URL('./fixtures/write-flow-runs.ts', import.meta.url).pathname;

for (const kind of ['sqlite-file', 'postgres'] as const) {
  test.serial(`${kind}: ${PROCESSES} processes × ${PER_PROCESS} flow runs all land, with no lock errors`, async (t) => {
    const { url, cleanup } = freshDatabaseUrl(kind);
    const db = await getDatabase(testSettings(url).database);
    await db.create();
    try {
      const results = await Promise.all(
        Array.from({ length: PROCESSES }, (_, worker) =>
          run(process.execPath, [fixture, url, String(worker), String(PER_PROCESS)], { maxBuffer: 1 << 20 }).then(
            ({ stdout }) => JSON.parse(stdout) as { written: number; errorCount: number; errors: string[] },
          ),
        ),
      );
      const errors = results.flatMap((r) => r.errors);
      t.deepEqual(errors, [], 'no write failed');
      t.false(errors.some((e) => /database is locked|SQLITE_BUSY/i.test(e)));
      t.is(results.reduce((sum, r) => sum + r.written, 0), PROCESSES * PER_PROCESS);
      t.is(await db.repositories.flowRuns.count(), PROCESSES * PER_PROCESS);
      t.is(await db.repositories.flows.count(), 1);
      t.is(await db.repositories.flowRuns.count({ flow_runs: { state: { type: { any_: ['SCHEDULED'] } } } }), PROCESSES * PER_PROCESS);
    } finally {
      await db.drop();
      cleanup();
    }
  });
}
