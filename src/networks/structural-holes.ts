import type { Graph } from './graph.js';

/**
 * Burt's (1992) structural holes, as NetworkX's constraint and effective_size on an undirected graph.
 * p_ij is i's proportional tie to j: w_ij / Σ_k w_ik (the mutual weight a_ij + a_ji of NetworkX is 2w_ij
 * on an undirected graph, and the 2 cancels). Unweighted unless asked, as NetworkX's default weight=None.
 */
export interface StructuralHoleOptions {
  weighted?: boolean;
}

/**
 * Constraint: c_i = Σ_{j ∈ N(i)} (p_ij + Σ_{q ∈ N(i)} p_iq p_qj)²; NaN for an isolated node.
 */
export function constraint(g: Graph, options: StructuralHoleOptions = {}): Float64Array {
  const { n, offsets, targets } = g;
  const weighted = options.weighted ?? false;
  const p = proportions(g, weighted);
  const out = new Float64Array(n);
  const tie = new Float64Array(n); // p_iq for q ∈ N(i), 0 elsewhere
  for (let i = 0; i < n; i++) {
    if (offsets[i] === offsets[i + 1]) {
      out[i] = NaN;
      continue;
    }
    for (let k = offsets[i]; k < offsets[i + 1]; k++) tie[targets[k]] = p[k];
    let c = 0;
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      const j = targets[k];
      let indirect = 0;
      // Σ_q p_iq p_qj over q adjacent to both i and j: walk j's ties (p_qj is q's proportion towards j)
      for (let h = offsets[j]; h < offsets[j + 1]; h++) {
        const q = targets[h];
        if (tie[q] !== 0) indirect += tie[q] * p[reverse(g, h, j)];
      }
      const local = p[k] + indirect;
      c += local * local;
    }
    out[i] = c;
    for (let k = offsets[i]; k < offsets[i + 1]; k++) tie[targets[k]] = 0;
  }
  return out;
}

/**
 * Effective size: for the unweighted case Borgatti's (1997) simplification n_i − 2t_i / n_i with n_i the
 * degree and t_i the ties among i's neighbours (as NetworkX does); weighted,
 * Σ_{j ∈ N(i)} (1 − Σ_{q ∈ N(i), q ≠ j} p_iq m_jq) with m_jq = w_jq / max_k w_jk. NaN for an isolated node.
 */
export function effectiveSize(g: Graph, options: StructuralHoleOptions = {}): Float64Array {
  const { n, offsets, targets, weights } = g;
  const out = new Float64Array(n);
  const mark = new Float64Array(n);
  if (!options.weighted) {
    for (let i = 0; i < n; i++) {
      const d = offsets[i + 1] - offsets[i];
      if (d === 0) {
        out[i] = NaN;
        continue;
      }
      for (let k = offsets[i]; k < offsets[i + 1]; k++) mark[targets[k]] = 1;
      let ties = 0; // each tie among neighbours seen from both ends
      for (let k = offsets[i]; k < offsets[i + 1]; k++) {
        const j = targets[k];
        for (let h = offsets[j]; h < offsets[j + 1]; h++) ties += mark[targets[h]];
      }
      out[i] = d - ties / d; // 2t/d with ties = 2t
      for (let k = offsets[i]; k < offsets[i + 1]; k++) mark[targets[k]] = 0;
    }
    return out;
  }
  const p = proportions(g, true);
  const maxW = new Float64Array(n);
  for (let j = 0; j < n; j++) for (let h = offsets[j]; h < offsets[j + 1]; h++) maxW[j] = Math.max(maxW[j], weights[h]);
  for (let i = 0; i < n; i++) {
    if (offsets[i] === offsets[i + 1]) {
      out[i] = NaN;
      continue;
    }
    for (let k = offsets[i]; k < offsets[i + 1]; k++) mark[targets[k]] = p[k];
    let e = 0;
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      const j = targets[k];
      let redundancy = 0;
      for (let h = offsets[j]; h < offsets[j + 1]; h++) {
        const q = targets[h];
        if (mark[q] !== 0) redundancy += mark[q] * (weights[h] / maxW[j]);
      }
      e += 1 - redundancy;
    }
    out[i] = e;
    for (let k = offsets[i]; k < offsets[i + 1]; k++) mark[targets[k]] = 0;
  }
  return out;
}

/** p for every half-edge: weight over the strength of its source node. */
function proportions(g: Graph, weighted: boolean): Float64Array {
  const p = new Float64Array(g.targets.length);
  for (let i = 0; i < g.n; i++) {
    const from = g.offsets[i];
    const to = g.offsets[i + 1];
    let s = 0;
    for (let k = from; k < to; k++) s += weighted ? g.weights[k] : 1;
    for (let k = from; k < to; k++) p[k] = (weighted ? g.weights[k] : 1) / s;
  }
  return p;
}

/** The half-edge q→j for the half-edge j→q at position h in j's row (binary search in q's sorted row). */
function reverse(g: Graph, h: number, j: number): number {
  const q = g.targets[h];
  let lo = g.offsets[q];
  let hi = g.offsets[q + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = g.targets[mid];
    if (t === j) return mid;
    if (t < j) lo = mid + 1;
    else hi = mid - 1;
  }
  throw new Error('graph rows are not symmetric');
}
