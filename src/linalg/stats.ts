/** Small descriptive statistics over typed or plain arrays; NaN entries are skipped where noted. */

export function sum(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
}

export function mean(x: ArrayLike<number>): number {
  return x.length === 0 ? NaN : sum(x) / x.length;
}

/** Standard deviation; ddof = 1 gives the sample s.d. (R's sd, Stata's summarize), ddof = 0 numpy's default. */
export function sd(x: ArrayLike<number>, ddof = 1): number {
  const n = x.length;
  if (n - ddof <= 0) return NaN;
  const m = mean(x);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - m) * (x[i] - m);
  return Math.sqrt(ss / (n - ddof));
}

/** Mean and sample s.d. of a vector in which entry i stands for weight[i] identical observations. */
export function weightedMoments(x: ArrayLike<number>, weight: ArrayLike<number>, ddof = 1): { mean: number; sd: number } {
  let n = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i])) continue;
    n += weight[i];
    s += weight[i] * x[i];
  }
  const m = s / n;
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i])) continue;
    ss += weight[i] * (x[i] - m) * (x[i] - m);
  }
  return { mean: m, sd: Math.sqrt(ss / (n - ddof)) };
}

/** Pearson correlation; NaN when either vector is constant. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Quantile with linear interpolation between order statistics (R type 7, numpy's default). */
export function quantile(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values).filter((v) => !Number.isNaN(v)).sort();
  return quantileSorted(sorted, p);
}

export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Mid-ranks (ties share their average rank), 1-based. */
export function ranks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const r = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]] === x[order[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k]] = avg;
    i = j + 1;
  }
  return r;
}

/** z-scores with the given mean and s.d. */
export function standardise(x: ArrayLike<number>, m: number, s: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i] - m) / s;
  return out;
}
