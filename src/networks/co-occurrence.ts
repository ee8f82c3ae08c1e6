import type { Graph } from './graph.js';

/**
 * Groups of units, in compressed rows: group g holds units[offsets[g] .. offsets[g+1]) with their counts (1 when
 * absent). A document's authors, its references, its keywords; a reference's citing documents.
 */
export interface Incidence {
  ids: readonly string[];
  offsets: Int32Array;
  units: Int32Array;
  counts?: Float64Array;
}

export type CoOccurrenceCounting = 'full' | 'fractional' | 'association';

/**
 * The units' co-occurrence graph, C = Aᵀ W A for the group × unit incidence A (Gustavson's row-by-row sparse product:
 * time Σ_g n_g², memory the ties):
 *  - full: w_ab = Σ_g c_ga c_gb, the groups a and b share (bibliometrix's biblioNetwork; VOSviewer's full counting);
 *  - fractional: each group of n units adds c_ga c_gb / (n − 1) (Newman 2001; VOSviewer's fractional counting), so a
 *    group of n distinct units adds n/2 in all, whatever n;
 *  - association: the full counts normalised as VOSviewer's association strength, w_ab / (s_a s_b / 2m), with s the
 *    units' total co-occurrence and 2m = Σ s (van Eck & Waltman 2009).
 * Every unit is a node, tied or not. Ties lighter than `minWeight` (full or fractional counts) are dropped as each row is
 * made, so a large map kept to its stronger ties never holds its weak ones in memory.
 */
export function coOccurrence(inc: Incidence, counting: CoOccurrenceCounting = 'full', minWeight = 0): Graph {
  const n = inc.ids.length;
  const groups = inc.offsets.length - 1;
  // the transpose: for each unit, the (group, entry) pairs holding it
  const byUnit = new Int32Array(n + 1);
  for (let k = 0; k < inc.units.length; k++) byUnit[inc.units[k] + 1]++;
  for (let a = 0; a < n; a++) byUnit[a + 1] += byUnit[a];
  const fill = byUnit.slice(0, n);
  const entries = new Int32Array(inc.units.length);
  const groupOf = new Int32Array(inc.units.length);
  for (let g = 0; g < groups; g++) {
    for (let k = inc.offsets[g]; k < inc.offsets[g + 1]; k++) {
      const slot = fill[inc.units[k]]++;
      entries[slot] = k;
      groupOf[slot] = g;
    }
  }
  const factor = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    const size = inc.offsets[g + 1] - inc.offsets[g];
    factor[g] = counting === 'fractional' ? (size > 1 ? 1 / (size - 1) : 0) : 1;
  }
  const acc = new Float64Array(n);
  let touched = new Int32Array(64);
  let size = 0;
  const offsets = new Int32Array(n + 1);
  // the ties are at most Σ_g n_g (n_g − 1) half-edges (every pair in a group new): allocated once when that bound is
  // moderate, so the arrays are not regrown and copied; grown as needed otherwise
  let bound = 0;
  for (let g = 0; g < groups; g++) {
    const size = inc.offsets[g + 1] - inc.offsets[g];
    bound += size * (size - 1);
  }
  let targets = new Int32Array(Math.max(16, bound <= 2 ** 28 && minWeight <= 1 ? bound : inc.units.length));
  let weights = new Float64Array(targets.length);
  let m2 = 0;
  const { units, offsets: rows, counts } = inc;
  for (let a = 0; a < n; a++) {
    for (let s = byUnit[a]; s < byUnit[a + 1]; s++) {
      const g = groupOf[s];
      const ca = (counts ? counts[entries[s]] : 1) * factor[g];
      if (ca === 0) continue;
      const end = rows[g + 1];
      // every contribution is positive, so an accumulator at 0 marks a unit not yet touched in this row
      for (let k = rows[g]; k < end; k++) {
        const b = units[k];
        if (b === a) continue;
        if (acc[b] === 0) {
          if (size === touched.length) {
            const t = new Int32Array(size * 2);
            t.set(touched);
            touched = t;
          }
          touched[size++] = b;
        }
        acc[b] += counts ? ca * counts[k] : ca;
      }
    }
    // the ties kept (at least minWeight), in order of target; the rest only reset (sorting only what is kept makes a
    // map kept to its stronger ties fast, when a popular reference touches most units in every row)
    let kept = size;
    if (minWeight > 0) {
      kept = 0;
      for (let r = 0; r < size; r++) {
        const b = touched[r];
        if (acc[b] >= minWeight) {
          touched[r] = touched[kept];
          touched[kept++] = b;
        }
      }
    }
    const row = touched.subarray(0, kept).sort();
    if (m2 + kept > targets.length) {
      const grown = Math.max(Math.ceil(targets.length * 1.5), m2 + kept);
      const t = new Int32Array(grown);
      t.set(targets.subarray(0, m2));
      targets = t;
      const w = new Float64Array(grown);
      w.set(weights.subarray(0, m2));
      weights = w;
    }
    for (let r = 0; r < kept; r++) {
      const b = row[r];
      targets[m2] = b;
      weights[m2++] = acc[b];
    }
    for (let r = 0; r < size; r++) acc[touched[r]] = 0;
    size = 0;
    offsets[a + 1] = m2;
  }
  // a view when little is unused, else a copy that frees the rest
  targets = m2 * 4 >= targets.length * 3 ? targets.subarray(0, m2) : targets.slice(0, m2);
  weights = m2 * 4 >= weights.length * 3 ? weights.subarray(0, m2) : weights.slice(0, m2);
  if (counting === 'association') {
    const s = new Float64Array(n);
    for (let a = 0; a < n; a++) for (let k = offsets[a]; k < offsets[a + 1]; k++) s[a] += weights[k];
    let twoM = 0;
    for (let a = 0; a < n; a++) twoM += s[a];
    for (let a = 0; a < n; a++) for (let k = offsets[a]; k < offsets[a + 1]; k++) weights[k] = weights[k] / ((s[a] * s[targets[k]]) / twoM);
  }
  return { n, m: m2 / 2, ids: inc.ids, offsets, targets, weights };
}
