import { ranks } from '../linalg/stats.js';
import type { Measures } from './measures.js';

export type PswotClass = 'strength' | 'weakness' | 'opportunity' | 'possible entrant' | 'threat' | 'unrelated';

export interface PswotEntry {
  activity: string;
  class: PswotClass;
  present: boolean;
  rca: number;
  density: number;
  /** The activity's density as a percentile among all the region's own activities (0–1, mid-ranks for ties). */
  relativeDensity: number;
  /** The activity's RCA as a percentile among the region's own specialisations (present activities only, else NaN). */
  relativeRca: number;
  /** Share of the other regions specialised in the activity. */
  peerPresence: number;
}

/** Mid-rank percentile (0–1) of each listed index's value among the listed ones; NaN for the others. */
function percentiles(idx: readonly number[], values: ArrayLike<number>): Float64Array {
  const n = idx.length;
  const r = ranks(idx.map((p) => values[p]));
  const out = new Float64Array(values.length).fill(NaN);
  idx.forEach((p, i) => (out[p] = n > 1 ? (r[i] - 1) / (n - 1) : 0.5));
  return out;
}

/**
 * PSWOT view of a region: its activities placed by presence (M) and by relatedness density *relative to the
 * region's own distribution* — the percentile of density among the region's activities. Raw density rises
 * with diversification (a diversified region is dense everywhere), so comparing it with other regions'
 * densities measures how diversified the region is, not how embedded an activity is; the within-region
 * percentile removes that level (cf. Balland, Boschma, Crespo & Rigby 2019, who rank a region's options by
 * relatedness within the region):
 *   present, relative density ≥ 0.5, or RCA in the upper half of the region's own specialisations → strength
 *     (embedded in related capabilities, or strongly specialised even if isolated: Wichita's aircraft);
 *   present otherwise → weakness (a marginal specialisation with little related around it: the exits of Neffke,
 *     Henning & Boschma 2011 come from these);
 *   absent, ≥ 0.75 → opportunity;  absent, ≥ 0.5 → possible entrant;
 *   absent, < 0.5 while half or more of the other regions hold it → threat (others build on it, the region
 *   has little to build it from); otherwise unrelated.
 * Invariant to the order of regions and activities.
 */
export function pswot(res: Measures, r: number): PswotEntry[] {
  const A = res.table.activities.length;
  const R = res.table.regions.length;
  const dens = res.density.subarray(r * A, (r + 1) * A);
  const pct = percentiles(Array.from({ length: A }, (_, p) => p), dens);
  const presentIdx = Array.from({ length: A }, (_, p) => p).filter((p) => res.m[r * A + p] > 0);
  const rcaPct = percentiles(presentIdx, res.rca.subarray(r * A, (r + 1) * A));
  return res.table.activities.map((activity, p) => {
    let held = 0;
    for (let i = 0; i < R; i++) if (i !== r && res.m[i * A + p] > 0) held++;
    const peerPresence = held / Math.max(1, R - 1);
    const present = res.m[r * A + p] > 0;
    const q = pct[p];
    let cls: PswotClass;
    const rq = rcaPct[p];
    if (present) cls = q >= 0.5 || rq >= 0.5 ? 'strength' : 'weakness';
    else if (q >= 0.75) cls = 'opportunity';
    else if (q >= 0.5) cls = 'possible entrant';
    else cls = peerPresence >= 0.5 ? 'threat' : 'unrelated';
    return { activity, class: cls, present, rca: res.rca[r * A + p], density: dens[p], relativeDensity: q, relativeRca: rq, peerPresence };
  });
}
