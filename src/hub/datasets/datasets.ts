import { createHash, randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { sql } from 'kysely';
import type { Executor } from '../../db/connection.js';
import type { DatasetsTable } from '../../db/schema.js';
import { UserError } from '../../errors.js';
import { authorise, can, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, notFound } from '../platform/errors.js';
import { parse, isId } from '../platform/validate.js';
import { BUNDLED_DATASETS, HUB_NETWORK } from './bundled.js';
import { DatasetPatch, DatasetUpload, DatasetVersionUpload, type DatasetFileRole, type DatasetList, type DatasetOptions, type DatasetSummary, type DatasetView } from './contract.js';
import { hubNetworkRecords, hubNetworkVersion } from './hub-network.js';
import { bundledFiles, readDataset, storedFiles, withFiles, type LoadedDataset } from './load.js';
import type { Selectable } from 'kysely';
import type { Records } from '../../networks/records.js';

type Row = Selectable<DatasetsTable>;
type FileRow = { role: DatasetFileRole; filename: string; size: number; storage_key: string };

/** The bundled data sets in the database (public, owned by no one), added at each start when missing. */
export async function ensureBundledDatasets(db: Executor): Promise<void> {
  for (const b of BUNDLED_DATASETS) {
    await db
      .insertInto('datasets')
      .values({ slug: b.slug, kind: b.kind, title: b.title, source: b.source, licence: b.licence, description: b.description, visibility: 'public', owner_id: null, builtin: b.key, options: JSON.stringify(b.options), summary: JSON.stringify({ notices: [] }) })
      .onConflict((oc) => oc.column('builtin').doUpdateSet({ title: b.title, source: b.source, licence: b.licence, description: b.description, options: JSON.stringify(b.options) }))
      .execute();
  }
}

/** May the viewer see this data set? Public ones everyone, members' ones members, private ones their owner and managers. */
function maySee(viewer: Viewer, row: Pick<Row, 'visibility' | 'owner_id'>): boolean {
  if (row.visibility === 'public') return true;
  if (viewer.kind === 'visitor') return false;
  if (row.visibility === 'members') return true;
  return row.owner_id === viewer.userId || can(viewer, 'datasets.manage_any');
}

function mayEdit(viewer: Viewer, row: Pick<Row, 'owner_id' | 'builtin'>): boolean {
  if (viewer.kind === 'visitor' || row.builtin) return false;
  return (row.owner_id === viewer.userId && can(viewer, 'datasets.upload')) || can(viewer, 'datasets.manage_any');
}


/** A data set by id or slug, as the viewer may see it: one they may not see is not found (its existence is not revealed). */
export async function visibleDataset(db: Executor, viewer: Viewer, ref: string): Promise<Row> {
  authorise(viewer, 'datasets.read');
  const row = await db
    .selectFrom('datasets')
    .selectAll()
    .where((eb) => (isId(ref) ? eb.or([eb('id', '=', ref), eb('slug', '=', ref)]) : eb('slug', '=', ref)))
    .executeTakeFirst();
  if (!row || !maySee(viewer, row)) throw notFound('data set');
  return row;
}

async function filesOf(db: Executor, id: string, version: number): Promise<FileRow[]> {
  return db.selectFrom('dataset_files').select(['role', 'filename', 'size', 'storage_key']).where('dataset_id', '=', id).where('version', '=', version).orderBy('role').orderBy('position').execute();
}

/** The version analyses are cached by: the stored version, or for the hub's own network, the hub's data version. */
export async function currentVersion(db: Executor, row: Pick<Row, 'builtin' | 'version'>): Promise<number> {
  return row.builtin === HUB_NETWORK ? hubNetworkVersion(db) : row.version;
}

async function view(hub: Hub, viewer: Viewer, row: Row): Promise<DatasetView> {
  const bundled = BUNDLED_DATASETS.find((b) => b.key === row.builtin);
  const files = bundled ? bundledFiles(bundled.files).map((f) => ({ role: f.role, filename: f.filename, size: statSync(f.path).size })) : await filesOf(hub.db, row.id, row.version);
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    title: row.title,
    source: row.source,
    licence: row.licence,
    description: row.description,
    visibility: row.visibility,
    version: await currentVersion(hub.db, row),
    builtin: row.builtin !== null,
    ownerId: row.owner_id,
    options: row.options as DatasetOptions,
    summary: { notices: [], ...(row.summary as Partial<DatasetSummary>) },
    files: files.map((f) => ({ role: f.role, filename: f.filename, size: f.size })),
    updatedAt: new Date(row.updated_at).toISOString(),
    canEdit: mayEdit(viewer, row),
  };
}

/** The data sets the viewer may see: bundled first, then by title. */
export async function listDatasets(hub: Hub, viewer: Viewer): Promise<DatasetList> {
  authorise(viewer, 'datasets.read');
  const rows = await hub.db.selectFrom('datasets').selectAll().orderBy(sql`builtin is null`).orderBy('title').execute();
  return { items: await Promise.all(rows.filter((r) => maySee(viewer, r)).map((r) => view(hub, viewer, r))) };
}

