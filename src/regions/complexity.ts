import { largestEigenpair } from '../linalg/eigen.js';
import { scoped } from '../linalg/kernels.js';
import { xorshift32 } from '../linalg/random.js';
import { csrFromDense, csrMatTVec, csrMatVec, kernelCsr, productWithSparse, type Csr } from '../linalg/sparse.js';
import { pearson, weightedMoments } from '../linalg/stats.js';
import type { RegionActivity } from './table.js';

/** Indices of rows with diversity > 0 and columns with ubiquity > 0, and the valid sub-matrix as CSR. */
function validPart(m: ArrayLike<number>, regions: number, n: number) {
  const div = new Float64Array(regions);
  const ubi = new Float64Array(n);
  let nnz = 0;
  for (let r = 0; r < regions; r++) {
    let d = 0;
    for (let p = 0; p < n; p++) {
      const v = m[r * n + p];
      if (v !== 0) {
        d += v;
        ubi[p] += v;
        nnz++;
      }
    }
    div[r] = d;
  }
  const rows: number[] = [];
  const cols: number[] = [];
  const column = new Int32Array(n).fill(-1);
  for (let r = 0; r < regions; r++) if (div[r] > 0) rows.push(r);
  for (let p = 0; p < n; p++) if (ubi[p] > 0) column[p] = cols.push(p) - 1;
  const rowPtr = new Int32Array(rows.length + 1);
  const colIdx = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  rows.forEach((r, i) => {
    for (let p = 0; p < n; p++) {
      const v = m[r * n + p];
      if (v !== 0) {
        colIdx[k] = column[p];
        values[k++] = v;
      }
    }
    rowPtr[i + 1] = k;
  });
  const csr: Csr = { rows: rows.length, cols: cols.length, rowPtr, colIdx, values };
  return {
    rows,
    cols,
    csr,
    div: Float64Array.from(rows, (r) => div[r]),
    ubi: Float64Array.from(cols, (p) => ubi[p]),
  };
}

export interface EigenComplexity {
  /** Raw region complexity k_c = Σ_p M_cp k_p / k_c,0 (sign-corrected), NaN where diversity = 0. */
  kc: Float64Array;
  /** Raw activity complexity k_p, the second eigenvector of M̃_pp (sign-corrected), NaN where ubiquity = 0. */
  kp: Float64Array;
  /** Second-largest eigenvalue of M̃ (1 is the largest). */
  eigenvalue: number;
  /** Whether the second eigenvalue is repeated (then k_c, k_p are one arbitrary choice in its eigenspace). */
  repeated: boolean;
  /** Lanczos steps used. */
  iterations: number;
}

/**
 * ECI/PCI as the second eigenvector of the reflections matrix (Hidalgo & Hausmann 2009;
 * Hausmann et al. 2014, Atlas of Economic Complexity):
 *   M̃_pp' = Σ_c M_cp M_cp' / (k_c,0 k_p,0),   k_p = 2nd eigenvector,   k_c = Σ_p M_cp k_p / k_c,0
 * The sign makes k_c correlate positively with diversity (Stata ecomplexity, py-ecomplexity).
 * Solved iteratively on the smaller side: M̃ is similar to the symmetric positive semi-definite
 * S = D^{-1/2} Mᵀ D_c^{-1} M D^{-1/2}, whose top eigenvector √k_p,0 (eigenvalue 1) is deflated, and
 * Lanczos finds the next one.
 */
