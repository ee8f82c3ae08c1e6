import { logit, normalPValue } from '../linalg/logit.js';
import { ranks } from '../linalg/stats.js';
import type { Measures } from './measures.js';

export interface Transition {
  region: string;
  activity: string;
  /** 'entry': M 0 → 1; 'exit': 1 → 0. */
  kind: 'entry' | 'exit';
  densityBefore: number;
  rcaBefore: number;
  rcaAfter: number;
}

/**
 * When a region enters an activity. Default: M goes 0 → 1. With `from`/`to` (Neffke, Henning & Boschma 2011):
 * an entry starts below RCA `from` and ends at or above RCA `to`, so cells that flicker around the threshold
 * (RCA 0.95 → 1.05) are neither candidates nor entries; an exit is the reverse. `window` compares each period
 * with the one `window` periods later (default 1).
 */
export interface EntryRule {
  from?: number;
  to?: number;
  window?: number;
}

function states(rule: EntryRule | undefined, before: Measures, after: Measures) {
  if (rule?.from === undefined && rule?.to === undefined) {
    return { candidate: (c0: number) => before.m[c0] === 0, entered: (c1: number) => after.m[c1] > 0, held: (c0: number) => before.m[c0] > 0, left: (c1: number) => after.m[c1] === 0 };
  }
  const from = rule.from ?? rule.to!;
  const to = rule.to ?? rule.from!;
  return {
    candidate: (c0: number) => before.rca[c0] < from,
    entered: (c1: number) => after.rca[c1] >= to,
    held: (c0: number) => before.rca[c0] >= to,
    left: (c1: number) => after.rca[c1] < from,
  };
}

/** Pairs of period indices (t, t + window). */
export function periodPairs(count: number, window = 1): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let t = 0; t + window < count; t++) out.push([t, t + window]);
  return out;
}

/** Aligns two periods on their common regions and activities: index pairs into each. */
function align(a: Measures, b: Measures) {
  const bRegion = new Map(b.table.regions.map((r, i) => [r, i]));
  const bActivity = new Map(b.table.activities.map((p, j) => [p, j]));
  const regions = a.table.regions.map((r, i) => [i, bRegion.get(r)] as const).filter(([, j]) => j !== undefined) as Array<[number, number]>;
  const activities = a.table.activities.map((p, i) => [i, bActivity.get(p)] as const).filter(([, j]) => j !== undefined) as Array<[number, number]>;
  return { regions, activities };
}

/** Entries and exits of specialisations between two periods (EconGeo entry_list / exit_list). */
export function transitions(before: Measures, after: Measures, rule?: EntryRule): Transition[] {
  const { regions, activities } = align(before, after);
  const st = states(rule, before, after);
  const A0 = before.table.activities.length;
  const A1 = after.table.activities.length;
  const out: Transition[] = [];
  for (const [r0, r1] of regions) {
    for (const [p0, p1] of activities) {
      const c0 = r0 * A0 + p0;
      const c1 = r1 * A1 + p1;
      const kind = st.candidate(c0) && st.entered(c1) ? 'entry' : st.held(c0) && st.left(c1) ? 'exit' : undefined;
      if (!kind) continue;
      out.push({
        region: before.table.regions[r0],
        activity: before.table.activities[p0],
        kind,
        densityBefore: before.density[r0 * A0 + p0],
        rcaBefore: before.rca[r0 * A0 + p0],
        rcaAfter: after.rca[r1 * A1 + p1],
      });
    }
  }
  return out;
}

/** Growth of each region × activity value between periods: (x₁ − x₀) / x₀ (NaN when x₀ = 0). EconGeo growth_list. */
export function growth(before: Measures, after: Measures): Array<{ region: string; activity: string; before: number; after: number; growth: number }> {
  const { regions, activities } = align(before, after);
  const A0 = before.table.activities.length;
  const A1 = after.table.activities.length;
  const out = [];
  for (const [r0, r1] of regions) {
    for (const [p0, p1] of activities) {
      const x0 = before.table.values[r0 * A0 + p0];
      const x1 = after.table.values[r1 * A1 + p1];
      out.push({ region: before.table.regions[r0], activity: before.table.activities[p0], before: x0, after: x1, growth: x0 > 0 ? (x1 - x0) / x0 : NaN });
    }
  }
  return out;
}

/**
 * Area under the ROC curve of a score predicting a binary outcome, by the Mann–Whitney statistic
 * with mid-ranks for ties: AUC = (Σ ranks of positives − n₊(n₊+1)/2) / (n₊ n₋).
 */
