/**
 * Logistic regression by iteratively reweighted least squares (Newton–Raphson), with an optional
 * small ridge penalty on chosen coefficients (used for fixed-effect dummies, which separation can
 * otherwise push to infinity). Standard errors from the inverse Fisher information.
 */
export interface LogitResult {
  coefficients: Float64Array;
  standardErrors: Float64Array;
  iterations: number;
  converged: boolean;
  logLikelihood: number;
}

/** Solves the symmetric positive definite system A x = b (Cholesky); returns x and A⁻¹'s diagonal. */
function choleskySolve(a: Float64Array, b: Float64Array, p: number): { x: Float64Array; invDiag: Float64Array } {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      if (i === j) L[i * p + i] = Math.sqrt(Math.max(s, 1e-300));
      else L[i * p + j] = s / L[j * p + j];
    }
  }
  const solve = (rhs: Float64Array) => {
    const y = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      let s = rhs[i];
      for (let k = 0; k < i; k++) s -= L[i * p + k] * y[k];
      y[i] = s / L[i * p + i];
    }
    const x = new Float64Array(p);
    for (let i = p - 1; i >= 0; i--) {
      let s = y[i];
      for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k];
      x[i] = s / L[i * p + i];
    }
    return x;
  };
  const invDiag = new Float64Array(p);
  const e = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    e.fill(0);
    e[i] = 1;
    invDiag[i] = solve(e)[i];
  }
  return { x: solve(b), invDiag };
}

/**
 * Fits P(y = 1) = 1 / (1 + exp(−Xβ)). X is n × p row-major (include a column of ones for the intercept).
 * `ridge[j]` adds ridge[j]·β_j² / 2 to the penalty.
 */
export function logit(x: Float64Array, y: ArrayLike<number>, n: number, p: number, ridge?: ArrayLike<number>, maxIter = 50): LogitResult {
  const beta = new Float64Array(p);
  const H = new Float64Array(p * p);
  const g = new Float64Array(p);
  let converged = false;
  let iter = 0;
  let ll = 0;
  for (; iter < maxIter; iter++) {
    H.fill(0);
    g.fill(0);
    ll = 0;
    for (let i = 0; i < n; i++) {
      let eta = 0;
      for (let j = 0; j < p; j++) eta += x[i * p + j] * beta[j];
      const mu = 1 / (1 + Math.exp(-eta));
      const w = Math.max(mu * (1 - mu), 1e-12);
      ll += y[i] ? Math.log(Math.max(mu, 1e-300)) : Math.log(Math.max(1 - mu, 1e-300));
      const resid = y[i] - mu;
      for (let j = 0; j < p; j++) {
        const xij = x[i * p + j];
        if (xij === 0) continue;
        g[j] += xij * resid;
        for (let k = 0; k <= j; k++) H[j * p + k] += w * xij * x[i * p + k];
      }
    }
    for (let j = 0; j < p; j++) {
      for (let k = 0; k < j; k++) H[k * p + j] = H[j * p + k];
      if (ridge) {
        H[j * p + j] += ridge[j];
        g[j] -= ridge[j] * beta[j];
      }
    }
    const { x: step } = choleskySolve(H, g, p);
    let maxStep = 0;
    for (let j = 0; j < p; j++) {
      beta[j] += step[j];
      maxStep = Math.max(maxStep, Math.abs(step[j]));
    }
    if (maxStep < 1e-9) {
      converged = true;
      iter++;
      break;
    }
  }
  const { invDiag } = choleskySolve(H, new Float64Array(p), p);
  return { coefficients: beta, standardErrors: invDiag.map(Math.sqrt), iterations: iter, converged, logLikelihood: ll };
}

/** Two-sided p-value of a z statistic (normal approximation; erfc by Numerical Recipes' erfcc). */
export function normalPValue(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return erfc;
}
