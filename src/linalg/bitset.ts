/**
 * Binary matrices packed as bitsets, one bitset per column, so that the
 * co-occurrence of two columns is a popcount of their AND.
 */
export interface BitColumns {
  readonly rows: number;
  readonly cols: number;
  /** 32-bit words per column. */
  readonly words: number;
  readonly bits: Uint32Array;
}

export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Packs the columns of a row-major 0/1 (or > 0) matrix into bitsets. */
export function bitColumns(rows: number, cols: number, data: ArrayLike<number>): BitColumns {
  const words = (rows + 31) >>> 5;
  const bits = new Uint32Array(words * cols);
  for (let i = 0; i < rows; i++) {
    const w = i >>> 5;
    const bit = 1 << (i & 31);
    const base = i * cols;
    for (let j = 0; j < cols; j++) if (data[base + j] > 0) bits[j * words + w] |= bit;
  }
  return { rows, cols, words, bits };
}

/** Number of set bits in column j. */
export function columnCount(b: BitColumns, j: number): number {
  let s = 0;
  const off = j * b.words;
  for (let w = 0; w < b.words; w++) s += popcount32(b.bits[off + w]);
  return s;
}

/**
 * Co-occurrence C = MᵀM of a binary matrix given by its bit columns:
 * C[a][b] = number of rows where both columns a and b are set. Symmetric, diagonal = column counts.
 */
export function coOccurrence(b: BitColumns): Float64Array {
  const n = b.cols;
  const W = b.words;
  const bits = b.bits;
  const c = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    const oa = a * W;
    for (let k = a; k < n; k++) {
      const ok = k * W;
      let s = 0;
      for (let w = 0; w < W; w++) {
        let v = bits[oa + w] & bits[ok + w];
        if (v === 0) continue;
        v = v - ((v >>> 1) & 0x55555555);
        v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
        s += Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
      }
      c[a * n + k] = s;
      c[k * n + a] = s;
    }
  }
  return c;
}