export function auc(score: ArrayLike<number>, outcome: ArrayLike<number>): number {
  const r = ranks(score);
  let np = 0;
  let sum = 0;
  for (let i = 0; i < r.length; i++) {
    if (outcome[i]) {
      np++;
      sum += r[i];
    }
  }
  const nn = r.length - np;
  return np > 0 && nn > 0 ? (sum - (np * (np + 1)) / 2) / (np * nn) : NaN;
}

export interface RelatednessPrinciple {
  /** Candidate cells (M = 0 in the first period) and the entries among them. */
  candidates: number;
  entries: number;
  /** Entry probability by decile of density (decile 1 = lowest density). */
  deciles: Array<{ decile: number; minDensity: number; maxDensity: number; candidates: number; entries: number; probability: number }>;
  auc: number;
  /** Logit of entry on standardised density; with region and activity fixed effects when practical. */
  logit: { coefficient: number; standardError: number; z: number; pValue: number; fixedEffects: boolean; converged: boolean; observations: number } | null;
}

/**
 * The relatedness principle (Hidalgo et al. 2018): do regions enter the activities with high density?
 * Pools every pair of periods `window` apart (consecutive by default).
 */
export function relatednessPrinciple(periods: readonly Measures[], maxFixedEffects = 600, rule?: EntryRule): RelatednessPrinciple {
  const dens: number[] = [];
  const entry: number[] = [];
  const regionId: number[] = [];
  const activityId: number[] = [];
  const regionIds = new Map<string, number>();
  const activityIds = new Map<string, number>();
  for (const [t0, t1] of periodPairs(periods.length, rule?.window ?? 1)) {
    const before = periods[t0];
    const after = periods[t1];
    const st = states(rule, before, after);
    const { regions, activities } = align(before, after);
    const A0 = before.table.activities.length;
    const A1 = after.table.activities.length;
    for (const [r0, r1] of regions) {
      for (const [p0, p1] of activities) {
        if (!st.candidate(r0 * A0 + p0)) continue;
        dens.push(before.density[r0 * A0 + p0]);
        entry.push(st.entered(r1 * A1 + p1) ? 1 : 0);
        const rn = before.table.regions[r0];
        const pn = before.table.activities[p0];
        if (!regionIds.has(rn)) regionIds.set(rn, regionIds.size);
        if (!activityIds.has(pn)) activityIds.set(pn, activityIds.size);
        regionId.push(regionIds.get(rn)!);
        activityId.push(activityIds.get(pn)!);
      }
    }
  }
  const n = dens.length;
  const entries = entry.reduce((s, v) => s + v, 0);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => dens[a] - dens[b]);
  const deciles = [];
  for (let d = 0; d < 10 && n > 0; d++) {
    const idx = order.slice(Math.floor((d * n) / 10), Math.floor(((d + 1) * n) / 10));
    if (idx.length === 0) continue;
    const e = idx.reduce((s, i) => s + entry[i], 0);
    deciles.push({ decile: d + 1, minDensity: dens[idx[0]], maxDensity: dens[idx[idx.length - 1]], candidates: idx.length, entries: e, probability: e / idx.length });
  }
  let logitResult: RelatednessPrinciple['logit'] = null;
  if (n > 2 && entries > 0 && entries < n) {
    const mu = dens.reduce((s, v) => s + v, 0) / n;
    const sdv = Math.sqrt(dens.reduce((s, v) => s + (v - mu) * (v - mu), 0) / (n - 1)) || 1;
    const fe = regionIds.size + activityIds.size - 2 <= maxFixedEffects;
    const p = fe ? 2 + (regionIds.size - 1) + (activityIds.size - 1) : 2;
    const X = new Float64Array(n * p);
    const ridge = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      X[i * p] = 1;
      X[i * p + 1] = (dens[i] - mu) / sdv;
      if (fe) {
        if (regionId[i] > 0) X[i * p + 1 + regionId[i]] = 1;
        if (activityId[i] > 0) X[i * p + regionIds.size + activityId[i]] = 1;
      }
    }
    for (let j = 2; j < p; j++) ridge[j] = 1e-3;
    const fit = logit(X, entry, n, p, ridge);
    const z = fit.coefficients[1] / fit.standardErrors[1];
    logitResult = {
      coefficient: fit.coefficients[1],
      standardError: fit.standardErrors[1],
      z,
      pValue: normalPValue(z),
      fixedEffects: fe,
      converged: fit.converged,
      observations: n,
    };
  }
  return { candidates: n, entries, deciles, auc: auc(dens, entry), logit: logitResult };
}
