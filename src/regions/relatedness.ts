import { bitColumns, coOccurrence } from '../linalg/bitset.js';

/**
 * Relatedness between activities. Every matrix here is n × n, row-major, with a zero diagonal.
 * M is a regions × activities 0/1 presence matrix (row-major).
 */

/** Co-occurrence C = MᵀM: the number of regions specialised in both p and q (diagonal: ubiquity). */
export function coOccurrenceOf(m: ArrayLike<number>, regions: number, activities: number): Float64Array {
  return coOccurrence(bitColumns(regions, activities, m));
}

function zeroDiagonal(x: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) x[i * n + i] = 0;
  return x;
}

/**
 * Hidalgo et al. (2007) proximity, the minimum of the two conditional probabilities:
 *   φ_pq = C_pq / max(u_p, u_q)
 * Stata ecomplexity proxdiscrete; py-ecomplexity calc_discrete_proximity; economiccomplexity proximity()$proximity_product.
 */
export function proximity(cooc: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let p = 0; p < n; p++) {
    const up = cooc[p * n + p];
    for (let q = 0; q < n; q++) {
      const d = Math.max(up, cooc[q * n + q]);
      out[p * n + q] = d > 0 ? cooc[p * n + q] / d : 0;
    }
  }
  return zeroDiagonal(out, n);
}

/**
 * Asymmetric proximity, the conditional probability of q given p:
 *   φ_pq = P(q | p) = C_pq / u_p
 * Stata ecomplexity `asym` (P1 − I), genproximity asym (row = hs92_1).
 */
export function proximityAsymmetric(cooc: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let p = 0; p < n; p++) {
    const up = cooc[p * n + p];
    for (let q = 0; q < n; q++) out[p * n + q] = up > 0 ? cooc[p * n + q] / up : 0;
  }
  return zeroDiagonal(out, n);
}

/**
 * Continuous proximity from the correlation of RCA across regions:
 *   φ_pq = (1 + corr(RCA_·p, RCA_·q)) / 2
 * Stata ecomplexity `cont` (proxcontinous); py-ecomplexity calc_continuous_proximity.
 * A constant column has no correlation; its proximities are 0.
 */
export function proximityContinuous(levels: ArrayLike<number>, regions: number, n: number): Float64Array {
  // centre and scale each column once, then φ = (1 + ZᵀZ) / 2 over the regions
  const z = new Float64Array(regions * n);
  const scale = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    let m = 0;
    for (let r = 0; r < regions; r++) m += levels[r * n + p];
    m /= regions;
    let ss = 0;
    for (let r = 0; r < regions; r++) {
      const d = levels[r * n + p] - m;
      z[r * n + p] = d;
      ss += d * d;
    }
    scale[p] = ss > 0 ? 1 / Math.sqrt(ss) : 0;
  }
  for (let r = 0; r < regions; r++) for (let p = 0; p < n; p++) z[r * n + p] *= scale[p];
  const out = new Float64Array(n * n);
  for (let r = 0; r < regions; r++) {
    const base = r * n;
    for (let p = 0; p < n; p++) {
      const zp = z[base + p];
      if (zp === 0) continue;
      const op = p * n;
      for (let q = p; q < n; q++) out[op + q] += zp * z[base + q];
    }
  }
  for (let p = 0; p < n; p++) {
    for (let q = p; q < n; q++) {
      const v = scale[p] > 0 && scale[q] > 0 ? (1 + out[p * n + q]) / 2 : 0;
      out[p * n + q] = v;
      out[q * n + p] = v;
    }
  }
  return zeroDiagonal(out, n);
}

export type EconGeoMethod = 'prob' | 'association' | 'cosine' | 'jaccard';

/**
 * EconGeo's relatedness(): normalisations of a co-occurrence matrix after van Eck & Waltman (2009)
 * and Steijn (2017). With c the co-occurrences (diagonal set to 0), s_i = Σ_j c_ij, t = Σ_ij c_ij:
 *   prob:        c_ij / (((s_j/t)(s_i/(t−s_j)) + (s_i/t)(s_j/(t−s_i))) · t/2)
 *   association: c_ij · t / (s_i s_j)
 *   cosine:      c_ij / √(s_i s_j)
 *   jaccard:     c_ij / (s_i + s_j − c_ij)
 * Undefined cells (0/0) are 0, as in EconGeo. No rounding.
 */
export function relatednessEconGeo(cooc: Float64Array, n: number, method: EconGeoMethod = 'prob'): Float64Array {
  const c = zeroDiagonal(Float64Array.from(cooc), n);
  const s = new Float64Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) s[j] += c[i * n + j];
  }
  for (let j = 0; j < n; j++) t += s[j];
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const cij = c[i * n + j];
      const si = s[i];
      const sj = s[j];
      let v: number;
      switch (method) {
        case 'prob':
          v = cij / (((sj / t) * (si / (t - sj)) + (si / t) * (sj / (t - si))) * (t / 2));
          break;
        case 'association':
          v = cij / t / ((sj / t) * (si / t));
          break;
        case 'cosine':
          v = cij / Math.sqrt(si * sj);
          break;
        case 'jaccard':
          v = cij / (si + sj - cij);
          break;
      }
      out[i * n + j] = Number.isFinite(v) ? v : 0;
    }
  }
  return out;
}

/**
 * Hypergeometric z-score of co-occurrence (Teece, Rumelt, Dosi & Winter 1994):
 * with N regions, expected μ_pq = u_p u_q / N and variance
 *   σ²_pq = μ_pq (1 − u_p/N) (N − u_q) / (N − 1),
 *   z_pq = (C_pq − μ_pq) / σ_pq   (0 where σ = 0).
 */
export function relatednessZScore(cooc: Float64Array, n: number, regions: number): Float64Array {
  const N = regions;
  const out = new Float64Array(n * n);
  for (let p = 0; p < n; p++) {
    const up = cooc[p * n + p];
    for (let q = 0; q < n; q++) {
      if (p === q) continue;
      const uq = cooc[q * n + q];
      const mu = (up * uq) / N;
      const variance = (mu * (1 - up / N) * (N - uq)) / (N - 1);
      out[p * n + q] = variance > 0 ? (cooc[p * n + q] - mu) / Math.sqrt(variance) : 0;
    }
  }
  return out;
}

export type RelatednessMethod = 'proximity' | 'asymmetric' | 'continuous' | EconGeoMethod | 'zscore';

export const RELATEDNESS_METHODS: readonly RelatednessMethod[] = [
  'proximity',
  'asymmetric',
  'continuous',
  'prob',
  'association',
  'cosine',
  'jaccard',
  'zscore',
];

/**
 * Relatedness matrix by name, from presence M (and the continuous levels, RCA, for 'continuous').
 * EconGeo methods use co_occurrence(t(M)).
 */
export function relatednessMatrix(
  method: RelatednessMethod,
  m: ArrayLike<number>,
  levels: ArrayLike<number>,
  regions: number,
  activities: number,
): Float64Array {
  if (method === 'continuous') return proximityContinuous(levels, regions, activities);
  const cooc = coOccurrenceOf(m, regions, activities);
  switch (method) {
    case 'proximity':
      return proximity(cooc, activities);
    case 'asymmetric':
      return proximityAsymmetric(cooc, activities);
    case 'zscore':
      return relatednessZScore(cooc, activities, regions);
    default:
      return relatednessEconGeo(cooc, activities, method);
  }
}
