import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { DATA_DIR } from '../../paths.js';
import { readCsvRecords } from '../../formats/csv.js';
import type { Executor } from '../../db/connection.js';
import type { Hub } from '../platform/context.js';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import { invalid } from '../platform/errors.js';
import { parse } from '../platform/validate.js';
import { TermInput, type EditableTerm, type Term } from './contract.js';

export const TAXONOMIES = ['discipline', 'sector', 'region', 'theme', 'technology', 'audience'] as const;
export type Taxonomy = (typeof TAXONOMIES)[number];
/** The lists curators edit; the others follow official classifications (GtR subjects, SIC, ITL). */
export const EDITABLE_TAXONOMIES = ['theme', 'technology', 'audience'] as const satisfies readonly Taxonomy[];


/** The committed reference lists: data/reference/*.csv (see data/README.md for their sources). */
export const REFERENCE_DIR = resolve(DATA_DIR, 'reference');

const FILES: Record<Taxonomy, { file: string; source: string }> = {
  discipline: { file: 'disciplines.csv', source: 'UKRI Gateway to Research subjects (OGL v3)' },
  sector: { file: 'sectors.csv', source: 'ONS UK SIC 2007 sections (OGL v3)' },
  region: { file: 'regions.csv', source: 'ONS International Territorial Levels ITL1/ITL2 2021 (OGL v3)' },
  theme: { file: 'themes.csv', source: 'Proximity network themes' },
  technology: { file: 'technologies.csv', source: 'Proximity industrial digital technologies' },
  audience: { file: 'audiences.csv', source: 'Proximity library audiences' },
};

/** Reads one reference file; a malformed row is reported with its file and line. */
export function readReferenceFile(taxonomy: Taxonomy, dir = REFERENCE_DIR): Term[] {
  return readCsvRecords(join(dir, FILES[taxonomy].file), ['code', 'label']).map((r) => ({ code: r.code, label: r.label, parentCode: r.parent_code || null }));
}

/**
 * Upserts every reference list (idempotent: run at each start); a term a curator has edited keeps the curator's label
 * and place. The files' SHA-256 is kept in `hub_settings`, so a start with the same files (a restart) skips the upsert.
 */
export async function loadReferenceData(db: Executor, dir = REFERENCE_DIR): Promise<Record<Taxonomy, number>> {
  const counts = {} as Record<Taxonomy, number>;
  const lists = TAXONOMIES.map((taxonomy) => ({ taxonomy, terms: readReferenceFile(taxonomy, dir) }));
  const hash = createHash('sha256').update(JSON.stringify(lists)).digest('hex');
  for (const { taxonomy, terms } of lists) counts[taxonomy] = terms.length;
  const loaded = await db.selectFrom('hub_settings').select('value').where('key', '=', 'reference_lists').executeTakeFirst();
  if (loaded?.value === hash) return counts;
  await db.transaction().execute(async (tx) => {
    for (const { taxonomy, terms } of lists) {
      await tx
        .insertInto('taxonomy_terms')
        .values(terms.map((t, position) => ({ taxonomy, code: t.code, label: t.label, parent_code: t.parentCode, position, source: FILES[taxonomy].source })))
        .onConflict((oc) =>
          oc.columns(['taxonomy', 'code']).doUpdateSet((eb) => ({
            label: eb.ref('excluded.label'),
            parent_code: eb.ref('excluded.parent_code'),
            position: eb.ref('excluded.position'),
            source: eb.ref('excluded.source'),
          })).where('taxonomy_terms.edited_by', 'is', null),
        )
        .execute();
    }
    await tx.insertInto('hub_settings').values({ key: 'reference_lists', value: hash }).onConflict((oc) => oc.column('key').doUpdateSet({ value: hash })).execute();
  });
  return counts;
}

export type Taxonomies = Record<Taxonomy, Term[]> & { labels: Map<string, string>; regionLevels: Map<string, 'ITL1' | 'ITL2'> };

const cache = new WeakMap<Hub, { at: number; value: Promise<Taxonomies> }>();

