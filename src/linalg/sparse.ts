import { allocate, copyIn, f64View, kernels, scoped, u8View } from './kernels.js';

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

/** Aᵀ in CSR form (the CSC form of A). */
export function csrTranspose(a: Csr): Csr {
  const nnz = a.rowPtr[a.rows];
  const rowPtr = new Int32Array(a.cols + 1);
  for (let k = 0; k < nnz; k++) rowPtr[a.colIdx[k] + 1]++;
  for (let j = 0; j < a.cols; j++) rowPtr[j + 1] += rowPtr[j];
  const next = rowPtr.slice(0, a.cols);
  const colIdx = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  for (let i = 0; i < a.rows; i++) {
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) {
      const at = next[a.colIdx[k]]++;
      colIdx[at] = i;
      values[at] = a.values[k];
    }
  }
  return { rows: a.cols, cols: a.rows, rowPtr, colIdx, values };
}

/** Output rows per kernel call: small calls let V8 tier the kernel up early. */
const CALL_ROWS = 32;
/** Output rows are produced in kernel memory through a buffer of about this size. */
const BUFFER_BYTES = 16 * 2 ** 20;

/**
 * Dense product A B for sparse A (rows × k) and dense row-major B (k × n):
 * each non-zero a_ij adds a_ij · B[j,:] to row i. Cost O(nnz(A) n), in the SIMD kernel `spmm`.
 */
export function csrMatMulDense(a: Csr, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(a.rows * n);
  if (a.rows === 0 || n === 0) return out;
  const k = kernels();
  scoped(() => {
    const nnz = a.rowPtr[a.rows];
    const rowPtr = copyIn(a.rowPtr);
    const colIdx = copyIn(a.colIdx.subarray(0, nnz));
    const values = copyIn(a.values.subarray(0, nnz));
    const w = copyIn(b.subarray(0, a.cols * n));
    const rowBytes = 8 * n;
    const bufferRows = Math.max(1, Math.min(a.rows, Math.floor(BUFFER_BYTES / rowBytes)));
    const buffer = allocate(bufferRows * rowBytes);
    for (let r0 = 0; r0 < a.rows; r0 += bufferRows) {
      const rows = Math.min(bufferRows, a.rows - r0);
      for (let s = 0; s < rows; s += CALL_ROWS) {
        k.spmm(Math.min(CALL_ROWS, rows - s), n, rowPtr + 4 * (r0 + s), colIdx, values, w, buffer + s * rowBytes);
      }
      out.set(f64View(buffer, rows * n), r0 * n);
    }
  });
  return out;
}

/** Rows of the 0/1 matrix per Four-Russians table block (the tables hold 2^7 subset sums). */
const BLOCK = 7;
/** Below this share of non-zeros a 0/1 matrix is multiplied row by row (spmm); above it, by tables. */
const TABLE_DENSITY = 0.12;

/**
 * A B for a row-major matrix A (rows × k) that is mostly zeros, or 0/1, and a dense row-major B (k × n).
 * A 0/1 matrix with more than 12% non-zeros goes to the Four-Russians kernel `spmmBits` (one table
 * look-up per 7 columns of A); any other matrix to the sparse kernel `spmm`.
 */
export function productWithSparse(a: ArrayLike<number>, rows: number, k: number, b: Float64Array, n: number): Float64Array {
  let nnz = 0;
  let binary = true;
  for (let i = 0; i < rows * k; i++) {
    const v = a[i];
    if (v !== 0) {
      nnz++;
      if (v !== 1) binary = false;
    }
  }
  if (!binary || nnz < TABLE_DENSITY * rows * k) return csrMatMulDense(csrFromDense(rows, k, a), b, n);
  return binaryProduct(a, rows, k, b, n);
}

/** For each row of a 0/1 matrix, one byte per block of 7 columns holding their bits (bit j = column 7b + j). */
function packRowBlocks(a: ArrayLike<number>, r0: number, count: number, k: number, out: Uint8Array): void {
  const blocks = Math.ceil(k / BLOCK);
  for (let r = 0; r < count; r++) {
    const base = (r0 + r) * k;
    for (let b = 0; b < blocks; b++) {
      const j0 = base + b * BLOCK;
      const j1 = Math.min(j0 + BLOCK, base + k);
      let byte = 0;
      for (let j = j0; j < j1; j++) byte |= +(a[j] !== 0) << (j - j0);
      out[r * blocks + b] = byte;
    }
  }
}

function binaryProduct(a: ArrayLike<number>, rows: number, k: number, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(rows * n);
  if (rows === 0 || n === 0) return out;
  const kern = kernels();
  const blocks = Math.ceil(k / BLOCK);
  const n8 = Math.ceil(n / 8) * 8;
  const stride = 8 * n8;
  scoped(() => {
    const w = allocate(blocks * BLOCK * stride);
    const tables = allocate(blocks * 128 * 64);
    const chunkRows = Math.max(1, Math.min(rows, Math.floor(BUFFER_BYTES / stride)));
    const idx = allocate(chunkRows * blocks);
    const buffer = allocate(chunkRows * stride);
    const wv = f64View(w, blocks * BLOCK * n8);
    if (n8 === n) {
      wv.set(b.subarray(0, k * n));
    } else {
      wv.fill(0, 0, k * n8);
      for (let q = 0; q < k; q++) wv.set(b.subarray(q * n, q * n + n), q * n8);
    }
    wv.fill(0, k * n8); // the rows that pad the last block
    for (let r0 = 0; r0 < rows; r0 += chunkRows) {
      const count = Math.min(chunkRows, rows - r0);
      packRowBlocks(a, r0, count, k, u8View(idx, count * blocks));
      for (let c = 0; c < n8; c += 8) kern.spmmBits(count, blocks, stride, idx, w + 8 * c, tables, buffer + 8 * c);
      const ov = f64View(buffer, count * n8);
      if (n8 === n) out.set(ov, r0 * n);
      else for (let r = 0; r < count; r++) out.set(ov.subarray(r * n8, r * n8 + n), (r0 + r) * n);
    }
  });
  return out;
}

/**
 * A sparse matrix and its transpose held in kernel memory for repeated products (iterative solvers).
 * Valid only inside the `scoped` call that created it.
 */
export interface KernelCsr {
  /** y = A x */
  mul(x: Float64Array, y: Float64Array): void;
  /** y = Aᵀ x */
  mulT(x: Float64Array, y: Float64Array): void;
}

export function kernelCsr(a: Csr): KernelCsr {
  const k = kernels();
  const place = (m: Csr) => {
    const nnz = m.rowPtr[m.rows];
    const values = m.values.subarray(0, nnz);
    // a 0/1 matrix needs no values: offset 0 tells the kernel so
    const binary = values.every((v) => v === 1);
    return { rows: m.rows, rowPtr: copyIn(m.rowPtr), colIdx: copyIn(m.colIdx.subarray(0, nnz)), values: binary ? 0 : copyIn(values) };
  };
  const fwd = place(a);
  const bwd = place(csrTranspose(a));
  const x = allocate(8 * Math.max(a.rows, a.cols));
  const y = allocate(8 * Math.max(a.rows, a.cols));
  const product = (m: typeof fwd, xs: Float64Array, ys: Float64Array) => {
    f64View(x, xs.length).set(xs);
    k.spmv(m.rows, m.rowPtr, m.colIdx, m.values, x, y);
    ys.set(f64View(y, m.rows));
  };
  return {
    mul: (xs, ys) => product(fwd, xs, ys),
    mulT: (xs, ys) => product(bwd, xs, ys),
  };
}
