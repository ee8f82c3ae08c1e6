import type { RegionActivity } from './table.js';

/**
 * Balassa's revealed comparative advantage / location quotient:
 *   RCA_cp = (x_cp / Σ_p x_cp) / (Σ_c x_cp / Σ_cp x_cp)
 * Balassa (1965), Trade liberalisation and "revealed" comparative advantage.
 * EconGeo: location_quotient / rca; py-ecomplexity: rca; economiccomplexity: balassa_index(discrete = FALSE).
 * Cells of regions or activities with a zero total are NaN.
 */
export function rca(t: RegionActivity): Float64Array {
  const R = t.regions.length;
  const A = t.activities.length;
  const x = t.values;
  const rTot = new Float64Array(R);
  const aTot = new Float64Array(A);
  let total = 0;
  for (let r = 0; r < R; r++) {
    for (let a = 0; a < A; a++) {
      const v = x[r * A + a];
      rTot[r] += v;
      aTot[a] += v;
    }
    total += rTot[r];
  }
  const out = new Float64Array(R * A);
  for (let r = 0; r < R; r++) {
    for (let a = 0; a < A; a++) out[r * A + a] = x[r * A + a] / rTot[r] / (aTot[a] / total);
  }
  return out;
}

/**
 * Location quotient relative to a benchmark group of regions (Metroverse-style relative presence):
 *   LQ^B_cp = (x_cp / Σ_p x_cp) / (Σ_{c∈B} x_cp / Σ_{c∈B,p} x_cp)
 * With B = all regions this is the Balassa RCA.
 */
export function relativeLQ(t: RegionActivity, benchmark: readonly number[]): Float64Array {
  const R = t.regions.length;
  const A = t.activities.length;
  const x = t.values;
  const bTot = new Float64Array(A);
  let bAll = 0;
  for (const r of benchmark) {
    for (let a = 0; a < A; a++) bTot[a] += x[r * A + a];
  }
  for (let a = 0; a < A; a++) bAll += bTot[a];
  const out = new Float64Array(R * A);
  for (let r = 0; r < R; r++) {
    let rt = 0;
    for (let a = 0; a < A; a++) rt += x[r * A + a];
    for (let a = 0; a < A; a++) out[r * A + a] = x[r * A + a] / rt / (bTot[a] / bAll);
  }
  return out;
}

/**
 * Revealed per-capita advantage (Stata ecomplexity / py-ecomplexity "rpop"):
 *   RPOP_cp = (x_cp / pop_c) / (Σ_c x_cp / Σ_c pop_c)
 */
export function rpop(t: RegionActivity, population: ArrayLike<number>): Float64Array {
  const R = t.regions.length;
  const A = t.activities.length;
  const x = t.values;
  const aTot = new Float64Array(A);
  let popTotal = 0;
  for (let r = 0; r < R; r++) {
    popTotal += population[r];
    for (let a = 0; a < A; a++) aTot[a] += x[r * A + a];
  }
  const out = new Float64Array(R * A);
  for (let r = 0; r < R; r++) {
    for (let a = 0; a < A; a++) out[r * A + a] = x[r * A + a] / population[r] / (aTot[a] / popTotal);
  }
  return out;
}

/** Binary presence M_cp = 1 if level_cp ≥ threshold (NaN counts as absent). */
export function presence(levels: ArrayLike<number>, threshold = 1): Float64Array {
  const out = new Float64Array(levels.length);
  for (let i = 0; i < out.length; i++) out[i] = Number(levels[i] >= threshold);
  return out;
}

/** Union of two presence matrices (RCA and RPOP tests combined): 1 where either is 1. */
export function presenceUnion(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] > 0 || b[i] > 0 ? 1 : 0;
  return out;
}

/** Diversity k_c,0 = Σ_p M_cp (number of activities a region is specialised in). */
export function diversity(m: ArrayLike<number>, regions: number, activities: number): Float64Array {
  const out = new Float64Array(regions);
  for (let r = 0; r < regions; r++) {
    let s = 0;
    for (let a = 0; a < activities; a++) s += m[r * activities + a];
    out[r] = s;
  }
  return out;
}

/** Ubiquity k_p,0 = Σ_c M_cp (number of regions specialised in an activity). */
export function ubiquity(m: ArrayLike<number>, regions: number, activities: number): Float64Array {
  const out = new Float64Array(activities);
  for (let r = 0; r < regions; r++) {
    for (let a = 0; a < activities; a++) out[a] += m[r * activities + a];
  }
  return out;
}
