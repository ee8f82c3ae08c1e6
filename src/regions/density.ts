import { productWithSparse } from '../linalg/sparse.js';

/**
 * Relatedness density of region c around activity p (Hidalgo et al. 2007):
 *   ω_cp = Σ_q L_cq φ_qp / Σ_q φ_qp
 * where L is the presence matrix M (or RCA/RPOP for continuous proximity) and φ the relatedness matrix
 * (zero diagonal). Computed as a sparse or 0/1 (L) × dense product (linalg productWithSparse).
 * Stata ecomplexity calculate_density; py-ecomplexity density; EconGeo relatedness_density / 100;
 * economiccomplexity density (via proximity).
 */
export function density(levels: ArrayLike<number>, phi: Float64Array, regions: number, n: number): Float64Array {
  const colSum = new Float64Array(n);
  for (let q = 0; q < n; q++) for (let p = 0; p < n; p++) colSum[p] += phi[q * n + p];
  const weights = new Float64Array(n * n);
  for (let q = 0; q < n; q++) {
    for (let p = 0; p < n; p++) weights[q * n + p] = colSum[p] > 0 ? phi[q * n + p] / colSum[p] : 0;
  }
  return productWithSparse(levels, regions, n, weights, n);
}

/**
 * kNN density (Stata ecomplexity `knn(k)`): only the k activities most related to p count,
 * ties at the k-th value included:
 *   S_qp = φ_qp · [φ_qp ≥ φ_(k),p],   ω_cp = Σ_q L_cq S_qp / Σ_q S_qp
 * where φ_(k),p is the k-th largest value in column p.
 */
export function densityKnn(levels: ArrayLike<number>, phi: Float64Array, regions: number, n: number, k: number): Float64Array {
  const weights = new Float64Array(n * n);
  const col = new Float64Array(n);
  const kk = Math.max(1, Math.min(k, n));
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) col[q] = phi[q * n + p];
    const sorted = Float64Array.from(col).sort();
    const cut = sorted[n - kk];
    let s = 0;
    for (let q = 0; q < n; q++) if (col[q] >= cut) s += col[q];
    for (let q = 0; q < n; q++) weights[q * n + p] = col[q] >= cut && s > 0 ? col[q] / s : 0;
  }
  return productWithSparse(levels, regions, n, weights, n);
}

export interface PortfolioDensity {
  /** Mean density over the activities a region is specialised in (coherence of its portfolio). */
  coherence: Float64Array;
  /** Mean density over the activities it is not specialised in (its room to move: flexibility). */
  flexibility: Float64Array;
}

/**
 * Coherence and flexibility of each region's portfolio (EconGeo relatedness_density_int_avg /
 * relatedness_density_ext_avg, here on a 0–1 scale): average density inside and outside M.
 */
export function portfolioDensity(m: ArrayLike<number>, dens: ArrayLike<number>, regions: number, n: number): PortfolioDensity {
  const coherence = new Float64Array(regions);
  const flexibility = new Float64Array(regions);
  for (let r = 0; r < regions; r++) {
    let si = 0;
    let ni = 0;
    let so = 0;
    let no = 0;
    for (let p = 0; p < n; p++) {
      const d = dens[r * n + p];
      if (m[r * n + p] > 0) {
        si += d;
        ni++;
      } else {
        so += d;
        no++;
      }
    }
    coherence[r] = ni > 0 ? si / ni : NaN;
    flexibility[r] = no > 0 ? so / no : NaN;
  }
  return { coherence, flexibility };
}
