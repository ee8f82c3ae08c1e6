import type { Measures } from './measures.js';

export interface Partner {
  region: string;
  /** Relatedness-weighted share of the home region's gaps that this region is specialised in (0–1). */
  complementarity: number;
  /** The gap activities it covers, strongest first, with its RCA and their relatedness to the target. */
  covers: Array<{ activity: string; rca: number; relatedness: number }>;
}

/**
 * Partner regions for a home region and a target (activity set): with rel_q the mean relatedness
 * of activity q to the target, the gaps G are the home region's absent activities among the target
 * and the `relatedTop` activities most related to it. Region c's complementarity is
 *   Σ_{q∈G} M_cq rel_q / Σ_{q∈G} rel_q
 * (target activities count with weight 1). Regions are ranked by it.
 */
export function partnerRegions(res: Measures, home: number, target: readonly number[], relatedTop = 20, top = 10): Partner[] {
  const A = res.table.activities.length;
  const R = res.table.regions.length;
  const targetSet = new Set(target);
  const rel = new Float64Array(A);
  for (let q = 0; q < A; q++) {
    if (targetSet.has(q)) {
      rel[q] = 1;
      continue;
    }
    let s = 0;
    for (const t of target) s += res.proximity[q * A + t];
    rel[q] = s / target.length;
  }
  const related = Array.from({ length: A }, (_, q) => q)
    .filter((q) => !targetSet.has(q) && rel[q] > 0)
    .sort((a, b) => rel[b] - rel[a] || a - b)
    .slice(0, relatedTop);
  const gaps = [...target, ...related].filter((q) => res.m[home * A + q] === 0);
  const totalWeight = gaps.reduce((s, q) => s + rel[q], 0);
  const out: Partner[] = [];
  for (let c = 0; c < R; c++) {
    if (c === home) continue;
    const covered = gaps.filter((q) => res.m[c * A + q] > 0);
    const w = covered.reduce((s, q) => s + rel[q], 0);
    out.push({
      region: res.table.regions[c],
      complementarity: totalWeight > 0 ? w / totalWeight : 0,
      covers: covered
        .sort((a, b) => rel[b] - rel[a] || a - b)
        .map((q) => ({ activity: res.table.activities[q], rca: res.rca[c * A + q], relatedness: rel[q] })),
    });
  }
  return out.sort((a, b) => b.complementarity - a.complementarity || a.region.localeCompare(b.region)).slice(0, top);
}

/** Cosine similarity of two regions' RCA vectors. */
export function cosineSimilarity(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Number.isNaN(x[i]) ? 0 : x[i];
    const b = Number.isNaN(y[i]) ? 0 : y[i];
    xy += a * b;
    xx += a * a;
    yy += b * b;
  }
  return xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : 0;
}

/** Regions most similar to `home` by the cosine similarity of their RCA vectors. */
export function similarRegions(res: Measures, home: number, top = 10): Array<{ region: string; similarity: number }> {
  const A = res.table.activities.length;
  const own = res.rca.subarray(home * A, (home + 1) * A);
  return res.table.regions
    .map((region, c) => ({ region, c, similarity: cosineSimilarity(own, res.rca.subarray(c * A, (c + 1) * A)) }))
    .filter((x) => x.c !== home)
    .sort((a, b) => b.similarity - a.similarity || a.region.localeCompare(b.region))
    .slice(0, top)
    .map(({ region, similarity }) => ({ region, similarity }));
}
