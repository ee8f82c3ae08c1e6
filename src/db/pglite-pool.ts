import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * PGlite is one PostgreSQL session in this process, so the pool hands it to one borrower at a time
 * (a transaction keeps it until it commits): Kysely's own PostgreSQL driver then runs unchanged on it.
 */
export function pglitePool(pglite: PGlite): PostgresPool {
  let queue: Promise<void> = Promise.resolve();
  return {
    connect() {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const acquired = queue.then(() => client(pglite, release));
      queue = queue.then(() => released);
      return acquired;
    },
    async end() {
      await queue;
      await pglite.close();
    },
  };
}

function client(pglite: PGlite, release: () => void): PostgresPoolClient {
  return {
    async query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
      // without parameters a text may hold several statements (migrations): the simple protocol runs them
      const result =
        parameters.length === 0 ? (await pglite.exec(sql)).at(-1)! : await pglite.query<R>(sql, parameters as unknown[]);
      return {
        command: commandOf(sql),
        rowCount: result.affectedRows ?? result.rows.length,
        rows: result.rows as R[],
      };
    },
    release,
  } as PostgresPoolClient;
}

function commandOf(sql: string): PostgresQueryResult<unknown>['command'] {
  const m = /^\s*(?:with\b[\s\S]*?\)\s*)?(update|delete|insert|merge)\b/i.exec(sql);
  return (m ? m[1].toUpperCase() : 'SELECT') as PostgresQueryResult<unknown>['command'];
}
