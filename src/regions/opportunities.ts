import { mean, quantileSorted, sd } from '../linalg/stats.js';
import type { Measures } from './measures.js';

export interface Weights {
  density: number;
  pci: number;
  cog: number;
}

/**
 * Named strategies: weights on the z-scores (over the region's absent activities) of density, PCI and COG.
 * In the spirit of the Growth Lab's strategic approaches (Hausmann et al., Atlas of Economic Complexity).
 */
export const STRATEGIES: Record<string, Weights> = {
  'low-hanging-fruit': { density: 0.7, pci: 0.1, cog: 0.2 },
  balanced: { density: 0.4, pci: 0.3, cog: 0.3 },
  'long-jumps': { density: 0.15, pci: 0.45, cog: 0.4 },
};

export interface RelatedActivity {
  activity: string;
  /** Relatedness φ from this present activity to the opportunity. */
  proximity: number;
  rca: number;
}

export interface Opportunity {
  rank: number;
  activity: string;
  score: number;
  /** What each term adds to the score: weight × z-score of density, (winsorised) PCI and COG. */
  contributions: Weights;
  density: number;
  pci: number;
  cog: number;
  rca: number;
  ubiquity: number;
  /** The region's present activities most related to this one. */
  relatedPresent: RelatedActivity[];
}

export type TradedLocal = 'traded' | 'local';

export interface OpportunityOptions {
  weights: Weights;
  top?: number;
  /** How many related present activities explain each opportunity (default 5). */
  explain?: number;
  /** Leave out activities held (M = 1) by fewer regions: their PCI rests on a handful of places (default 3). */
  minUbiquity?: number;
  /** Leave out activities whose total over all regions is below this (default 0). */
  minSize?: number;
  /** Activity codes never to propose. */
  exclude?: ReadonlySet<string>;
  /** Traded or local per activity: when given, local activities (serving their own region's market) are left out. */
  traded?: ReadonlyMap<string, TradedLocal>;
  /** PCI is winsorised at this quantile and its complement over the candidates before scoring (default 0.05). */
  winsorise?: number;
}

export interface Opportunities {
  list: Opportunity[];
  /** Candidates scored, and those left out by each rule. */
  candidates: number;
  left: { ubiquity: number; size: number; local: number; excluded: number };
  /** The bounds PCI was winsorised to. */
  pciBounds: [number, number];
}

export function regionIndex(res: Measures, region: string): number {
  return res.table.regions.indexOf(region);
}

/** The region's present activities q ranked by φ_qp towards activity p. */
export function relatedPresent(res: Measures, r: number, p: number, top = 5): RelatedActivity[] {
  const A = res.table.activities.length;
  const out: RelatedActivity[] = [];
  for (let q = 0; q < A; q++) {
    if (q === p || res.m[r * A + q] === 0) continue;
    const v = res.proximity[q * A + p];
    if (v > 0) out.push({ activity: res.table.activities[q], proximity: v, rca: res.rca[r * A + q] });
  }
  return out.sort((a, b) => b.proximity - a.proximity || a.activity.localeCompare(b.activity)).slice(0, top);
}

function zscores(x: number[]): number[] {
  const m = mean(x);
  const s = sd(x);
  return x.map((v) => (s > 0 ? (v - m) / s : 0));
}

export const DEFAULT_MIN_UBIQUITY = 3;

/**
 * Ranks the activities a region is not specialised in (M = 0):
 *   score_p = w_d z(density_cp) + w_pci z(PCI*_p) + w_cog z(COG_cp)
 * with z-scores over the region's candidates and PCI* = PCI winsorised at the 5th and 95th percentiles of the
 * candidates, so that a rare activity with an extreme PCI (ubiquity 2, PCI 16) cannot carry a ranking on its
 * own. Candidates exclude rare activities (ubiquity below minUbiquity), small ones, listed ones and, given a
 * traded/local split, local ones. Each opportunity comes with its score breakdown and explanation.
 */