export function eigenComplexity(m: ArrayLike<number>, regions: number, n: number): EigenComplexity {
  const { rows, cols, csr, div, ubi } = validPart(m, regions, n);
  const kc = new Float64Array(regions).fill(NaN);
  const kp = new Float64Array(n).fill(NaN);
  const R = rows.length;
  const P = cols.length;
  if (R < 2 || P < 2) return { kc, kp, eigenvalue: NaN, repeated: false, iterations: 0 };
  const productSide = P <= R;
  const size = productSide ? P : R;
  const inner = productSide ? div : ubi;
  const outer = productSide ? ubi : div;
  const tmpInner = new Float64Array(productSide ? R : P);
  const tmpOuter = new Float64Array(size);
  const invSqrtOuter = outer.map((v) => 1 / Math.sqrt(v));
  let total = 0;
  for (let i = 0; i < size; i++) total += outer[i];
  const top = outer.map((v) => Math.sqrt(v / total));
  const pair = scoped(() => {
    const k = kernelCsr(csr);
    const forward = productSide ? k.mul : k.mulT;
    const backward = productSide ? k.mulT : k.mul;
    const op = (x: Float64Array, y: Float64Array) => {
      for (let i = 0; i < size; i++) tmpOuter[i] = x[i] * invSqrtOuter[i];
      forward(tmpOuter, tmpInner);
      for (let i = 0; i < tmpInner.length; i++) tmpInner[i] /= inner[i];
      backward(tmpInner, y);
      for (let i = 0; i < size; i++) y[i] *= invSqrtOuter[i];
    };
    const second = largestEigenpair(op, size, { deflate: [top], tolerance: 1e-13 });
    // The next eigenvalue, only to tell whether the second is repeated: Ritz values approach it from below,
    // so a few steps settle the question. It needs its own start: the first start's component in a repeated
    // eigenspace is exactly the vector found, so deflating it would leave that start blind to the rest.
    const rnd = xorshift32(0x2545f491);
    const start = Float64Array.from({ length: size }, () => rnd() - 0.5);
    const third = size > 2 ? largestEigenpair(op, size, { deflate: [top, second.vector], tolerance: 1e-10, maxIterations: 16, start }).value : -Infinity;
    return { ...second, repeated: third >= second.value - 1e-9 * Math.max(1, Math.abs(second.value)) };
  });
  // back to the eigenvector of the (non-symmetric) reflections matrix on this side
  const v = pair.vector.map((x, i) => x * invSqrtOuter[i]);
  let kpValid: Float64Array;
  if (productSide) {
    kpValid = v;
  } else {
    // k_p = D_p^{-1} Mᵀ k_c' is the matching product-side eigenvector
    kpValid = csrMatTVec(csr, v);
    for (let j = 0; j < P; j++) kpValid[j] /= ubi[j];
  }
  const kcValid = csrMatVec(csr, kpValid);
  for (let i = 0; i < R; i++) kcValid[i] /= div[i];
  const sign = complexitySign(div, kcValid, ubi, kpValid);
  rows.forEach((r, i) => (kc[r] = sign * kcValid[i]));
  cols.forEach((p, j) => (kp[p] = sign * kpValid[j]));
  return { kc, kp, eigenvalue: pair.value, repeated: pair.repeated, iterations: pair.iterations };
}

/**
 * +1 or −1 so that ECI correlates positively with diversity. When that correlation is zero (a
 * symmetric, degenerate matrix), PCI's correlation with ubiquity must be negative; failing that,
 * ECI's third moment positive. Every fallback is invariant to the order of regions and activities.
 */
export function complexitySign(div: ArrayLike<number>, kc: ArrayLike<number>, ubi: ArrayLike<number>, kp: ArrayLike<number>): number {
  const eps = 1e-9;
  const c1 = pearson(div, kc);
  if (Math.abs(c1) > eps) return c1 < 0 ? -1 : 1;
  const c2 = pearson(ubi, kp);
  if (Math.abs(c2) > eps) return c2 > 0 ? -1 : 1;
  let mean = 0;
  for (let i = 0; i < kc.length; i++) mean += kc[i] / kc.length;
  let m3 = 0;
  for (let i = 0; i < kc.length; i++) m3 += (kc[i] - mean) ** 3;
  return m3 < 0 ? -1 : 1;
}

