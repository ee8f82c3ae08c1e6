/**
 * A seeded uniform generator on [0, 1): Marsaglia's xorshift32 (J. Stat. Softw. 8(14), 2003).
 * Deterministic, for reproducible starting vectors, benchmarks and tests; not for anything secret.
 */
export function xorshift32(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}
