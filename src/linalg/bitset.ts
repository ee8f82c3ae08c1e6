import { allocate, copyIn, f64View, kernels, scoped } from './kernels.js';

/**
 * Binary matrices packed as bitsets, one bitset per column, so that the
 * co-occurrence of two columns is a popcount of their AND.
 */
export interface BitColumns {
  readonly rows: number;
  readonly cols: number;
  /** 32-bit words per column, always even so that a column is whole 64-bit words. */
  readonly words: number;
  readonly bits: Uint32Array;
}

/** Packs the columns of a row-major 0/1 (or > 0) matrix into bitsets. */
export function bitColumns(rows: number, cols: number, data: ArrayLike<number>): BitColumns {
  const words = ((rows + 63) >>> 6) * 2;
  const bits = new Uint32Array(words * cols);
  for (let i = 0; i < rows; i++) {
    const w = i >>> 5;
    const bit = 1 << (i & 31);
    const base = i * cols;
    for (let j = 0; j < cols; j++) if (data[base + j] > 0) bits[j * words + w] |= bit;
  }
  return { rows, cols, words, bits };
}

/**
 * Co-occurrence C = MᵀM of a binary matrix given by its bit columns:
 * C[a][b] = number of rows where both columns a and b are set. Symmetric, diagonal = column counts.
 * The popcounts run in the kernel `cooc`, a few columns per call.
 */
export function coOccurrence(b: BitColumns): Float64Array {
  const n = b.cols;
  const c = new Float64Array(n * n);
  if (n === 0) return c;
  const k = kernels();
  scoped(() => {
    const bits = copyIn(b.bits);
    const out = allocate(8 * n * n);
    for (let a = 0; a < n; a += 8) k.cooc(n, b.words / 2, bits, out, a, Math.min(n, a + 8));
    c.set(f64View(out, n * n));
  });
  return c;
}
