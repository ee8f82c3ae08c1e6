import { UserError } from '../../errors.js';
import type { KeywordKind } from '../keywords.js';
import type { Records } from '../records.js';
import { thematicEvolution, thematicMap, type Theme } from '../themes.js';
import type { Report } from '../../report.js';

export interface ThemesOptions {
  keywords: KeywordKind;
  /** The most frequent keywords mapped. */
  top: number;
  /** A theme's keywords occur at least this often per 1,000 documents (at least twice). */
  minFrequency: number;
  seed?: number;
  thesaurus?: ReadonlyMap<string, string>;
  /** Thematic evolution: the years new periods start. */
  cuts?: readonly number[];
}

const themeRow = (t: Theme) => ({ theme: t.label, quadrant: t.quadrant, centrality: t.centrality, density: t.density, centrality_rank: t.centralityRank, density_rank: t.densityRank, occurrences: t.occurrences, keywords: t.keywords.map((k) => k.keyword).join('; ') });

/**
 * Themes from keywords (bibliometrix's thematicMap): clusters of co-occurring keywords placed by Callon centrality and
 * density into motor, niche, emerging or declining, and basic themes; with `cuts`, their evolution between periods.
 */
export function themesReport(records: Records, o: ThemesOptions, source?: string): Report {
  const options = { kind: o.keywords, keywords: o.top, minFrequency: o.minFrequency, seed: o.seed ?? 1, ...(o.thesaurus && { thesaurus: o.thesaurus as Map<string, string> }) };
  const where = source ? { file: source } : { field: 'keywords' };
  if (o.cuts === undefined) {
    const themes = thematicMap(records.activities, options);
    if (themes.length === 0) throw new UserError(`no themes: no two ${o.keywords} keywords occur together often enough (try all keywords, or a lower minimum frequency)`, where);
    return { columns: ['theme', 'quadrant', 'centrality', 'density', 'centrality_rank', 'density_rank', 'occurrences', 'keywords'], rows: themes.map(themeRow), notices: [], meta: { keywords: o.keywords, themes: themes.length } };
  }
  const ev = thematicEvolution(records.activities, o.cuts, options);
  if (ev.periods.length < 2) throw new UserError("the cuts give one period only; name years inside the records' span", { field: 'cuts' });
  const notices = ev.periods.map((p) => `${p.label}: ${p.themes.length} themes (${p.themes.slice(0, 5).map((t) => `${t.label}, ${t.quadrant}`).join('; ')})`);
  const rows = ev.links.map((l) => ({ from_period: l.fromPeriod, from: l.from, to_period: l.toPeriod, to: l.to, inclusion: l.inclusion, weighted_inclusion: l.weightedInclusion, stability: l.stability, words: l.words.join('; ') }));
  return { columns: ['from_period', 'from', 'to_period', 'to', 'inclusion', 'weighted_inclusion', 'stability', 'words'], rows, notices, meta: { keywords: o.keywords, periods: ev.periods.map((p) => p.label) } };
}