export async function getDataset(hub: Hub, viewer: Viewer, ref: string): Promise<DatasetView> {
  return view(hub, viewer, await visibleDataset(hub.db, viewer, ref));
}

/** A bad file refused with where it is wrong: the file (as its uploader named it), line and column. */
function refused(err: unknown): never {
  if (err instanceof UserError) {
    const w = err.where ?? {};
    const at = [w.file, w.line, w.column].filter((x) => x !== undefined).join(':');
    throw new HubError('validation', at ? `${at}: ${err.message}` : err.message, { issues: [{ field: w.file ? `files (${w.file})` : (w.field ?? 'files'), message: err.message, ...(w.line !== undefined && { line: w.line }), ...(w.column !== undefined && { column: w.column }) }] });
  }
  throw err;
}

interface Decoded {
  role: DatasetFileRole;
  filename: string;
  bytes: Buffer;
}

function decode(hub: Hub, files: readonly { role: DatasetFileRole; filename: string; content: string }[]): Decoded[] {
  const out = files.map((f) => ({ role: f.role, filename: f.filename, bytes: Buffer.from(f.content, 'base64') }));
  const total = out.reduce((s, f) => s + f.bytes.length, 0);
  if (total > hub.uploadLimit) throw new HubError('too_large', `the files are larger than ${Math.round(hub.uploadLimit / 1048576)} MB in all`, { issues: [{ field: 'files', message: 'too large' }] });
  const empty = out.find((f) => f.bytes.length === 0);
  if (empty) throw new HubError('validation', `files: ${empty.filename} is empty`, { issues: [{ field: 'files', message: `${empty.filename} is empty` }] });
  return out;
}

/** Parses the files as the analyses will read them; nothing is stored unless every file reads. */
async function check(kind: 'regions' | 'records', files: Decoded[], options: DatasetOptions): Promise<DatasetSummary> {
  try {
    return (await withFiles(files, (f) => readDataset(kind, f, options))).summary;
  } catch (err) {
    refused(err);
  }
}

/** Stores the files, then records them in one transaction; the files are removed again if the transaction fails. */
async function storeVersion(hub: Hub, tx: Executor, id: string, version: number, files: Decoded[], keys: string[]): Promise<void> {
  const position = new Map<string, number>();
  for (const [i, f] of files.entries()) {
    await hub.files.put(keys[i], f.bytes);
    const p = position.get(f.role) ?? 0;
    position.set(f.role, p + 1);
    await tx.insertInto('dataset_files').values({ dataset_id: id, version, role: f.role, position: p, filename: f.filename, storage_key: keys[i], size: f.bytes.length, sha256: createHash('sha256').update(f.bytes).digest('hex') }).execute();
  }
}

async function withStored<T>(hub: Hub, count: number, work: (keys: string[]) => Promise<T>): Promise<T> {
  const keys = Array.from({ length: count }, () => randomUUID());
  try {
    return await work(keys);
  } catch (err) {
    await Promise.all(keys.map((k) => hub.files.remove(k).catch(() => undefined)));
    throw err;
  }
}

const slugOf = (title: string) => title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'data-set';

/**
 * Uploads a data set: a region × activity (× year) table with its side files, or bibliographic or project records.
 * The files are read as the analyses read them, in full, before anything is stored; a file that does not read is
 * refused with its name, line and column.
 */
export async function uploadDataset(hub: Hub, viewer: Viewer, input: unknown): Promise<DatasetView> {
  authorise(viewer, 'datasets.upload');
  const u = parse(DatasetUpload, input);
  const files = decode(hub, u.files);
  const summary = await check(u.kind, files, u.options);
  const userId = viewer.kind === 'user' ? viewer.userId : null;
  const row = await withStored(hub, files.length, (keys) =>
    hub.db.transaction().execute(async (tx) => {
      const base = slugOf(u.title);
      const taken = await tx.selectFrom('datasets').select('slug').where('slug', 'like', `${base}%`).execute();
      const slugs = new Set(taken.map((t) => t.slug));
      let slug = base;
      for (let n = 2; slugs.has(slug); n++) slug = `${base}-${n}`;
      const r = await tx
        .insertInto('datasets')
        .values({ slug, kind: u.kind, title: u.title, source: u.source, licence: u.licence, description: u.description, visibility: u.visibility, owner_id: userId, builtin: null, options: JSON.stringify(u.options), summary: JSON.stringify(summary), version: 1 })
        .returningAll()
        .executeTakeFirstOrThrow();
      await storeVersion(hub, tx, r.id, 1, files, keys);
      await recordAudit(tx, viewer, { action: 'dataset.upload', entityType: 'dataset', entityId: r.id, after: { title: u.title, kind: u.kind, visibility: u.visibility, files: files.map((f) => f.filename) } });
      return r;
    }),
  );
  return view(hub, viewer, row);
}

