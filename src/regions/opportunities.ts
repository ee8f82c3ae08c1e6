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
  density: number;
  pci: number;
  cog: number;
  rca: number;
  /** The region's present activities most related to this one. */
  relatedPresent: RelatedActivity[];
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

/**
 * Ranks the activities a region is not specialised in (M = 0):
 *   score_p = w_d z(density_cp) + w_pci z(PCI_p) + w_cog z(COG_cp)
 * with z-scores over the region's candidates. Each comes with its explanation.
 */
export function opportunities(res: Measures, r: number, weights: Weights, top = 20, explain = 5): Opportunity[] {
  const A = res.table.activities.length;
  const cand: number[] = [];
  for (let p = 0; p < A; p++) if (res.m[r * A + p] === 0 && !Number.isNaN(res.pci[p])) cand.push(p);
  const zd = zscores(cand.map((p) => res.density[r * A + p]));
  const zp = zscores(cand.map((p) => res.pci[p]));
  const zg = zscores(cand.map((p) => res.cog[r * A + p]));
  return cand
    .map((p, i) => ({ p, score: weights.density * zd[i] + weights.pci * zp[i] + weights.cog * zg[i] }))
    .sort((a, b) => b.score - a.score || a.p - b.p)
    .slice(0, top)
    .map(({ p, score }, i) => ({
      rank: i + 1,
      activity: res.table.activities[p],
      score,
      density: res.density[r * A + p],
      pci: res.pci[p],
      cog: res.cog[r * A + p],
      rca: res.rca[r * A + p],
      relatedPresent: relatedPresent(res, r, p, explain),
    }));
}

export type PswotClass = 'strength' | 'weakness' | 'opportunity' | 'possible entrant' | 'threat' | 'unrelated';

export interface PswotEntry {
  activity: string;
  class: PswotClass;
  present: boolean;
  density: number;
  /** Median and 75th percentile of the activity's density over the peer regions. */
  peerMedian: number;
  peerP75: number;
  /** Share of peer regions specialised in the activity. */
  peerPresence: number;
}

/**
 * PSWOT view of a region (after Balland et al. 2019's relatedness/complexity quadrants, with
 * density judged against peer regions):
 *   present, density ≥ peer median → strength;  present, below → weakness (weakly embedded, exit risk);
 *   absent, density ≥ peer P75 → opportunity;   absent, ≥ peer median → possible entrant;
 *   absent, below median while ≥ half of the peers hold it → threat (others build on it, the region cannot);
 *   otherwise unrelated.
 */
export function pswot(res: Measures, r: number, peers?: readonly number[]): PswotEntry[] {
  const A = res.table.activities.length;
  const R = res.table.regions.length;
  const peerRows = (peers ?? Array.from({ length: R }, (_, i) => i)).filter((i) => i !== r);
  return res.table.activities.map((activity, p) => {
    const d = Float64Array.from(peerRows, (i) => res.density[i * A + p]).sort();
    const peerMedian = quantileSorted(d, 0.5);
    const peerP75 = quantileSorted(d, 0.75);
    const peerPresence = peerRows.filter((i) => res.m[i * A + p] > 0).length / Math.max(1, peerRows.length);
    const density = res.density[r * A + p];
    const present = res.m[r * A + p] > 0;
    let cls: PswotClass;
    if (present) cls = density >= peerMedian ? 'strength' : 'weakness';
    else if (density >= peerP75) cls = 'opportunity';
    else if (density >= peerMedian) cls = 'possible entrant';
    else cls = peerPresence >= 0.5 ? 'threat' : 'unrelated';
    return { activity, class: cls, present, density, peerMedian, peerP75, peerPresence };
  });
}

export interface TargetAssessment {
  target: string[];
  /** Mean density of the region over the target activities, and per activity. */
  density: number;
  perActivity: Array<{ activity: string; density: number; rca: number; present: boolean }>;
  /** Present activities most related to the target (mean φ towards it). */
  strengths: Array<{ activity: string; relatedness: number; rca: number }>;
  /** Absent activities most related to the target: the capability gaps. */
  gaps: Array<{ activity: string; relatedness: number; rca: number; density: number }>;
  /** Regions ranked by their mean density to the target. */
  bestPlaced: Array<{ region: string; density: number; presentInTarget: number }>;
  /** Rank of the region among all regions by density to the target (1 = best placed). */
  rank: number;
}

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
  };
}
