/** A dense row-major matrix of 64-bit floats. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  if (data && data.length !== rows * cols) {
    throw new RangeError(`matrix data has ${data.length} cells, expected ${rows} x ${cols}`);
  }
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}

export function get(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j];
}

export function row(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

export function column(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j];
  return out;
}

export function transpose(m: Matrix): Matrix {
  const t = matrix(m.cols, m.rows);
  const { rows, cols, data } = m;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) t.data[j * rows + i] = data[base + j];
  }
  return t;
}

/** y = A x */
export function matVec(a: Matrix, x: ArrayLike<number>, y: Float64Array = new Float64Array(a.rows)): Float64Array {
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    const base = i * a.cols;
    for (let j = 0; j < a.cols; j++) s += a.data[base + j] * x[j];
    y[i] = s;
  }
  return y;
}

/** C = A B (i-k-j loop order, cache friendly for row-major data). */
export function matMul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new RangeError(`cannot multiply ${a.rows}x${a.cols} by ${b.rows}x${b.cols}`);
  const c = matrix(a.rows, b.cols);
  const n = b.cols;
  for (let i = 0; i < a.rows; i++) {
    const ci = i * n;
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      if (aik === 0) continue;
      const bk = k * n;
      for (let j = 0; j < n; j++) c.data[ci + j] += aik * b.data[bk + j];
    }
  }
  return c;
}