export function opportunities(res: Measures, r: number, options: OpportunityOptions): Opportunities {
  const { weights, top = 20, explain = 5, minUbiquity = DEFAULT_MIN_UBIQUITY, minSize = 0, exclude, traded, winsorise = 0.05 } = options;
  const A = res.table.activities.length;
  const R = res.table.regions.length;
  const total = new Float64Array(A);
  for (let i = 0; i < R; i++) for (let p = 0; p < A; p++) total[p] += res.table.values[i * A + p];
  const left = { ubiquity: 0, size: 0, local: 0, excluded: 0 };
  const cand: number[] = [];
  for (let p = 0; p < A; p++) {
    if (res.m[r * A + p] !== 0 || Number.isNaN(res.pci[p])) continue;
    const code = res.table.activities[p];
    if (exclude?.has(code)) left.excluded++;
    else if (traded?.get(code) === 'local') left.local++;
    else if (res.ubiquity[p] < minUbiquity) left.ubiquity++;
    else if (total[p] < minSize) left.size++;
    else cand.push(p);
  }
  const sorted = Float64Array.from(cand, (p) => res.pci[p]).sort();
  const lo = sorted.length ? quantileSorted(sorted, winsorise) : NaN;
  const hi = sorted.length ? quantileSorted(sorted, 1 - winsorise) : NaN;
  const zd = zscores(cand.map((p) => res.density[r * A + p]));
  const zp = zscores(cand.map((p) => Math.min(hi, Math.max(lo, res.pci[p]))));
  const zg = zscores(cand.map((p) => res.cog[r * A + p]));
  const list = cand
    .map((p, i) => {
      const contributions = { density: weights.density * zd[i], pci: weights.pci * zp[i], cog: weights.cog * zg[i] };
      return { p, contributions, score: contributions.density + contributions.pci + contributions.cog };
    })
    .sort((a, b) => b.score - a.score || a.p - b.p)
    .slice(0, top)
    .map(({ p, score, contributions }, i) => ({
      rank: i + 1,
      activity: res.table.activities[p],
      score,
      contributions,
      density: res.density[r * A + p],
      pci: res.pci[p],
      cog: res.cog[r * A + p],
      rca: res.rca[r * A + p],
      ubiquity: res.ubiquity[p],
      relatedPresent: relatedPresent(res, r, p, explain),
    }));
  return { list, candidates: cand.length, left, pciBounds: [lo, hi] };
}

export interface TargetAssessment {
  target: string[];
  /** Mean density of the region over the target activities, and per activity. */
  density: number;
  perActivity: Array<{ activity: string; density: number; rca: number; present: boolean; ubiquity: number }>;
  /** Present activities most related to the target (mean φ towards it). */
  strengths: Array<{ activity: string; relatedness: number; rca: number }>;
  /** Absent activities most related to the target: the capability gaps. */
  gaps: Array<{ activity: string; relatedness: number; rca: number; density: number }>;
  /** Regions ranked by their mean density to the target. */
  bestPlaced: Array<{ region: string; density: number; presentInTarget: number }>;
  /** Rank of the region among all regions by density to the target (1 = best placed). */
  rank: number;
  /** Why parts of the assessment may mean little (a target held by too few regions). */
  notices: string[];
}

/** A target held by fewer regions gives relatedness and gaps that rest on a handful of co-occurrences. */
export const MIN_TARGET_HOLDERS = 5;

/** How well placed a region is for a target domain (one or more activities). */
export function assessTarget(res: Measures, r: number, target: readonly number[], top = 10): TargetAssessment {
  const A = res.table.activities.length;
  const R = res.table.regions.length;
  const targetSet = new Set(target);
  const toTarget = new Float64Array(A);
  for (let q = 0; q < A; q++) {
    let s = 0;
    for (const t of target) s += q === t ? 0 : res.proximity[q * A + t];
    toTarget[q] = s / target.length;
  }
  const regionDensity = Array.from({ length: R }, (_, i) => mean(target.map((t) => res.density[i * A + t])));
  const order = regionDensity.map((d, i) => ({ d, i })).sort((a, b) => b.d - a.d || a.i - b.i);
  const others = Array.from({ length: A }, (_, q) => q).filter((q) => !targetSet.has(q));
  others.sort((a, b) => toTarget[b] - toTarget[a] || a - b);
  return {
    target: target.map((t) => res.table.activities[t]),
    density: regionDensity[r],
    perActivity: target.map((t) => ({
      activity: res.table.activities[t],
      density: res.density[r * A + t],
      rca: res.rca[r * A + t],
      present: res.m[r * A + t] > 0,
      ubiquity: res.ubiquity[t],
    })),
    strengths: others
      .filter((q) => res.m[r * A + q] > 0)
      .slice(0, top)
      .map((q) => ({ activity: res.table.activities[q], relatedness: toTarget[q], rca: res.rca[r * A + q] })),
    gaps: others
      .filter((q) => res.m[r * A + q] === 0)
      .slice(0, top)
      .map((q) => ({ activity: res.table.activities[q], relatedness: toTarget[q], rca: res.rca[r * A + q], density: res.density[r * A + q] })),
    bestPlaced: order.slice(0, top).map(({ d, i }) => ({
      region: res.table.regions[i],
      density: d,
      presentInTarget: target.filter((t) => res.m[i * A + t] > 0).length,
    })),
    rank: order.findIndex((o) => o.i === r) + 1,
    notices: target
      .filter((t) => res.ubiquity[t] < MIN_TARGET_HOLDERS)
      .map((t) => `target ${res.table.activities[t]} is held (M = 1) by ${res.ubiquity[t]} region(s), fewer than ${MIN_TARGET_HOLDERS}: its relatedness to other activities rests on ${res.ubiquity[t] === 0 ? 'no' : 'so few'} co-occurrences that the strengths, gaps and densities towards it mean little`),
  };
}
