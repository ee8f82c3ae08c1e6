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

/** A set of row indices as 32-bit words (bit i of word i >>> 5). */
export type Bitset = Uint32Array;

export function bitset(size: number): Bitset {
  return new Uint32Array((size + 31) >>> 5);
}

export function setBit(b: Bitset, i: number): void {
  b[i >>> 5] |= 1 << (i & 31);
}

export function hasBit(b: Bitset, i: number): boolean {
  return (b[i >>> 5] & (1 << (i & 31))) !== 0;
}

/** Hamming weight of a 32-bit word (SWAR). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** out = a ∧ b (out may be a or b). */
export function andInto(out: Bitset, a: Bitset, b: Bitset): Bitset {
  for (let w = 0; w < out.length; w++) out[w] = a[w] & b[w];
  return out;
}

/** out = a ∨ b (out may be a or b). */
export function orInto(out: Bitset, a: Bitset, b: Bitset): Bitset {
  for (let w = 0; w < out.length; w++) out[w] = a[w] | b[w];
  return out;
}

/** |b|: how many bits are set. */
export function countBits(b: Bitset): number {
  let n = 0;
  for (let w = 0; w < b.length; w++) if (b[w] !== 0) n += popcount32(b[w]);
  return n;
}

/** The indices of the set bits, ascending (or descending). */
export function setBits(b: Bitset, descending = false): number[] {
  const out: number[] = [];
  if (!descending) {
    for (let w = 0; w < b.length; w++) {
      for (let x = b[w]; x !== 0; x &= x - 1) out.push((w << 5) | (31 - Math.clz32(x & -x)));
    }
  } else {
    for (let w = b.length - 1; w >= 0; w--) {
      for (let x = b[w]; x !== 0; ) {
        const bit = 31 - Math.clz32(x);
        out.push((w << 5) | bit);
        x ^= 1 << bit;
      }
    }
  }
  return out;
}

/** |a ∧ b| without materialising it. */
export function countAnd(a: Bitset, b: Bitset): number {
  let n = 0;
  for (let w = 0; w < a.length; w++) {
    const x = a[w] & b[w];
    if (x !== 0) n += popcount32(x);
  }
  return n;
}
