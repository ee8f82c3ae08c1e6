import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lockDirectory } from './lock.js';
import { pglitePool } from './pglite-pool.js';
import { migrate } from './migrations.js';
import type { Schema } from './schema.js';

export type Db = Kysely<Schema>;
/** The database or a transaction on it. */
export type Executor = Kysely<Schema>;

export interface DatabaseConfig {
  /** A PostgreSQL server (`postgres://…`). Without it, the embedded PGlite is used. */
  databaseUrl?: string;
  /** Where PGlite keeps its files; `memory` for a throwaway database. */
  dataDir?: string;
  /** Apply the migrations on opening (the default). */
  migrate?: boolean;
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for messages: a directory or the server's host/database (no password). */
  location: string;
  close(): Promise<void>;
}

// int8 (counts, identity ids) as numbers and `date` as its ISO text, on both engines alike
const INT8 = 20;
const DATE = 1082;

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  let database: Database;
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8 ? Number : oid === DATE ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    database = { db, kind: 'postgres', location: redactUrl(config.databaseUrl), close: () => db.destroy() };
  } else {
    const dir = config.dataDir ?? 'data/db';
    const memory = dir === 'memory';
    if (!memory) mkdirSync(dir, { recursive: true });
    // one process per embedded database: a second one would corrupt it
    const lock = memory ? null : lockDirectory(resolve(dir));
    try {
      const pglite = new PGlite(memory ? undefined : resolve(dir), {
        parsers: { [INT8]: Number, [DATE]: (v: string) => v },
      });
      await pglite.waitReady;
      const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: pglitePool(pglite) }) });
      database = {
        db,
        kind: 'pglite',
        location: memory ? 'memory' : resolve(dir),
        close: () => db.destroy().finally(() => lock?.release()),
      };
    } catch (err) {
      lock?.release();
      throw err;
    }
  }
  if (config.migrate !== false) {
    try {
      await migrate(database.db);
    } catch (err) {
      await database.close();
      throw err;
    }
  }
  return database;
}

/** `postgres://user@host:port/db`, without the password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** Whether the database answers (for /api/ready). */
export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
