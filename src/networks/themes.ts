/**
 * Themes from keywords (co-word analysis; Callon, Courtial & Laville 1991; Cobo et al. 2011; bibliometrix's thematicMap
 * and thematicEvolution): the keywords' co-occurrence network, normalised by bibliometrix's association index
 * e_ij = c_ij / (c_i c_j) (c_i the keyword's occurrences), split into clusters (Louvain), each cluster placed by
 *   centrality = Σ of the link strengths e_ij from its keywords to other clusters' (how it ties to the rest; Callon),
 *   density    = 100 · Σ of its internal link strengths / its number of keywords (how developed it is);
 * and by the ranks of both, into four quadrants around their means: motor themes (central, dense), niche themes
 * (peripheral, dense), emerging or declining themes (peripheral, sparse) and basic themes (central, sparse).
 * Between periods, a theme leads to another when they share keywords: inclusion |A ∩ B| / min(|A|, |B|), weighted
 * inclusion Σ_{w ∈ A∩B} min(occ_A w, occ_B w) / min(occ A, occ B), stability |A ∩ B| / |A ∪ B|.
 */
import { ranks } from '../linalg/stats.js';
import { coOccurrence } from './co-occurrence.js';
import { louvain } from './communities.js';
import type { Graph } from './graph.js';
import { documentKeywords, keywordOccurrences, type KeywordKind, type Thesaurus } from './keywords.js';
import { incidence, yearOf, type Activity } from './records.js';

export type Quadrant = 'motor' | 'niche' | 'emerging or declining' | 'basic';

export interface Theme {
  /** The theme's most frequent keyword. */
  label: string;
  keywords: { keyword: string; occurrences: number }[];
  occurrences: number;
  centrality: number;
  density: number;
  centralityRank: number;
  densityRank: number;
  quadrant: Quadrant;
}

export interface ThemeOptions {
  kind?: KeywordKind;
  thesaurus?: Thesaurus;
  /** The most frequent keywords to map (bibliometrix's n, default 250). */
  keywords?: number;
  /** Keywords of a theme need this many occurrences per 1,000 documents, and at least 2 (bibliometrix's minfreq, default 5). */
  minFrequency?: number;
  seed?: number;
}

/** The thematic map of the documents. */
export function thematicMap(activities: readonly Activity[], options: ThemeOptions = {}): Theme[] {
  const docs = documentKeywords(activities, options.kind ?? 'author', options.thesaurus);
  const occ = keywordOccurrences(docs);
  const top = new Set([...occ].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, options.keywords ?? 250).map(([k]) => k));
  const g: Graph = coOccurrence(incidence(docs.map((d) => d.filter((k) => top.has(k)))), 'full');
  if (g.m === 0) return [];
  // association index: e_ij = c_ij / (c_i c_j)
  const e = Float64Array.from(g.weights);
  for (let i = 0; i < g.n; i++) for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++) e[k] = g.weights[k] / (occ.get(g.ids[i])! * occ.get(g.ids[g.targets[k]])!);
  const clusters = louvain({ ...g, weights: e }, { seed: options.seed ?? 1 }).membership;
  const minFreq = Math.max(2, Math.floor(((options.minFrequency ?? 5) * activities.length) / 1000));
  const keep = Array.from({ length: g.n }, (_, i) => occ.get(g.ids[i])! >= minFreq && g.offsets[i + 1] > g.offsets[i]);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < g.n; i++) if (keep[i]) (groups.get(clusters[i]) ?? groups.set(clusters[i], []).get(clusters[i])!).push(i);
  const raw = [...groups].map(([c, members]) => {
    let external = 0;
    let internal = 0;
    for (const i of members) {
      for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++) {
        const j = g.targets[k];
        if (!keep[j]) continue;
        if (clusters[j] !== c) external += e[k];
        else if (j > i) internal += e[k];
      }
    }
    const keywords = members.map((i) => ({ keyword: g.ids[i], occurrences: occ.get(g.ids[i])! })).sort((a, b) => b.occurrences - a.occurrences || (a.keyword < b.keyword ? -1 : 1));
    return { label: keywords[0].keyword, keywords, occurrences: keywords.reduce((s, k) => s + k.occurrences, 0), centrality: external, density: (100 * internal) / members.length };
  });
  // mid-ranks, as R's rank
  const rc = ranks(raw.map((t) => t.centrality));
  const rd = ranks(raw.map((t) => t.density));
  const mc = rc.reduce((s, v) => s + v, 0) / Math.max(1, rc.length);
  const md = rd.reduce((s, v) => s + v, 0) / Math.max(1, rd.length);
  return raw
    .map((t, i) => ({
      ...t,
      centralityRank: rc[i],
      densityRank: rd[i],
      quadrant: quadrantOf(rc[i], rd[i], mc, md),
    }))
    .sort((a, b) => b.occurrences - a.occurrences || (a.label < b.label ? -1 : 1));
}

/** Which quadrant a theme of the given centrality and density ranks falls in, around the ranks' means. */
export function quadrantOf(centralityRank: number, densityRank: number, meanCentrality: number, meanDensity: number): Quadrant {
  return centralityRank >= meanCentrality ? (densityRank >= meanDensity ? 'motor' : 'basic') : densityRank >= meanDensity ? 'niche' : 'emerging or declining';
}

export interface ThemeLink {
  from: string;
  fromPeriod: string;
  to: string;
  toPeriod: string;
  words: string[];
  inclusion: number;
  weightedInclusion: number;
  stability: number;
}

/**
 * Thematic evolution: a thematic map per period (periods start at each cut year: cuts [2005, 2010] give ..–2004,
 * 2005–2009, 2010–..) and the links between the themes of consecutive periods that share keywords.
 */
export function thematicEvolution(activities: readonly Activity[], cuts: readonly number[], options: ThemeOptions = {}): { periods: { label: string; themes: Theme[] }[]; links: ThemeLink[] } {
  const sorted = [...cuts].sort((a, b) => a - b);
  const years = activities.map(yearOf).filter((y): y is number => y !== undefined);
  const first = Math.min(...years);
  const last = Math.max(...years);
  const bounds = [first, ...sorted.filter((c) => c > first && c <= last), last + 1];
  const periods = bounds.slice(0, -1).map((from, i) => {
    const to = bounds[i + 1] - 1;
    const docs = activities.filter((a) => {
      const y = yearOf(a);
      return y !== undefined && y >= from && y <= to;
    });
    return { label: from === to ? String(from) : `${from}-${to}`, themes: thematicMap(docs, options) };
  });
  const links: ThemeLink[] = [];
  for (let p = 1; p < periods.length; p++) {
    for (const a of periods[p - 1].themes) {
      const occA = new Map(a.keywords.map((k) => [k.keyword, k.occurrences]));
      for (const b of periods[p].themes) {
        const occB = new Map(b.keywords.map((k) => [k.keyword, k.occurrences]));
        const words = [...occA.keys()].filter((w) => occB.has(w));
        if (words.length === 0) continue;
        links.push({
          from: a.label,
          fromPeriod: periods[p - 1].label,
          to: b.label,
          toPeriod: periods[p].label,
          words,
          inclusion: words.length / Math.min(occA.size, occB.size),
          weightedInclusion: words.reduce((s, w) => s + Math.min(occA.get(w)!, occB.get(w)!), 0) / Math.min(a.occurrences, b.occurrences),
          stability: words.length / (occA.size + occB.size - words.length),
        });
      }
    }
  }
  return { periods, links };
}