/** Every taxonomy's terms in their list order, and their labels by `taxonomy:code` (cached for a minute per hub). */
export function taxonomies(hub: Hub): Promise<Taxonomies> {
  const hit = cache.get(hub);
  if (hit && Date.now() - hit.at < 60_000) return hit.value;
  const value = hub.db
    .selectFrom('taxonomy_terms')
    .select(['taxonomy', 'code', 'label', 'parent_code', 'retired'])
    .orderBy('taxonomy')
    .orderBy('position')
    .execute()
    .then((rows) => {
      const out: Taxonomies = { discipline: [], sector: [], region: [], theme: [], technology: [], audience: [], labels: new Map(), regionLevels: new Map() };
      for (const r of rows) {
        if (!r.retired) out[r.taxonomy as Taxonomy]?.push({ code: r.code, label: r.label, parentCode: r.parent_code });
        out.labels.set(`${r.taxonomy}:${r.code}`, r.label);
        if (r.taxonomy === 'region') out.regionLevels.set(r.code, r.parent_code ? 'ITL2' : 'ITL1');
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

/**
 * What tells apart two facet values of one name: a region's level, ITL1 (a nation or a region of England, without a
 * parent in the list) or ITL2 (within one), as "West Midlands (England)" and "West Midlands".
 */
export function facetDetail(all: Taxonomies, facet: string, code: string): string | undefined {
  return facet === 'region' ? all.regionLevels.get(code) : undefined;
}

const HINTS: Partial<Record<Taxonomy, string>> = { region: ' (use an ITL1 or ITL2 code such as TLG or TLG3)' };

/** Refuses a code that is not in the taxonomy, naming the field. */
export function requireTerm(all: Taxonomies, taxonomy: Taxonomy, code: string, field: string): void {
  if (!all.labels.has(`${taxonomy}:${code}`)) throw invalid(field, `unknown ${taxonomy} code ${code}${HINTS[taxonomy] ?? ''}`);
}

/** Every term of an editable taxonomy, retired ones included, with how often each is used (for the curators' page). */
export async function listTerms(hub: Hub, viewer: Viewer, taxonomy: string): Promise<EditableTerm[]> {
  authorise(viewer, 'taxonomy.edit');
  if (!(EDITABLE_TAXONOMIES as readonly string[]).includes(taxonomy)) throw invalid('taxonomy', `curators edit ${EDITABLE_TAXONOMIES.join(', ')}; ${taxonomy} follows an official classification`);
  const rows = await hub.db
    .selectFrom('taxonomy_terms as t')
    .leftJoin('profiles as p', 'p.user_id', 't.edited_by')
    .select((eb) => [
      't.code',
      't.label',
      't.parent_code',
      't.retired',
      'p.name',
      eb.selectFrom('library_item_terms as i').select(eb.fn.countAll<number>().as('n')).whereRef('i.taxonomy', '=', 't.taxonomy').whereRef('i.code', '=', 't.code').as('items'),
      eb.selectFrom('profile_terms as pt').select(eb.fn.countAll<number>().as('n')).whereRef('pt.taxonomy', '=', 't.taxonomy').whereRef('pt.code', '=', 't.code').as('profiles'),
    ])
    .where('t.taxonomy', '=', taxonomy)
    .orderBy('t.position')
    .execute();
  return rows.map((r) => ({ code: r.code, label: r.label, parentCode: r.parent_code, retired: r.retired, editedBy: r.name ?? null, used: Number(r.items ?? 0) + Number(r.profiles ?? 0) }));
}


/**
 * Curators add a term to an editable taxonomy (theme, technology, audience), rename it, or retire it (a
 * retired term leaves the pickers and facets' lists but keeps its label on what already uses it). An
 * edited term keeps the curator's version when the reference files are loaded again.
 */
export async function saveTerm(hub: Hub, viewer: Viewer, taxonomy: string, input: unknown): Promise<Term & { retired: boolean }> {
  authorise(viewer, 'taxonomy.edit');
  if (!(EDITABLE_TAXONOMIES as readonly string[]).includes(taxonomy)) throw invalid('taxonomy', `curators edit ${EDITABLE_TAXONOMIES.join(', ')}; ${taxonomy} follows an official classification`);
  const t = parse(TermInput, input);
  await hub.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('taxonomy_terms').selectAll().where('taxonomy', '=', taxonomy).where('code', '=', t.code).executeTakeFirst();
    const last = await tx.selectFrom('taxonomy_terms').select((eb) => eb.fn.max('position').as('p')).where('taxonomy', '=', taxonomy).executeTakeFirst();
    const editor = viewer.kind === 'user' ? viewer.userId : null;
    await tx
      .insertInto('taxonomy_terms')
      .values({ taxonomy, code: t.code, label: t.label, parent_code: null, position: Number(last?.p ?? -1) + 1, source: 'curators', edited_by: editor, retired: t.retired ?? false })
      .onConflict((oc) => oc.columns(['taxonomy', 'code']).doUpdateSet({ label: t.label, edited_by: editor, ...(t.retired !== undefined && { retired: t.retired }) }))
      .execute();
    await recordAudit(tx, viewer, { action: 'taxonomy.edit', entityType: 'taxonomy_term', entityId: `${taxonomy}:${t.code}`, before: before && { label: before.label, retired: before.retired }, after: t });
  });
  cache.delete(hub);
  return { code: t.code, label: t.label, parentCode: null, retired: t.retired ?? false };
}