export interface Standardisation {
  mean: number;
  sd: number;
}

/**
 * Mean and sample s.d. of a region-level measure over the long region × activity table, as Stata's
 * `summarize` after ecomplexity sees it (each region repeated once per activity).
 */
export function longTableMoments(regionValues: ArrayLike<number>, activities: number): Standardisation {
  return weightedMoments(regionValues, new Float64Array(regionValues.length).fill(activities));
}

export interface ComplexityIndices {
  eci: Float64Array;
  pci: Float64Array;
  raw: EigenComplexity;
  /** The standardisation applied: ECI's mean and s.d. (used for PCI and COG too). */
  scale: Standardisation;
}

/**
 * ECI z-scored; PCI standardised with ECI's mean and s.d. (so ECI is the mean PCI of a region's
 * activities), as Stata ecomplexity and py-ecomplexity normalise them.
 */
export function complexityIndices(m: ArrayLike<number>, regions: number, n: number): ComplexityIndices {
  const raw = eigenComplexity(m, regions, n);
  const scale = longTableMoments(raw.kc, n);
  return {
    eci: raw.kc.map((v) => (v - scale.mean) / scale.sd),
    pci: raw.kp.map((v) => (v - scale.mean) / scale.sd),
    raw,
    scale,
  };
}

/**
 * Method of reflections (Hidalgo & Hausmann 2009), as economiccomplexity's
 * complexity_measures(method = "reflections"):
 *   k_c,N = Σ_p M_cp k_p,N−1 / k_c,0,   k_p,N = Σ_c M_cp k_c,N−1 / k_p,0
 * returning z-scores (R's sd) of k_c at iteration `iterations − 1` and k_p at `iterations`.
 */
export function reflections(m: ArrayLike<number>, regions: number, n: number, iterations = 20): { eci: Float64Array; pci: Float64Array } {
  const csr = csrFromDense(regions, n, m);
  const kc0 = csrMatVec(csr, new Float64Array(n).fill(1));
  const kp0 = csrMatTVec(csr, new Float64Array(regions).fill(1));
  const kcs: Float64Array[] = [kc0];
  const kps: Float64Array[] = [kp0];
  for (let j = 1; j < iterations; j++) {
    const kc = csrMatVec(csr, kps[j - 1]).map((v, i) => v / kc0[i]);
    const kp = csrMatTVec(csr, kcs[j - 1]).map((v, i) => v / kp0[i]);
    kcs.push(kc);
    kps.push(kp);
  }
  const z = (x: Float64Array) => {
    const { mean, sd } = weightedMoments(x, new Float64Array(x.length).fill(1));
    return x.map((v) => (v - mean) / sd);
  };
  return { eci: z(kcs[iterations - 2]), pci: z(kps[iterations - 1]) };
}

/**
 * Fitness–complexity (Tacchella et al. 2012), as economiccomplexity's
 * complexity_measures(method = "fitness", iterations = 20, extremality = γ):
 *   F̃_c = Σ_p M_cp Q_p,           F_c = F̃_c / mean(F̃)
 *   Q̃_p = 1 / (Σ_c M_cp F_c^−γ)^{1/γ},  Q_p = Q̃_p / mean(Q̃)
 * both updated from the previous iteration's values, starting from 1.
 */
export function fitness(
  m: ArrayLike<number>,
  regions: number,
  n: number,
  iterations = 20,
  extremality = 1,
): { fitness: Float64Array; complexity: Float64Array } {
  const csr = csrFromDense(regions, n, m);
  let F = new Float64Array(regions).fill(1);
  let Q = new Float64Array(n).fill(1);
  const normalise = (x: Float64Array) => {
    let s = 0;
    for (const v of x) s += v;
    const mu = s / x.length;
    return x.map((v) => v / mu);
  };
  for (let j = 1; j < iterations; j++) {
    const Fn = normalise(csrMatVec(csr, Q));
    const inv = F.map((v) => (1 / v) ** extremality);
    const Qn = normalise(csrMatTVec(csr, inv).map((v) => 1 / v ** (1 / extremality)));
    F = Fn;
    Q = Qn;
  }
  return { fitness: F, complexity: Q };
}

