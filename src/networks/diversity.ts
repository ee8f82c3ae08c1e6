/**
 * Diversity of a distribution over categories (disciplines, or any other), for an actor, a team, an
 * organisation, a region or the network: `counts[c]` ≥ 0 (weights, fractional shares allowed).
 *
 * - Shannon H = −Σ p_c ln p_c (natural log).
 * - Simpson λ = Σ p_c²; Blau (Gini–Simpson) 1 − λ.
 * - Hill numbers (true diversity, Hill 1973) D_q = (Σ p_c^q)^(1/(1−q)); D_0 the categories present,
 *   D_1 = exp(H), D_2 = 1/λ.
 * - Rao–Stirling Δ = Σ_{c≠e} d_ce p_c p_e (Stirling 2007; Rafols & Meyer 2010) over ordered pairs: each
 *   unordered pair counts twice, so two equal categories at distance 1 give 0.5 (halve it for the
 *   once-per-pair convention).
 * - DIV (Leydesdorff, Wagner & Bornmann 2019) = (n_c / N) · (1 − Gini) · Σ_{c≠e} d_ce / (n_c (n_c − 1)) over
 *   the n_c categories present out of N, Gini over the present categories' counts (0 when n_c < 2).
 */
export interface Diversity {
  total: number;
  variety: number;
  shannon: number;
  simpson: number;
  blau: number;
  hill0: number;
  hill1: number;
  hill2: number;
  raoStirling: number;
  div: number;
}

/** d_ce for categories c, e (0 on the diagonal), e.g. cosineDistances(...). */
export type Distances = (c: number, e: number) => number;

export function hill(p: ArrayLike<number>, q: number): number {
  let present = 0;
  let sum = 0;
  let entropy = 0;
  for (let c = 0; c < p.length; c++) {
    if (p[c] <= 0) continue;
    present++;
    sum += p[c] ** q;
    entropy -= p[c] * Math.log(p[c]);
  }
  if (present === 0) return 0;
  if (q === 0) return present;
  if (q === 1) return Math.exp(entropy);
  return sum ** (1 / (1 - q));
}

export function diversity(counts: ArrayLike<number>, distance?: Distances): Diversity {
  const n = counts.length;
  let total = 0;
  for (let c = 0; c < n; c++) {
    if (!(counts[c] >= 0)) throw new RangeError(`count of category ${c} is ${counts[c]}: counts must be ≥ 0`);
    total += counts[c];
  }
  const present: number[] = [];
  for (let c = 0; c < n; c++) if (counts[c] > 0) present.push(c);
  const p = Array.from(counts, (x) => (total > 0 ? x / total : 0));
  let shannon = 0;
  let simpson = 0;
  for (const c of present) {
    shannon -= p[c] * Math.log(p[c]);
    simpson += p[c] * p[c];
  }
  let raoStirling = NaN;
  let div = NaN;
  if (distance) {
    raoStirling = 0;
    let disparity = 0;
    for (const c of present)
      for (const e of present)
        if (c !== e) {
          const d = distance(c, e);
          raoStirling += d * p[c] * p[e];
          disparity += d;
        }
    const nc = present.length;
    div = nc < 2 ? 0 : (nc / n) * (1 - gini(present.map((c) => counts[c]))) * (disparity / (nc * (nc - 1)));
  }
  return {
    total,
    variety: present.length,
    shannon,
    simpson: total > 0 ? simpson : NaN,
    blau: total > 0 ? 1 - simpson : NaN,
    hill0: present.length,
    hill1: total > 0 ? Math.exp(shannon) : 0,
    hill2: total > 0 ? 1 / simpson : 0,
    raoStirling,
    div,
  };
}

/** Gini coefficient of non-negative values: Σ_i (2i − n − 1) x_(i) / (n Σ x), values sorted ascending. */
export function gini(values: readonly number[]): number {
  const x = [...values].sort((a, b) => a - b);
  const n = x.length;
  const sum = x.reduce((s, v) => s + v, 0);
  if (n === 0 || sum === 0) return 0;
  let g = 0;
  x.forEach((v, i) => (g += (2 * (i + 1) - n - 1) * v));
  return g / (n * sum);
}

/**
 * Cosine distances between categories from their co-occurrence profiles: with `units` × `categories`
 * weights X (row-major), C = XᵀX and d_ce = 1 − cos(C_c·, C_e·); 1 for a category never seen.
 */
export function cosineDistances(x: ArrayLike<number>, units: number, categories: number): Float64Array {
  const co = new Float64Array(categories * categories);
  for (let u = 0; u < units; u++) {
    const row = u * categories;
    for (let c = 0; c < categories; c++) {
      const a = x[row + c];
      if (a === 0) continue;
      for (let e = 0; e < categories; e++) co[c * categories + e] += a * x[row + e];
    }
  }
  const norm = new Float64Array(categories);
  for (let c = 0; c < categories; c++) {
    let s = 0;
    for (let e = 0; e < categories; e++) s += co[c * categories + e] ** 2;
    norm[c] = Math.sqrt(s);
  }
  const d = new Float64Array(categories * categories);
  for (let c = 0; c < categories; c++) {
    for (let e = 0; e < categories; e++) {
      if (c === e) continue;
      let dot = 0;
      for (let f = 0; f < categories; f++) dot += co[c * categories + f] * co[e * categories + f];
      d[c * categories + e] = norm[c] > 0 && norm[e] > 0 ? Math.max(0, 1 - dot / (norm[c] * norm[e])) : 1; // rounding can dip below 0
    }
  }
  return d;
}
