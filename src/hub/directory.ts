import { sql } from 'kysely';
import { z } from 'zod';
import { authorise, type Viewer } from './access.js';
import type { Hub } from './context.js';
import { ORGANISATION_TYPES } from './organisations.js';
import { pageOf } from './paging.js';
import { FACETS, type Facet } from './profile-index.js';
import { CAREER_STAGES, profileViews, type ProfileView } from './profiles.js';
import { taxonomies, type Taxonomies } from './taxonomy.js';
import { parse } from './validate.js';

const list = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(100)).max(50))
  .optional();

export const DirectoryQuery = z.object({
  q: z.string().trim().max(200).optional(),
  discipline: list,
  sector: list,
  theme: list,
  region: list,
  organisationType: list,
  careerStage: list,
  sort: z.enum(['relevance', 'name']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).optional(),
});
export type DirectoryQuery = z.input<typeof DirectoryQuery>;

export interface FacetCount {
  value: string;
  label: string;
  count: number;
  selected: boolean;
}

export interface DirectoryResult {
  total: number;
  page: number;
  pageSize: number;
  items: ProfileView[];
  facets: Record<Facet, FacetCount[]>;
}

/**
 * Words of the query as a prefix tsquery (`birm:* & manufactur:*`), so that typing part of a name
 * or word finds it; only letters and digits reach the query text.
 */
export function prefixQuery(q: string): string | null {
  const words = q.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length ? words.slice(0, 12).map((w) => `${w}:*`).join(' & ') : null;
}

/**
 * The member directory: full-text search (name, expertise, job title, bio, by weight) combined with
 * facet filters, and counts per facet value. Within a facet the selected values are alternatives
 * (OR), across facets they all apply (AND); each facet's counts apply every filter but its own, so a
 * count says how many results choosing that value would give. Visitors search only what members made
 * public; signed-in members also what they opened to members; nobody searches private fields.
 */
export async function searchDirectory(hub: Hub, viewer: Viewer, input: unknown): Promise<DirectoryResult> {
  authorise(viewer, 'directory.search');
  const req = parse(DirectoryQuery, input);
  const { limit, offset } = pageOf(req);
  const audience = viewer.kind === 'visitor' ? 'public' : 'members';
  const vector = sql.ref(`p.search_${audience}`);
  const facetCol = sql.ref(`p.facets_${audience}`);
  const tsq = req.q ? prefixQuery(req.q) : null;
  const selected: Record<Facet, string[]> = {
    discipline: req.discipline ?? [],
    sector: req.sector ?? [],
    theme: req.theme ?? [],
    region: req.region ?? [],
    organisationType: req.organisationType ?? [],
    careerStage: req.careerStage ?? [],
  };
  const wanted = (f: Facet) => selected[f].map((v) => `${f}:${v}`);
  const base = sql`p.listed and ${audience === 'public' ? sql`p.visibility->>'name' = 'public'` : sql`true`}
    ${tsq ? sql`and ${vector} @@ to_tsquery('english', ${tsq})` : sql``}`;
  const passes = (f: Facet) => (selected[f].length ? sql`${facetCol} && ${wanted(f)}::text[]` : sql`true`);
  const allFilters = sql.join(FACETS.map(passes), sql` and `);

  const order = tsq && req.sort !== 'name' ? sql`ts_rank_cd(${vector}, to_tsquery('english', ${tsq})) desc, lower(p.name), p.id` : sql`lower(p.name), p.id`;
  const pageRows = sql<{ id: string; total: number }>`
    select p.id, count(*) over ()::int as total from profiles p
    where ${base} and ${allFilters}
    order by ${order} limit ${limit} offset ${offset}`.execute(hub.db);

  // one pass for all facet counts: each row counts towards facet f's values if it passes the other facets' filters
  const okColumns = sql.join(FACETS.map((f, i) => sql`${passes(f)} as ${sql.ref(`ok${i}`)}`), sql`, `);
  const countsWhen = sql.join(
    FACETS.map((f, i) => {
      const others = FACETS.map((_, j) => j).filter((j) => j !== i);
      const cond = others.length ? sql.join(others.map((j) => sql.ref(`ok${j}`)), sql` and `) : sql`true`;
      return sql`when ${f} then ${cond}`;
    }),
    sql` `,
  );
  const facetRows = sql<{ value: string; n: number }>`
    with m as (select ${facetCol} as facets, ${okColumns} from profiles p where ${base})
    select v as value, count(*)::int as n from m, unnest(m.facets) v
    where case split_part(v, ':', 1) ${countsWhen} else false end
    group by v`.execute(hub.db);

  const [rows, counts, all] = await Promise.all([pageRows, facetRows, taxonomies(hub)]);
  let total = rows.rows[0]?.total ?? 0;
  if (rows.rows.length === 0 && offset > 0) {
    const c = await sql<{ n: number }>`select count(*)::int as n from profiles p where ${base} and ${allFilters}`.execute(hub.db);
    total = c.rows[0].n;
  }
  return {
    total,
    page: req.page ?? 1,
    pageSize: limit,
    items: await profileViews(hub, viewer, rows.rows.map((r) => r.id)),
    facets: facetCounts(counts.rows, selected, all),
  };
}

function facetCounts(rows: { value: string; n: number }[], selected: Record<Facet, string[]>, all: Taxonomies): Record<Facet, FacetCount[]> {
  const out = Object.fromEntries(FACETS.map((f) => [f, [] as FacetCount[]])) as Record<Facet, FacetCount[]>;
  for (const { value, n } of rows) {
    const i = value.indexOf(':');
    const facet = value.slice(0, i) as Facet;
    const code = value.slice(i + 1);
    out[facet]?.push({ value: code, label: facetLabel(facet, code, all), count: n, selected: selected[facet].includes(code) });
  }
  // a selected value with no results still shows (count 0), so it can be cleared
  for (const f of FACETS) {
    for (const code of selected[f]) {
      if (!out[f].some((c) => c.value === code)) out[f].push({ value: code, label: facetLabel(f, code, all), count: 0, selected: true });
    }
    out[f].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  }
  return out;
}

function facetLabel(facet: Facet, code: string, all: Taxonomies): string {
  switch (facet) {
    case 'organisationType':
      return ORGANISATION_TYPES[code as keyof typeof ORGANISATION_TYPES] ?? code;
    case 'careerStage':
      return CAREER_STAGES[code as keyof typeof CAREER_STAGES] ?? code;
    default:
      return all.labels.get(`${facet}:${code}`) ?? code;
  }
}
