import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, fchmodSync, openSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { UserError } from '../errors.js';
import { outputFile } from '../formats/output-file.js';
import type { Db } from './connection.js';
import { migrationNames } from './migrations.js';

/** Tables in an order that satisfies their foreign keys. */
export const TABLES = ['hub_settings', 'users', 'user_roles', 'sessions', 'tokens', 'outbox', 'audit_log', 'taxonomy_terms', 'organisations', 'profiles', 'profile_terms', 'affiliations', 'collections', 'collection_curators', 'library_items', 'library_item_terms', 'library_versions', 'library_reviews', 'library_attachments', 'collection_items', 'library_features', 'saved_searches', 'datasets', 'dataset_files', 'programme_mechanisms', 'calls', 'call_terms', 'call_forms', 'call_letters', 'sandpit_teams', 'applications', 'application_team', 'application_files', 'reviewers', 'reviewer_terms', 'declared_relations', 'conflicts', 'assignments', 'reviews', 'panel_notes', 'awards', 'award_team', 'award_budget_lines', 'award_milestones', 'award_reports', 'outcomes', 'event_types', 'events', 'event_terms', 'event_organisers', 'event_sessions', 'event_outputs', 'contacts', 'contact_interests', 'consents', 'segments', 'registrations', 'calendar_feeds', 'digest_sends', 'email_confirmations', 'consultations', 'consultation_files', 'consultation_invitations', 'consultation_responses', 'engagement_runs'] as const;

const FORMAT = 'proximity-export';
/** Tables every start fills (reference lists, the programme's mechanisms): a database holding only these counts as empty. */
const RELOADED = ['hub_settings', 'taxonomy_terms', 'programme_mechanisms', 'event_types'];
/** 2: ends with a trailer of row counts and a checksum (version 1 files had none and are refused). */
const VERSION = 2;

/**
 * What an export leaves out, because a copy of the database must not carry live secrets: one-time links (email
 * verification, password reset, email change; stored hashed, but a copy must not extend their life) and the bodies
 * of outbox messages (they hold those links in clear); guests' pending email confirmations likewise. Sessions travel (hashed), so members stay signed in.
 */
export const LEFT_OUT = ['tokens', 'email_confirmations', 'outbox.body_text', 'outbox.body_html'] as const;

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

interface Trailer {
  rows: Record<string, number>;
  sha256: string;
}

/**
 * Writes every row of every table as JSON lines: a header, then `{"table", "row"}` per row, then a trailer with
 * each table's row count and the SHA-256 of every line before it, so that a truncated or altered file is refused
 * on import. Values keep their text form where JSON would lose it (timestamps at microseconds, tsvector), so an
 * import gives back the same database. Runs in one repeatable-read transaction: a consistent snapshot. The file is
 * readable by its owner only (it holds password hashes), and LEFT_OUT is left out.
 */
