/** Compressed sparse rows: the non-zero pattern and values of a row-major matrix. */
export interface Csr {
  readonly rows: number;
  readonly cols: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly values: Float64Array;
}

export function csrFromDense(rows: number, cols: number, data: ArrayLike<number>): Csr {
  let nnz = 0;
  for (let i = 0; i < rows * cols; i++) if (data[i] !== 0) nnz++;
  const rowPtr = new Int32Array(rows + 1);
  const colIdx = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[base + j];
      if (v !== 0) {
        colIdx[k] = j;
        values[k++] = v;
      }
    }
    rowPtr[i + 1] = k;
  }
  return { rows, cols, rowPtr, colIdx, values };
}

/** y = A x */
export function csrMatVec(a: Csr, x: ArrayLike<number>, y: Float64Array = new Float64Array(a.rows)): Float64Array {
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) s += a.values[k] * x[a.colIdx[k]];
    y[i] = s;
  }
  return y;
}

/** y = Aᵀ x */
export function csrMatTVec(a: Csr, x: ArrayLike<number>, y: Float64Array = new Float64Array(a.cols)): Float64Array {
  y.fill(0);
  for (let i = 0; i < a.rows; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) y[a.colIdx[k]] += a.values[k] * xi;
  }
  return y;
}

/**
 * Dense product A B for sparse A (rows x k) and dense row-major B (k x n):
 * each non-zero a_ij adds a_ij * B[j,:] to row i. Cost O(nnz(A) n).
 */
export function csrMatMulDense(a: Csr, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(a.rows * n);
  for (let i = 0; i < a.rows; i++) {
    const oi = i * n;
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) {
      const v = a.values[k];
      const bj = a.colIdx[k] * n;
      for (let j = 0; j < n; j++) out[oi + j] += v * b[bj + j];
    }
  }
  return out;
}
