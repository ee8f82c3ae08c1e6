import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { Db } from '../../db/connection.js';

/**
 * The job queue: pg-boss, in the hub's own database (its `pgboss` schema), on PGlite as on a PostgreSQL server. It runs
 * its SQL through the hub's connection (pg-boss's `db` option), so PGlite's single session serves both. A job over the
 * concurrency limit waits in the queue; a job is cancelled in the queue or while it runs.
 */
export type Boss = PgBoss;
export type JobRecord<T> = PgBoss.JobWithMetadata<T>;

const started = new WeakMap<Db, Promise<PgBoss>>();

/** The queue of a database, started (and its schema migrated) at the first use. */
export function jobQueue(db: Db): Promise<PgBoss> {
  let boss = started.get(db);
  if (!boss) {
    boss = (async () => {
      const b = new PgBoss({
        db: { executeSql: async (text: string, values: unknown[] = []) => ({ rows: (await db.executeQuery(CompiledQuery.raw(text, values))).rows }) },
        schedule: false,
        // completed jobs are kept a day (their results are cached in memory meanwhile), then archived and dropped
        archiveCompletedAfterSeconds: 24 * 3600,
        deleteAfterDays: 2,
      });
      b.on('error', () => undefined); // maintenance errors (a closed database at shutdown) are not the requests'
      await b.start();
      return b;
    })();
    started.set(db, boss);
    boss.catch(() => started.delete(db));
  }
  return boss;
}

/** Stops the queue of a database, if it was started: workers finish nothing more, polling ends. */
export async function stopJobQueue(db: Db): Promise<void> {
  const boss = started.get(db);
  if (!boss) return;
  started.delete(db);
  await (await boss).stop({ graceful: false, wait: true, close: false });
}