/**
 * Complexity outlook (Hausmann et al. 2014; Stata ecomplexity coicog):
 *   COI_c  = Σ_p ω_cp (1 − M_cp) k_p
 *   COG_cp = (1 − M_cp) Σ_q (1 − M_cq) φ_qp k_q / Σ_p' φ_qp'
 * with raw k_p. Returned raw; measures() z-scores COI and divides COG by ECI's s.d., as Stata does.
 */
export function complexityOutlook(
  m: ArrayLike<number>,
  dens: ArrayLike<number>,
  phi: Float64Array,
  kp: ArrayLike<number>,
  regions: number,
  n: number,
): { coi: Float64Array; cog: Float64Array } {
  const coi = new Float64Array(regions);
  const kpSafe = Float64Array.from(kp, (v) => (Number.isNaN(v) ? 0 : v));
  for (let r = 0; r < regions; r++) {
    let s = 0;
    for (let p = 0; p < n; p++) s += dens[r * n + p] * (1 - m[r * n + p]) * kpSafe[p];
    coi[r] = s;
  }
  // W_qp = φ_qp k_q / Σ_p' φ_qp'
  const w = new Float64Array(n * n);
  for (let q = 0; q < n; q++) {
    let rs = 0;
    for (let p = 0; p < n; p++) rs += phi[q * n + p];
    const f = rs > 0 ? kpSafe[q] / rs : 0;
    for (let p = 0; p < n; p++) w[q * n + p] = phi[q * n + p] * f;
  }
  // (1 − M) W = 1ᵀW − M W: the column sums of W minus the product M W (0/1 or sparse M)
  const colSum = new Float64Array(n);
  for (let q = 0; q < n; q++) for (let p = 0; p < n; p++) colSum[p] += w[q * n + p];
  const cog = productWithSparse(m, regions, n, w, n);
  for (let r = 0; r < regions; r++) {
    for (let p = 0; p < n; p++) {
      const i = r * n + p;
      cog[i] = (1 - m[i]) * (colSum[p] - cog[i]);
    }
  }
  return { coi, cog };
}

/**
 * PRODY and EXPY (Hausmann, Hwang & Rodrik 2007):
 *   PRODY_p = Σ_c (s_cp / Σ_c' s_c'p) Y_c  with s_cp = x_cp / Σ_p x_cp,
 *   EXPY_c  = Σ_p s_cp PRODY_p
 * Y_c is GDP per capita. EconGeo prody / expy; economiccomplexity productivity_levels.
 */
export function prodyExpy(t: RegionActivity, gdpPerCapita: ArrayLike<number>): { prody: Float64Array; expy: Float64Array } {
  const R = t.regions.length;
  const A = t.activities.length;
  const share = new Float64Array(R * A);
  for (let r = 0; r < R; r++) {
    let tot = 0;
    for (let a = 0; a < A; a++) tot += t.values[r * A + a];
    for (let a = 0; a < A; a++) share[r * A + a] = tot > 0 ? t.values[r * A + a] / tot : 0;
  }
  const colShare = new Float64Array(A);
  for (let r = 0; r < R; r++) for (let a = 0; a < A; a++) colShare[a] += share[r * A + a];
  const prody = new Float64Array(A);
  for (let r = 0; r < R; r++) {
    for (let a = 0; a < A; a++) if (colShare[a] > 0) prody[a] += (share[r * A + a] / colShare[a]) * gdpPerCapita[r];
  }
  const expy = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    let s = 0;
    for (let a = 0; a < A; a++) s += share[r * A + a] * prody[a];
    expy[r] = s;
  }
  return { prody, expy };
}
