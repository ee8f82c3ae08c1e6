import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { UserError } from '../errors.js';
import type { Db } from './connection.js';
import { migrationNames } from './migrations.js';

/** Tables in an order that satisfies their foreign keys. */
export const TABLES = ['users', 'user_roles', 'sessions', 'tokens', 'outbox', 'audit_log', 'taxonomy_terms', 'organisations', 'profiles', 'profile_terms', 'affiliations', 'collections', 'collection_curators', 'library_items', 'library_item_terms', 'library_versions', 'library_reviews', 'library_attachments', 'collection_items', 'library_features', 'saved_searches'] as const;

const FORMAT = 'proximity-export';

interface Column {
  name: string;
  type: string;
}

async function columnsOf(db: Db, table: string): Promise<Column[]> {
  const r = await sql<{ column_name: string; data_type: string; udt_name: string }>`
    select column_name, data_type, udt_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
    order by ordinal_position`.execute(db);
  // arrays by their element type (uuid[], text[]): the catalog names an array type by its element with a leading _
  return r.rows.map((c) => ({ name: c.column_name, type: c.data_type === 'ARRAY' ? `${c.udt_name.replace(/^_/, '')}[]` : c.data_type }));
}

/**
 * Writes every row of every table as JSON lines: a header, then `{"table", "row"}` per row. Values
 * keep their text form where JSON would lose it (timestamps at microseconds, tsvector), so an import
 * gives back the same database. Runs in one repeatable-read transaction: a consistent snapshot.
 */
export async function exportDatabase(db: Db, path: string): Promise<Record<string, number>> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const write = async (line: string) => {
    if (!out.write(line + '\n')) await once(out, 'drain');
  };
  const counts: Record<string, number> = {};
  await db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => {
    await write(JSON.stringify({ format: FORMAT, version: 1, migrations: migrationNames, exportedAt: new Date().toISOString(), tables: TABLES }));
    for (const table of TABLES) {
      const cols = await columnsOf(tx, table);
      // text for timestamps (keeps microseconds) and tsvector; jsonb/arrays stay structured
      const select = sql.join(
        cols.map((c) => (c.type.startsWith('timestamp') || c.type === 'tsvector' || c.type === 'date' ? sql`${sql.ref(c.name)}::text as ${sql.ref(c.name)}` : sql.ref(c.name))),
        sql`, `,
      );
      // ordered by every column, so that two exports of the same data are the same file
      const order = sql.raw(cols.map((_, i) => String(i + 1)).join(', '));
      const rows = await sql<Record<string, unknown>>`select ${select} from ${sql.table(table)} order by ${order}`.execute(tx);
      for (const row of rows.rows) await write(JSON.stringify({ table, row }));
      counts[table] = rows.rows.length;
    }
  });
  out.end();
  await once(out, 'finish');
  return counts;
}

/**
 * Loads an export into an empty database (migrated to the same version), in one transaction:
 * a bad line stops it with the file and line, and nothing is written.
 */
export async function importDatabase(db: Db, path: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await db.transaction().execute(async (tx) => {
    for (const table of TABLES) {
      const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(tx);
      if (r.rows[0].n > 0 && table !== 'taxonomy_terms') throw new UserError(`the database is not empty (table ${table} has ${r.rows[0].n} rows): import into a new database`, { file: path });
    }
    await sql`delete from taxonomy_terms`.execute(tx);
    const columns = new Map<string, Map<string, string>>();
    for (const t of TABLES) columns.set(t, new Map((await columnsOf(tx, t)).map((c) => [c.name, c.type])));
    let lineNo = 0;
    let batch: { table: string; rows: Record<string, unknown>[] } | null = null;
    const flush = async () => {
      if (!batch || batch.rows.length === 0) return;
      const types = columns.get(batch.table)!;
      const names = Object.keys(batch.rows[0]);
      const values = sql.join(
        batch.rows.map((row) => sql`(${sql.join(names.map((n) => cast(row[n], types.get(n)!)), sql`, `)})`),
        sql`, `,
      );
      await sql`insert into ${sql.table(batch.table)} (${sql.join(names.map((n) => sql.ref(n)), sql`, `)}) ${batch.table === 'audit_log' ? sql`overriding system value` : sql``} values ${values}`.execute(tx);
      batch.rows = [];
    };
    // opened here, right before reading: lines emitted before the loop starts would be lost
    const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      lineNo++;
      if (!line.trim()) continue;
      let record: any;
      try {
        record = JSON.parse(line);
      } catch {
        throw new UserError('not a JSON line', { file: path, line: lineNo });
      }
      if (lineNo === 1) {
        if (record?.format !== FORMAT) throw new UserError(`not a Proximity export (expected "format": "${FORMAT}")`, { file: path, line: 1 });
        const missing = (record.migrations as string[]).filter((m) => !migrationNames.includes(m));
        if (missing.length) throw new UserError(`the export comes from a newer version (migrations ${missing.join(', ')})`, { file: path, line: 1 });
        continue;
      }
      const types = columns.get(record?.table);
      if (!types || typeof record.row !== 'object' || record.row === null) throw new UserError('expected {"table": <known table>, "row": {...}}', { file: path, line: lineNo, field: 'table' });
      for (const name of Object.keys(record.row)) {
        if (!types.has(name)) throw new UserError(`unknown column ${name} in table ${record.table}`, { file: path, line: lineNo, field: name });
      }
      const current: { table: string; rows: Record<string, unknown>[] } | null = batch;
      const sameShape = current !== null && current.table === record.table && current.rows.length < 200 &&
        Object.keys(record.row).join() === Object.keys(current.rows[0] ?? record.row).join();
      if (!sameShape) {
        await flush();
        batch = { table: record.table, rows: [] };
      }
      batch!.rows.push(record.row);
      counts[record.table] = (counts[record.table] ?? 0) + 1;
    }
    await flush();
    await sql`select setval(pg_get_serial_sequence('audit_log', 'id'), greatest((select max(id) from audit_log), 1), (select count(*) > 0 from audit_log))`.execute(tx);
  }).catch((err: unknown) => {
    if (err instanceof UserError) throw err;
    const e = err as { message?: string };
    throw new UserError(`import failed, nothing was written: ${e.message ?? String(err)}`, { file: path });
  });
  return counts;
}

function cast(value: unknown, type: string) {
  if (value === null || value === undefined) return sql`null`;
  if (type === 'jsonb') return sql`${JSON.stringify(value)}::jsonb`;
  if (/^[a-z0-9_]+\[\]$/.test(type)) return sql`${value}::${sql.raw(type)}`;
  if (type === 'tsvector') return sql`${value}::tsvector`;
  return sql`${value}`;
}
