import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { importRecords } from '../../formats/import.js';
import { bundledSide, readRegionsTable } from '../../formats/regions-input.js';
import { readHierarchy, readLabels, readRegionAttribute } from '../../formats/side.js';
import type { Records } from '../../networks/records.js';
import { DATA_DIR } from '../../paths.js';
import type { RegionsData, RegionsSide } from '../../regions/reports/inputs.js';
import type { Hub } from '../platform/context.js';
import { safeFilename } from '../platform/files.js';
import type { DatasetFileRole, DatasetKind, DatasetOptions, DatasetSummary } from './contract.js';

/** A data set's files where the readers can open them: bundled ones in data/, uploaded ones copied out of the store. */
export interface DatasetFile {
  role: DatasetFileRole;
  filename: string;
  path: string;
}

export type LoadedDataset =
  | { kind: 'regions'; data: RegionsData; side: RegionsSide; summary: DatasetSummary }
  | { kind: 'records'; records: Records; summary: DatasetSummary };

/**
 * Reads a data set's files with the command line's readers (the same column detection, the same messages). An error
 * names the file as its uploader called it, with the line and column.
 */
export async function readDataset(kind: DatasetKind, files: readonly DatasetFile[], options: DatasetOptions): Promise<LoadedDataset> {
  const named = new Map(files.map((f) => [f.path, f.filename]));
  try {
    return kind === 'regions' ? await readRegions(files, options) : await readRecords(files, options);
  } catch (err) {
    if (err instanceof UserError && err.where?.file && named.has(err.where.file)) throw new UserError(err.message, { ...err.where, file: named.get(err.where.file) });
    throw err;
  }
}

const one = (files: readonly DatasetFile[], role: DatasetFileRole) => {
  const found = files.filter((f) => f.role === role);
  if (found.length > 1) throw new UserError(`a data set has one ${role} file; ${found.length} were given`, { field: 'files' });
  return found[0];
};

async function readRegions(files: readonly DatasetFile[], o: DatasetOptions): Promise<LoadedDataset> {
  const main = one(files, 'data');
  if (!main) throw new UserError('a data set needs its data file (role "data")', { field: 'files' });
  const t = await readRegionsTable(main.path, { regionCol: o.regionCol, activityCol: o.activityCol, valueCol: o.valueCol, yearCol: o.yearCol, level: o.level });
  const activities = t.tables[0]?.activities ?? [];
  const labelsFile = one(files, 'labels');
  const hierarchyFile = one(files, 'hierarchy');
  const populationFile = one(files, 'population');
  const sources: Record<string, string> = {};
  const side: { -readonly [K in keyof RegionsSide]: RegionsSide[K] } = { ...bundledSide(activities) };
  if (labelsFile) {
    side.labels = await readLabels(labelsFile.path);
    sources.labels = labelsFile.filename;
  }
  if (hierarchyFile) {
    side.hierarchy = await readHierarchy(hierarchyFile.path, o.hierarchyLevel);
    sources.hierarchy = hierarchyFile.filename;
  }
  if (populationFile) {
    side.population = await readRegionAttribute(populationFile.path, ['population', 'pop'], 'population');
    sources.population = populationFile.filename;
  }
  const data: RegionsData = { years: t.years, tables: t.tables, hasYear: t.hasYear, regionAliases: t.regionAliases, activityColumn: t.columns.activity, ...(t.levelColumn && { levelColumn: t.levelColumn }) };
  const summary: DatasetSummary = {
    regions: t.tables[0]?.regions.length ?? 0,
    activities: activities.length,
    years: [...t.years],
    labels: Boolean(side.labels),
    ...(side.hierarchy && { hierarchy: side.hierarchy.level }),
    notices: t.notices,
  };
  return { kind: 'regions', data, side: { ...side, sources }, summary };
}

async function readRecords(files: readonly DatasetFile[], o: DatasetOptions): Promise<LoadedDataset> {
  const data = files.filter((f) => f.role === 'data');
  if (data.length === 0) throw new UserError('a data set needs its data file (role "data")', { field: 'files' });
  const other = files.find((f) => f.role !== 'data');
  if (other) throw new UserError(`records take data files only; "${other.filename}" is given as ${other.role}`, { field: 'files' });
  const { records, report } = await importRecords(data.map((f) => f.path), o.format);
  if (records.activities.length === 0) throw new UserError('no records were read', { file: data[0].path });
  return { kind: 'records', records, summary: { activities: records.activities.length, actors: records.actors.length, participations: records.participations.length, notices: report.warnings } };
}

/** Bundled files: their paths under data/, named by their file name. */
export function bundledFiles(files: readonly { role: DatasetFileRole; path: string }[]): DatasetFile[] {
  return files.map((f) => ({ role: f.role, filename: f.path.split('/').pop()!, path: resolve(DATA_DIR, f.path) }));
}

/**
 * Files given as bytes (an upload, or files in the store) written into a temporary directory under their safe names,
 * read, and the directory removed.
 */
export async function withFiles<T>(files: readonly { role: DatasetFileRole; filename: string; bytes: Uint8Array }[], read: (files: DatasetFile[]) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'proximity-dataset-'));
  try {
    const out: DatasetFile[] = [];
    for (const [i, f] of files.entries()) {
      const name = safeFilename(f.filename);
      const path = join(dir, `${i}-${name}`);
      await writeFile(path, f.bytes, { mode: 0o600 });
      out.push({ role: f.role, filename: name, path });
    }
    return await read(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A stored upload's files, out of the hub's file store. */
export async function storedFiles(hub: Hub, rows: readonly { role: DatasetFileRole; filename: string; storage_key: string }[]) {
  return Promise.all(rows.map(async (r) => ({ role: r.role, filename: r.filename, bytes: await hub.files.get(r.storage_key) })));
}
