/**
 * Variety and concentration of a region's economy (or of an activity across regions).
 * Entropies are in bits (log base 2), as in Frenken, Van Oort & Verburg (2007) and EconGeo's entropy().
 */

const log2 = Math.log2;

/** Shares of a non-negative vector (zeros stay zero). */
export function shares(values: ArrayLike<number>): Float64Array {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return Float64Array.from(values, (v) => (s > 0 ? v / s : 0));
}

/** Shannon entropy H = Σ_i p_i log2(1/p_i) of the shares of `values`. EconGeo: entropy. */
export function entropy(values: ArrayLike<number>): number {
  let h = 0;
  for (const p of shares(values)) if (p > 0) h -= p * log2(p);
  return h;
}

export interface VarietyDecomposition {
  /** Total entropy over activities = unrelated + related variety. */
  entropy: number;
  /** Entropy between groups: UV = Σ_g P_g log2(1/P_g). */
  unrelated: number;
  /** Weighted entropy within groups: RV = Σ_g P_g H_g, H_g = Σ_{i∈g} (p_i/P_g) log2(P_g/p_i). */
  related: number;
}

/**
 * Related and unrelated variety, the entropy decomposition theorem (Theil 1972) as used by
 * Frenken, Van Oort & Verburg (2007): activities are grouped by one level of a hierarchy.
 * `groupOf[i]` is the group index of activity i (activities without a group form their own group).
 */
export function relatedUnrelatedVariety(values: ArrayLike<number>, groupOf: ArrayLike<number>): VarietyDecomposition {
  const p = shares(values);
  const groupShare = new Map<number, number>();
  for (let i = 0; i < p.length; i++) groupShare.set(groupOf[i], (groupShare.get(groupOf[i]) ?? 0) + p[i]);
  let unrelated = 0;
  for (const P of groupShare.values()) if (P > 0) unrelated -= P * log2(P);
  let related = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] <= 0) continue;
    const P = groupShare.get(groupOf[i])!;
    related += p[i] * log2(P / p[i]);
  }
  return { entropy: unrelated + related, unrelated, related };
}

/** Herfindahl–Hirschman index Σ s_i² of the shares. EconGeo: Herfindahl. */
export function herfindahl(values: ArrayLike<number>): number {
  let h = 0;
  for (const s of shares(values)) h += s * s;
  return h;
}

/** Gini coefficient Σ_i Σ_j |x_i − x_j| / (2 n² x̄). EconGeo: Gini (per column). */
export function gini(values: ArrayLike<number>): number {
  const x = Float64Array.from(values).sort();
  const n = x.length;
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += x[i];
    weighted += (2 * (i + 1) - n - 1) * x[i];
  }
  return total > 0 ? weighted / (n * total) : 0;
}

/**
 * Krugman specialisation index of region c (Krugman 1991): K_c = Σ_p |s_cp − s̄_p|, with s_cp the
 * share of p in c and s̄_p the share of p in all other regions. 0 = same structure, 2 = disjoint.
 * EconGeo: krugman_index. `values` is regions × activities row-major.
 */
export function krugmanIndex(values: ArrayLike<number>, regions: number, activities: number): Float64Array {
  const total = new Float64Array(activities);
  for (let r = 0; r < regions; r++) for (let a = 0; a < activities; a++) total[a] += values[r * activities + a];
  const out = new Float64Array(regions);
  const rest = new Float64Array(activities);
  for (let r = 0; r < regions; r++) {
    for (let a = 0; a < activities; a++) rest[a] = total[a] - values[r * activities + a];
    const own = shares(Array.from({ length: activities }, (_, a) => values[r * activities + a]));
    const other = shares(rest);
    let k = 0;
    for (let a = 0; a < activities; a++) k += Math.abs(own[a] - other[a]);
    out[r] = k;
  }
  return out;
}

/**
 * Hoover index of each activity's concentration across regions relative to a reference distribution
 * (Hoover 1936): H_p = ½ Σ_c |x_cp / X_p − b_c / B|. The reference b defaults to region totals.
 * EconGeo: Hoover.index / hoover_index (there per region share of population).
 */
export function hooverIndex(values: ArrayLike<number>, regions: number, activities: number, reference?: ArrayLike<number>): Float64Array {
  const ref = new Float64Array(regions);
  if (reference) ref.set(Array.from(reference));
  else for (let r = 0; r < regions; r++) for (let a = 0; a < activities; a++) ref[r] += values[r * activities + a];
  const refShare = shares(ref);
  const out = new Float64Array(activities);
  for (let a = 0; a < activities; a++) {
    let X = 0;
    for (let r = 0; r < regions; r++) X += values[r * activities + a];
    let h = 0;
    for (let r = 0; r < regions; r++) h += Math.abs((X > 0 ? values[r * activities + a] / X : 0) - refShare[r]);
    out[a] = h / 2;
  }
  return out;
}

/**
 * Locational Gini of each activity (Krugman 1991; Audretsch & Feldman 1996): regions are ordered by
 * their location quotient; G_p = 1 − 2 · (area under the curve of the cumulative share of p against
 * the cumulative share of total activity). 0 = distributed like total activity. EconGeo: locational_gini.
 */
export function locationalGini(values: ArrayLike<number>, regions: number, activities: number): Float64Array {
  const rTot = new Float64Array(regions);
  let total = 0;
  for (let r = 0; r < regions; r++) {
    for (let a = 0; a < activities; a++) rTot[r] += values[r * activities + a];
    total += rTot[r];
  }
  const out = new Float64Array(activities);
  for (let a = 0; a < activities; a++) {
    let X = 0;
    for (let r = 0; r < regions; r++) X += values[r * activities + a];
    if (X <= 0) {
      out[a] = NaN;
      continue;
    }
    const order = Array.from({ length: regions }, (_, r) => r)
      .filter((r) => rTot[r] > 0)
      .sort((i, j) => values[i * activities + a] / rTot[i] - values[j * activities + a] / rTot[j]);
    let cx = 0;
    let cy = 0;
    let area = 0;
    for (const r of order) {
      const dx = rTot[r] / total;
      const dy = values[r * activities + a] / X;
      area += dx * (cy + cy + dy) / 2;
      cx += dx;
      cy += dy;
    }
    out[a] = 1 - 2 * area;
  }
  return out;
}
