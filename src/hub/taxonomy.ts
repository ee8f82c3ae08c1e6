import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Executor } from '../db/connection.js';
import { UserError } from '../errors.js';
import type { Hub } from './context.js';
import { invalid } from './errors.js';

export const TAXONOMIES = ['discipline', 'sector', 'region', 'theme'] as const;
export type Taxonomy = (typeof TAXONOMIES)[number];

export interface Term {
  code: string;
  label: string;
  parentCode: string | null;
}

/** The committed reference lists: data/reference/*.csv (see data/README.md for their sources). */
export const REFERENCE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../data/reference');

const FILES: Record<Taxonomy, { file: string; source: string }> = {
  discipline: { file: 'disciplines.csv', source: 'UKRI Gateway to Research subjects (OGL v3)' },
  sector: { file: 'sectors.csv', source: 'ONS UK SIC 2007 sections (OGL v3)' },
  region: { file: 'regions.csv', source: 'ONS International Territorial Levels ITL1/ITL2 2021 (OGL v3)' },
  theme: { file: 'themes.csv', source: 'Proximity network themes' },
};

/** Reads one reference file; a malformed row is reported with its file and line. */
export function readReferenceFile(taxonomy: Taxonomy, dir = REFERENCE_DIR): Term[] {
  const path = join(dir, FILES[taxonomy].file);
  let records: Record<string, string>[];
  try {
    records = parse(readFileSync(path), { columns: true, skip_empty_lines: true });
  } catch (err) {
    const e = err as { message: string; lines?: number };
    throw new UserError(e.message, { file: path, line: e.lines });
  }
  return records.map((r, i) => {
    if (!r.code || !r.label) throw new UserError('code and label are required', { file: path, line: i + 2, field: r.code ? 'label' : 'code' });
    return { code: r.code, label: r.label, parentCode: r.parent_code || null };
  });
}

/** Upserts every reference list (idempotent: run at each start). */
export async function loadReferenceData(db: Executor, dir = REFERENCE_DIR): Promise<Record<Taxonomy, number>> {
  const counts = {} as Record<Taxonomy, number>;
  await db.transaction().execute(async (tx) => {
    for (const taxonomy of TAXONOMIES) {
      const terms = readReferenceFile(taxonomy, dir);
      counts[taxonomy] = terms.length;
      await tx
        .insertInto('taxonomy_terms')
        .values(terms.map((t, position) => ({ taxonomy, code: t.code, label: t.label, parent_code: t.parentCode, position, source: FILES[taxonomy].source })))
        .onConflict((oc) =>
          oc.columns(['taxonomy', 'code']).doUpdateSet((eb) => ({
            label: eb.ref('excluded.label'),
            parent_code: eb.ref('excluded.parent_code'),
            position: eb.ref('excluded.position'),
            source: eb.ref('excluded.source'),
          })),
        )
        .execute();
    }
  });
  return counts;
}

export type Taxonomies = Record<Taxonomy, Term[]> & { labels: Map<string, string> };

const cache = new WeakMap<Hub, { at: number; value: Promise<Taxonomies> }>();

/** Every taxonomy's terms in their list order, and their labels by `taxonomy:code` (cached for a minute per hub). */
export function taxonomies(hub: Hub): Promise<Taxonomies> {
  const hit = cache.get(hub);
  if (hit && Date.now() - hit.at < 60_000) return hit.value;
  const value = hub.db
    .selectFrom('taxonomy_terms')
    .select(['taxonomy', 'code', 'label', 'parent_code'])
    .orderBy('taxonomy')
    .orderBy('position')
    .execute()
    .then((rows) => {
      const out: Taxonomies = { discipline: [], sector: [], region: [], theme: [], labels: new Map() };
      for (const r of rows) {
        out[r.taxonomy as Taxonomy]?.push({ code: r.code, label: r.label, parentCode: r.parent_code });
        out.labels.set(`${r.taxonomy}:${r.code}`, r.label);
      }
      return out;
    });
  cache.set(hub, { at: Date.now(), value });
  value.catch(() => cache.delete(hub));
  return value;
}

export function labelOf(all: Taxonomies, taxonomy: Taxonomy, code: string): string {
  return all.labels.get(`${taxonomy}:${code}`) ?? code;
}

const HINTS: Partial<Record<Taxonomy, string>> = { region: ' (use an ITL1 or ITL2 code such as TLG or TLG3)' };

/** Refuses a code that is not in the taxonomy, naming the field. */
export function requireTerm(all: Taxonomies, taxonomy: Taxonomy, code: string, field: string): void {
  if (!all.labels.has(`${taxonomy}:${code}`)) throw invalid(field, `unknown ${taxonomy} code ${code}${HINTS[taxonomy] ?? ''}`);
}