async function editable(hub: Hub, viewer: Viewer, ref: string): Promise<Row> {
  if (viewer.kind === 'visitor') authorise(viewer, 'datasets.upload'); // sign in first
  const row = await visibleDataset(hub.db, viewer, ref);
  if (!mayEdit(viewer, row)) throw new HubError('forbidden', row.builtin ? 'a bundled data set cannot be changed' : 'only its owner and programme managers change a data set');
  return row;
}

/** A new version of an uploaded data set: new files, read in full first; analyses of the old version are not reused. */
export async function uploadVersion(hub: Hub, viewer: Viewer, ref: string, input: unknown): Promise<DatasetView> {
  const row = await editable(hub, viewer, ref);
  const u = parse(DatasetVersionUpload, input);
  const files = decode(hub, u.files);
  const summary = await check(row.kind, files, u.options);
  const updated = await withStored(hub, files.length, (keys) =>
    hub.db.transaction().execute(async (tx) => {
      const r = await tx.updateTable('datasets').set({ version: sql`version + 1`, options: JSON.stringify(u.options), summary: JSON.stringify(summary), updated_at: hub.now() }).where('id', '=', row.id).where('version', '=', row.version).returningAll().executeTakeFirst();
      if (!r) throw new HubError('conflict', 'the data set changed meanwhile: reload it and upload again');
      await storeVersion(hub, tx, r.id, r.version, files, keys);
      await recordAudit(tx, viewer, { action: 'dataset.version', entityType: 'dataset', entityId: r.id, after: { version: r.version, files: files.map((f) => f.filename) } });
      return r;
    }),
  );
  return view(hub, viewer, updated);
}

export async function updateDataset(hub: Hub, viewer: Viewer, ref: string, input: unknown): Promise<DatasetView> {
  const row = await editable(hub, viewer, ref);
  const patch = parse(DatasetPatch, input);
  const r = await hub.db.transaction().execute(async (tx) => {
    const updated = await tx.updateTable('datasets').set({ ...patch, updated_at: hub.now() }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(tx, viewer, { action: 'dataset.edit', entityType: 'dataset', entityId: row.id, before: { title: row.title, visibility: row.visibility }, after: patch });
    return updated;
  });
  return view(hub, viewer, r);
}

export async function deleteDataset(hub: Hub, viewer: Viewer, ref: string): Promise<void> {
  const row = await editable(hub, viewer, ref);
  const keys = await hub.db.transaction().execute(async (tx) => {
    const files = await tx.selectFrom('dataset_files').select('storage_key').where('dataset_id', '=', row.id).execute();
    await tx.deleteFrom('datasets').where('id', '=', row.id).execute();
    await recordAudit(tx, viewer, { action: 'dataset.delete', entityType: 'dataset', entityId: row.id, before: { title: row.title } });
    return files.map((f) => f.storage_key);
  });
  await Promise.all(keys.map((k) => hub.files.remove(k).catch(() => undefined)));
}

/** Parsed data sets by id and version: the last few kept, so a page's panels read a data set once. */
const loaded = new Map<string, Promise<LoadedDataset>>();
const KEEP = 6;

/** A data set the viewer may see, parsed (cached by id and version), with the version it was read at. */
export async function loadDataset(hub: Hub, viewer: Viewer, ref: string): Promise<{ row: Row; version: number; dataset: LoadedDataset }> {
  const row = await visibleDataset(hub.db, viewer, ref);
  const version = await currentVersion(hub.db, row);
  const key = `${row.id}:${version}`;
  let p = loaded.get(key);
  if (!p) {
    p = readStored(hub, row);
    loaded.set(key, p);
    p.catch(() => loaded.delete(key));
    while (loaded.size > KEEP) loaded.delete(loaded.keys().next().value!);
  } else {
    loaded.delete(key);
    loaded.set(key, p);
  }
  const dataset = await p;
  if (row.builtin && JSON.stringify(row.summary) !== JSON.stringify(dataset.summary)) {
    // a bundled data set's summary is known once it has been read
    await hub.db.updateTable('datasets').set({ summary: JSON.stringify(dataset.summary) }).where('id', '=', row.id).execute();
  }
  return { row, version, dataset };
}

/** What the hub's own network holds, and what it cannot show. */
export function recordSummary(records: Records): DatasetSummary {
  return { activities: records.activities.length, actors: records.actors.length, participations: records.participations.length, notices: ['The Gateway to Research extract has no investigators or organisations: its grants enter the subject-field co-classification (and keywords), not the person or organisation networks.'] };
}

/** An uploaded data set's files of its current version, out of the store. */
export async function datasetFiles(hub: Hub, row: Row) {
  return storedFiles(hub, await filesOf(hub.db, row.id, row.version));
}

async function readStored(hub: Hub, row: Row): Promise<LoadedDataset> {
  if (row.builtin === HUB_NETWORK) {
    const records = await hubNetworkRecords(hub.db);
    return { kind: 'records', records, summary: recordSummary(records) };
  }
  const bundled = BUNDLED_DATASETS.find((b) => b.key === row.builtin);
  if (bundled) return readDataset(row.kind, bundledFiles(bundled.files), bundled.options);
  return withFiles(await datasetFiles(hub, row), (f) => readDataset(row.kind, f, row.options as DatasetOptions));
}