export async function exportDatabase(db: Db, path: string): Promise<Record<string, number>> {
  const file = outputFile(path);
  const fd = openSync(file.path, 'w', 0o600);
  if (!file.direct) fchmodSync(fd, 0o600); // also when the temporary file was there before
  const out = createWriteStream('', { fd, encoding: 'utf8' });
  const hash = createHash('sha256');
  const write = async (line: string, hashed = true) => {
    const text = line + '\n';
    if (hashed) hash.update(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  const counts: Record<string, number> = {};
  try {
    await db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => {
      await write(JSON.stringify({ format: FORMAT, version: VERSION, migrations: migrationNames, exportedAt: new Date().toISOString(), tables: TABLES, leftOut: LEFT_OUT }));
      for (const table of TABLES) {
        counts[table] = 0;
        if (table === 'tokens' || table === 'email_confirmations') continue;
        const cols = await columnsOf(tx, table);
        // text for timestamps (keeps microseconds) and tsvector; jsonb/arrays stay structured
        const select = sql.join(
          cols.map((c) =>
            table === 'outbox' && (c.name === 'body_text' || c.name === 'body_html')
              ? sql`null as ${sql.ref(c.name)}`
              : c.type.startsWith('timestamp') || c.type === 'tsvector' || c.type === 'date'
                ? sql`${sql.ref(c.name)}::text as ${sql.ref(c.name)}`
                : sql.ref(c.name),
          ),
          sql`, `,
        );
        // ordered by every column, so that two exports of the same data are the same file
        const order = sql.raw(cols.map((_, i) => String(i + 1)).join(', '));
        const rows = await sql<Record<string, unknown>>`select ${select} from ${sql.table(table)} order by ${order}`.execute(tx);
        for (const row of rows.rows) await write(JSON.stringify({ table, row }));
        counts[table] = rows.rows.length;
      }
    });
    const trailer: Trailer = { rows: counts, sha256: hash.digest('hex') };
    await write(JSON.stringify({ trailer }), false);
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    file.commit();
  } catch (err) {
    out.destroy();
    file.abort();
    throw err;
  }
  return counts;
}

/** A row being imported, with the line it came from. */
interface Pending {
  table: string;
  rows: Record<string, unknown>[];
  lines: number[];
}

/**
 * Loads an export into an empty database (migrated to the same version), in one transaction. The file must end
 * with the trailer its export wrote, with the same row counts and checksum; a missing or wrong trailer, or a bad
 * line (named by file, line and field), stops it, and nothing is written.
 */
export async function importDatabase(db: Db, path: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await db.transaction().execute(async (tx) => {
    for (const table of TABLES) {
      const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(tx);
      if (r.rows[0].n > 0 && !RELOADED.includes(table)) throw new UserError(`the database is not empty (table ${table} has ${r.rows[0].n} rows): import into a new database`, { file: path });
    }
    // what every start loads (the reference lists and their hash) is replaced by the export's
    for (const table of RELOADED) await sql`delete from ${sql.table(table)}`.execute(tx);
    const columns = new Map<string, Map<string, string>>();
    for (const t of TABLES) columns.set(t, new Map((await columnsOf(tx, t)).map((c) => [c.name, c.type])));
    const insert = (table: string, rows: Record<string, unknown>[]) => {
      const types = columns.get(table)!;
      const names = Object.keys(rows[0]);
      const values = sql.join(
        rows.map((row) => sql`(${sql.join(names.map((n) => cast(row[n], types.get(n)!)), sql`, `)})`),
        sql`, `,
      );
      return sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)), sql`, `)}) ${table === 'audit_log' ? sql`overriding system value` : sql``} values ${values}`.execute(tx);
    };
    let batch: Pending | null = null;
    const flush = async () => {
      if (!batch || batch.rows.length === 0) return;
      const b: Pending = batch;
      batch = null;
      await sql`savepoint batch`.execute(tx);
      try {
        await insert(b.table, b.rows);
        await sql`release savepoint batch`.execute(tx);
      } catch (err) {
        // find the line at fault: the rows again one by one
        await sql`rollback to savepoint batch`.execute(tx);
        for (let i = 0; i < b.rows.length; i++) {
          await sql`savepoint one_row`.execute(tx);
          try {
            await insert(b.table, [b.rows[i]]);
            await sql`release savepoint one_row`.execute(tx);
          } catch (rowErr) {
            throw new UserError(`${b.table}: ${databaseMessage(rowErr)}`, { file: path, line: b.lines[i], field: fieldOf(rowErr, b.rows[i]) });
          }
        }
        throw err;
      }
    };
    const hash = createHash('sha256');
    let lineNo = 0;
    let trailer: { value: Trailer; line: number } | null = null;
    // opened here, right before reading: lines emitted before the loop starts would be lost
    const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      lineNo++;
      if (trailer) {
        if (line.trim()) throw new UserError('there is more after the export’s trailer: the file was altered', { file: path, line: lineNo });
        continue;
      }
      let record: any;
      try {
        record = line.trim() ? JSON.parse(line) : null;
      } catch {
        throw new UserError('not a JSON line', { file: path, line: lineNo });
      }
      if (record && typeof record === 'object' && 'trailer' in record && lineNo > 1) {
        trailer = { value: record.trailer as Trailer, line: lineNo };
        continue;
      }
      hash.update(line + '\n');
      if (lineNo === 1) {
        if (record?.format !== FORMAT) throw new UserError(`not a Proximity export (expected "format": "${FORMAT}")`, { file: path, line: 1 });
        if (record.version !== VERSION) {
          throw new UserError(
            record.version === 1
              ? 'this export was written by an earlier Proximity, without the trailer that proves it complete: export it again with this version'
              : `unknown export version ${record.version} (this Proximity reads version ${VERSION})`,
            { file: path, line: 1, field: 'version' },
          );
        }
        const missing = (record.migrations as string[]).filter((m) => !migrationNames.includes(m));
        if (missing.length) throw new UserError(`the export comes from a newer version (migrations ${missing.join(', ')})`, { file: path, line: 1 });
        continue;
      }
      if (!record) continue;
      const types = columns.get(record?.table);
      if (!types || typeof record.row !== 'object' || record.row === null) throw new UserError('expected {"table": <known table>, "row": {...}}', { file: path, line: lineNo, field: 'table' });
      for (const name of Object.keys(record.row)) {
        if (!types.has(name)) throw new UserError(`unknown column ${name} in table ${record.table}`, { file: path, line: lineNo, field: name });
      }
      const current: Pending | null = batch;
      const sameShape = current !== null && current.table === record.table && current.rows.length < 200 &&
        Object.keys(record.row).join() === Object.keys(current.rows[0] ?? record.row).join();
      if (!sameShape) {
        await flush();
        batch = { table: record.table, rows: [], lines: [] };
      }
      batch!.rows.push(record.row);
      batch!.lines.push(lineNo);
      counts[record.table] = (counts[record.table] ?? 0) + 1;
    }
    await flush();
    if (lineNo === 0) throw new UserError('the file is empty: not a Proximity export', { file: path });
    if (!trailer) {
      throw new UserError(`the file ends at line ${lineNo} without the trailer an export ends with: it is incomplete (cut short while copying or writing?), so nothing was imported`, { file: path, line: lineNo });
    }
    const expected = trailer.value?.rows ?? {};
    for (const table of new Set([...Object.keys(expected), ...Object.keys(counts)])) {
      if ((expected[table] ?? 0) !== (counts[table] ?? 0)) {
        throw new UserError(`the trailer says table ${table} has ${expected[table] ?? 0} rows but the file holds ${counts[table] ?? 0}: nothing was imported`, { file: path, line: trailer.line, field: table });
      }
    }
    if (trailer.value?.sha256 !== hash.digest('hex')) {
      throw new UserError('the checksum in the trailer does not match the lines before it: the file was changed or damaged, so nothing was imported', { file: path, line: trailer.line, field: 'sha256' });
    }
    await sql`select setval(pg_get_serial_sequence('audit_log', 'id'), greatest((select max(id) from audit_log), 1), (select count(*) > 0 from audit_log))`.execute(tx);
  }).catch((err: unknown) => {
    if (err instanceof UserError) throw err;
    throw new UserError(`import failed, nothing was written: ${databaseMessage(err)}`, { file: path });
  });
  return counts;
}

/** A database error's message, with its detail (which key, which value) when there is one. */
function databaseMessage(err: unknown): string {
  const e = err as { message?: string; detail?: string };
  return `${e.message ?? String(err)}${e.detail ? ` (${e.detail})` : ''}`;
}

/**
 * The column a database error is about: named by the error (not null), by its detail (`Key (user_id)=(…)` of a
 * foreign or unique key), or found as the column holding the value an input-syntax error quotes.
 */
function fieldOf(err: unknown, row: Record<string, unknown>): string | undefined {
  const e = err as { message?: string; detail?: string; column?: string };
  if (e.column) return e.column;
  const key = /Key \(([^)]+)\)=/.exec(e.detail ?? '');
  if (key) return key[1];
  const quoted = /: "(.*)"$/.exec(e.message ?? '')?.[1];
  if (quoted !== undefined) return Object.keys(row).find((k) => JSON.stringify(row[k]) === JSON.stringify(quoted) || String(row[k]) === quoted);
  return undefined;
}

function cast(value: unknown, type: string) {
  if (value === null || value === undefined) return sql`null`;
  if (type === 'jsonb') return sql`${JSON.stringify(value)}::jsonb`;
  if (/^[a-z0-9_]+\[\]$/.test(type)) return sql`${value}::${sql.raw(type)}`;
  if (type === 'tsvector') return sql`${value}::tsvector`;
  return sql`${value}`;
}
