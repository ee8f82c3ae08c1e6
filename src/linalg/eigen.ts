import { xorshift32 } from './random.js';

/**
 * Eigenpairs of symmetric operators given only as matrix-vector products.
 * Lanczos with full reorthogonalisation (Golub & Van Loan, Matrix Computations, §10.1),
 * Ritz pairs from the tridiagonal matrix by the implicit QL method (tql2, EISPACK / JAMA).
 */

export type LinearOperator = (x: Float64Array, y: Float64Array) => void;

export interface EigenPair {
  value: number;
  vector: Float64Array;
  /** ‖A v − λ v‖ of the returned unit vector. */
  residual: number;
  iterations: number;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/**
 * Eigenvalues (ascending) and eigenvectors of the symmetric tridiagonal matrix with diagonal d
 * and off-diagonal e (e[i] couples i and i+1). Returns vectors as columns of an n x n row-major array.
 */
export function tridiagonalEigen(diag: ArrayLike<number>, off: ArrayLike<number>): { values: Float64Array; vectors: Float64Array } {
  const n = diag.length;
  const d = Float64Array.from(diag);
  const e = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) e[i] = off[i];
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new Error('tridiagonal QL did not converge');
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (let k = 0; k < n; k++) {
            h = V[k * n + i + 1];
            V[k * n + i + 1] = s * V[k * n + i] + c * h;
            V[k * n + i] = c * V[k * n + i] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  // sort ascending
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a] - d[b]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = d[src];
    for (let k = 0; k < n; k++) vectors[k * n + dst] = V[k * n + src];
  });
  return { values, vectors };
}

export interface LanczosOptions {
  /** Vectors the search is kept orthogonal to (unit length, mutually orthogonal): known eigenvectors to deflate. */
  deflate?: Float64Array[];
  /** Relative residual at which the Ritz pair is accepted. */
  tolerance?: number;
  /** Maximum Krylov dimension (defaults to n). */
  maxIterations?: number;
  /** Deterministic starting vector; defaults to a fixed pseudo-random vector. */
  start?: Float64Array;
}

/** Deterministic pseudo-random start so results are reproducible run to run. */
function defaultStart(n: number): Float64Array {
  const rnd = xorshift32(0x9e3779b9);
  return Float64Array.from({ length: n }, () => rnd() - 0.5 + 1e-3);
}

/**
 * The algebraically largest eigenpair of a symmetric operator on the orthogonal complement
 * of the `deflate` vectors.
 */
export function largestEigenpair(op: LinearOperator, n: number, options: LanczosOptions = {}): EigenPair {
  const deflate = options.deflate ?? [];
  const tol = options.tolerance ?? 1e-12;
  const maxIter = Math.min(options.maxIterations ?? n, n - deflate.length);
  if (maxIter < 1) throw new RangeError('nothing left to solve after deflation');
  const Q: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let q: Float64Array = Float64Array.from(options.start ?? defaultStart(n));
  const orthogonalise = (w: Float64Array) => {
    for (let pass = 0; pass < 2; pass++) {
      for (const u of deflate) axpy(-dot(w, u), u, w);
      for (const u of Q) axpy(-dot(w, u), u, w);
    }
  };
  orthogonalise(q);
  let nq = norm(q);
  if (nq === 0) {
    q = defaultStart(n).reverse();
    orthogonalise(q);
    nq = norm(q);
  }
  for (let i = 0; i < n; i++) q[i] /= nq;
  const w = new Float64Array(n);
  let best: { value: number; y: Float64Array; residual: number } | undefined;
  let nextCheck = Math.min(maxIter, 24);
  for (let j = 0; j < maxIter; j++) {
    Q.push(q);
    op(q, w);
    const a = dot(w, q);
    alpha.push(a);
    axpy(-a, q, w);
    if (j > 0) axpy(-beta[j - 1], Q[j - 1], w);
    orthogonalise(w);
    const b = norm(w);
    const exhausted = b <= 1e-14 * Math.max(1, Math.abs(a));
    if (j + 1 === nextCheck || exhausted || j + 1 === maxIter) {
      const m = alpha.length;
      const { values, vectors } = tridiagonalEigen(alpha, beta.slice(0, m - 1));
      const top = m - 1;
      const y = new Float64Array(m);
      for (let k = 0; k < m; k++) y[k] = vectors[k * m + top];
      const residual = Math.abs(b * y[m - 1]);
      best = { value: values[top], y, residual };
      if (exhausted || residual <= tol * Math.max(1, Math.abs(values[top])) || j + 1 === maxIter) break;
      nextCheck = Math.min(maxIter, nextCheck + 8);
    }
    beta.push(b);
    q = new Float64Array(n);
    for (let i = 0; i < n; i++) q[i] = w[i] / b;
  }
  const { value, y } = best!;
  const vector = new Float64Array(n);
  for (let k = 0; k < y.length; k++) axpy(y[k], Q[k], vector);
  const nv = norm(vector);
  for (let i = 0; i < n; i++) vector[i] /= nv;
  // true residual
  const av = new Float64Array(n);
  op(vector, av);
  axpy(-value, vector, av);
  return { value, vector, residual: norm(av), iterations: alpha.length };
}
