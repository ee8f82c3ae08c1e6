import { authorise, type Viewer } from '../platform/access.js';
import type { Hub } from '../platform/context.js';
import { pageOf } from '../platform/paging.js';
import { DirectoryQuery } from './contract.js';
import { forgetSnapshots, snapshots, textMatches, type Audience } from './directory-index.js';
import { facetCounts, selectOnce } from '../search/facet-index.js';
import { memberCards } from './profiles.js';
import { facetDetail, labelOf, taxonomies, type Taxonomies } from '../taxonomy/taxonomy.js';
import { parse } from '../platform/validate.js';
import { CAREER_STAGES, FACETS, type Facet, ORGANISATION_TYPES } from '../platform/model.js';
import { type DirectoryResult } from './contract.js';


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
 * Full text runs in PostgreSQL; filters, counts and ordering on the in-memory bitsets of directory-index.ts.
 */
export async function searchDirectory(hub: Hub, viewer: Viewer, input: unknown): Promise<DirectoryResult> {
  authorise(viewer, 'directory.search');
  const req = parse(DirectoryQuery, input);
  const { limit, offset } = pageOf(req);
  const audience: Audience = viewer.kind === 'visitor' ? 'public' : 'members';
  const selected: Record<Facet, string[]> = {
    discipline: req.discipline ?? [],
    sector: req.sector ?? [],
    theme: req.theme ?? [],
    region: req.region ?? [],
    organisationType: req.organisationType ?? [],
    careerStage: req.careerStage ?? [],
  };
  const tsq = req.q ? prefixQuery(req.q) : null;
  const all = await taxonomies(hub);
  // answered from the snapshots held; if the cards show the directory has moved since, answer again
  // from new snapshots (a third move in a row during one search is answered as of the second)
  for (let attempt = 1; ; attempt++) {
    const { index, snap } = await snapshots(hub);
    const held = snap[audience];
    const text = tsq ? await textMatches(hub, index, held, audience, tsq) : null;
    // the directory's text matches come with their ranks (thousands of profiles, not a hundred thousand items)
    const search = tsq && text ? { tsquery: tsq, hit: text, readRanks: async () => {} } : null;
    const result = await selectOnce(index, audience, held, FACETS, selected, search, req.sort === 'name' ? 'default' : 'relevance');
    const page = await memberCards(hub, viewer, result.page(offset, limit).map((r) => held.ids[r]), index.records);
    if (page.version !== held.version) {
      forgetSnapshots(hub, index);
      if (attempt < 3) continue;
    } else for (const [id, card] of page.read) index.records.set(id, card);
    return {
      total: result.total,
      page: req.page ?? 1,
      pageSize: limit,
      items: page.cards,
      facets: facetCounts(FACETS, result.counts, selected, (f, code) => facetLabel(f, code, all), undefined, Infinity, (f, code) => facetDetail(all, f, code)),
    };
  }
}

function facetLabel(facet: Facet, code: string, all: Taxonomies): string {
  switch (facet) {
    case 'organisationType':
      return ORGANISATION_TYPES[code as keyof typeof ORGANISATION_TYPES] ?? code;
    case 'careerStage':
      return CAREER_STAGES[code as keyof typeof CAREER_STAGES] ?? code;
    default:
      return labelOf(all, facet, code);
  }
}
