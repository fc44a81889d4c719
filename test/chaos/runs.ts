// What the database holds about the test's runs, read straight from Postgres.
import type pg from 'pg';

export async function countRuns(db: pg.Pool): Promise<{ total: number; completed: number }> {
  const { rows } = await db.query(`SELECT count(*)::int AS total, count(*) FILTER (WHERE state_type = 'COMPLETED')::int AS completed FROM flow_run`);
  return rows[0] as { total: number; completed: number };
}

/** Runs by how many states of one type each has: {"1": 5000} when every run has exactly one. */
async function perRun(db: pg.Pool, type: string): Promise<Record<string, number>> {
  const { rows } = await db.query(
    `SELECT n, count(*)::int AS runs FROM (
       SELECT r.id, count(s.id) FILTER (WHERE s.type = $1)::int AS n
       FROM flow_run AS r LEFT JOIN flow_run_state AS s ON s.flow_run_id = r.id GROUP BY r.id) AS per_run
     GROUP BY n ORDER BY n`,
    [type],
  );
  return Object.fromEntries(rows.map((row: { n: number; runs: number }) => [String(row.n), row.runs]));
}

export interface FinalCounts {
  readonly total: number;
  readonly completed: number;
  readonly pending: Record<string, number>;
  readonly running: Record<string, number>;
  readonly completedStates: Record<string, number>;
  /** Runs beyond the first for one schedule date: the unique index should keep this at 0. */
  readonly duplicateDates: number;
}

export async function finalCounts(db: pg.Pool): Promise<FinalCounts> {
  const { total, completed } = await countRuns(db);
  const { rows } = await db.query(`SELECT (count(*) - count(DISTINCT (deployment_id, expected_start_time)))::int AS duplicates FROM flow_run`);
  return {
    total,
    completed,
    pending: await perRun(db, 'PENDING'),
    running: await perRun(db, 'RUNNING'),
    completedStates: await perRun(db, 'COMPLETED'),
    duplicateDates: (rows[0] as { duplicates: number }).duplicates,
  };
}
