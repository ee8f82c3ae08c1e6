import { flowNetwork } from '../../linalg/min-cost-flow.js';

/**
 * Reviewer assignment as a minimum-cost flow (as OpenReview's MinMax and FairFlow matchers and the Toronto Paper
 * Matching System frame it; Taylor 2008, Charlin & Zemel 2013): source → reviewer (capacity: the reviewer's load left)
 * → application (capacity 1 per pair, cost −affinity) → sink (capacity: the reviewers the application still needs).
 * The flow is maximal first (every application gets its k reviewers when the loads allow), then, with
 * `requireOutside`, as many applications as possible get at least one reviewer from outside their disciplines (a bonus
 * that outweighs any sum of affinities), then the total affinity is greatest. Exact, not greedy: it is optimal for
 * that order of aims (the property test compares it with brute force), solved by cost scaling
 * (linalg/min-cost-flow.ts). Conflicted pairs have no edge; pinned pairs (managers' choices, accepted invitations) are
 * kept and count against the loads.
 */
export interface AssignmentProblem {
  applications: readonly { id: string; disciplines: readonly string[] }[];
  reviewers: readonly { id: string; disciplines: readonly string[]; /** The most applications this reviewer takes in all. */ capacity: number }[];
  /** affinity[a * reviewers.length + r] in [0, 1]. */
  affinity: ArrayLike<number>;
  /** Reviewers per application. */
  k: number;
  /** The most applications any reviewer takes (each reviewer's own capacity may be lower). */
  maxLoad: number;
  /** Pairs never assigned (a conflict of interest). */
  conflicted: (application: number, reviewer: number) => boolean;
  /** Whether each application should have at least one reviewer who shares none of its disciplines. */
  requireOutside?: boolean;
  /** Pairs already fixed (indices): kept as they are. */
  pinned?: readonly { application: number; reviewer: number }[];
}

export interface AssignmentResult {
  /** Every pair, pinned ones included, by application then reviewer. */
  pairs: { application: number; reviewer: number; affinity: number; outside: boolean; pinned: boolean }[];
  /** Applications with fewer than k reviewers: how many they have. */
  short: { application: number; assigned: number }[];
  /** With requireOutside: applications with no reviewer from outside their disciplines. */
  withoutOutside: number[];
  totalAffinity: number;
  load: Int32Array;
}

/** Affinities are kept to 4 decimals (integer costs keep the flow exact, and within exact arithmetic at scale). */
const SCALE = 10_000;

export function isOutside(appDisciplines: readonly string[], reviewerDisciplines: readonly string[]): boolean {
  if (appDisciplines.length === 0 || reviewerDisciplines.length === 0) return false; // unknown is not "outside"
  return !reviewerDisciplines.some((d) => appDisciplines.includes(d));
}

export function assignReviewers(p: AssignmentProblem): AssignmentResult {
  const A = p.applications.length;
  const R = p.reviewers.length;
  if (!Number.isInteger(p.k) || p.k < 1) throw new RangeError('k must be a whole number of at least 1');
  if (!Number.isInteger(p.maxLoad) || p.maxLoad < 0) throw new RangeError('the maximum load must be a whole number');
  const pinned = p.pinned ?? [];
  const pinnedSet = new Set(pinned.map((x) => x.application * R + x.reviewer));
  const load = new Int32Array(R);
  const have = new Int32Array(A);
  const hasOutside = new Uint8Array(A);
  const outside = (a: number, r: number) => isOutside(p.applications[a].disciplines, p.reviewers[r].disciplines);
  for (const x of pinned) {
    load[x.reviewer]++;
    have[x.application]++;
    if (outside(x.application, x.reviewer)) hasOutside[x.application] = 1;
  }
  // nodes: source, reviewers, applications (inside), applications (outside), application totals, sink
  const S = 0;
  const rev = (r: number) => 1 + r;
  const appIn = (a: number) => 1 + R + a;
  const appOut = (a: number) => 1 + R + A + a;
  const appAll = (a: number) => 1 + R + 2 * A + a;
  const T = 1 + R + 3 * A;
  const bonus = SCALE * (A * p.k + 1); // more than any sum of affinities
  const weight = (a: number, r: number) => Math.round(Math.min(1, Math.max(0, Number(p.affinity[a * R + r]) || 0)) * SCALE);
  const net = flowNetwork(T + 1, R + 4 * A + A * R);
  for (let r = 0; r < R; r++) {
    const left = Math.min(p.maxLoad, Math.max(0, Math.floor(p.reviewers[r].capacity))) - load[r];
    if (left > 0) net.addEdge(S, rev(r), left, 0);
  }
  const pairEdges: { edge: number; a: number; r: number }[] = [];
  for (let a = 0; a < A; a++) {
    const need = p.k - have[a];
    if (need <= 0) continue;
    net.addEdge(appIn(a), appAll(a), need, 0);
    if (p.requireOutside && !hasOutside[a]) {
      net.addEdge(appOut(a), appAll(a), 1, -bonus);
      if (need > 1) net.addEdge(appOut(a), appAll(a), need - 1, 0);
    } else net.addEdge(appOut(a), appAll(a), need, 0);
    net.addEdge(appAll(a), T, need, 0);
    for (let r = 0; r < R; r++) {
      if (pinnedSet.has(a * R + r) || p.conflicted(a, r)) continue;
      pairEdges.push({ edge: net.addEdge(rev(r), outside(a, r) ? appOut(a) : appIn(a), 1, -weight(a, r)), a, r });
    }
  }
  net.solve(S, T);
  const pairs: AssignmentResult['pairs'] = pinned.map((x) => ({ application: x.application, reviewer: x.reviewer, affinity: Number(p.affinity[x.application * R + x.reviewer]) || 0, outside: outside(x.application, x.reviewer), pinned: true }));
  for (const { edge, a, r } of pairEdges) {
    if (net.flowOf(edge) === 0) continue;
    load[r]++;
    have[a]++;
    const o = outside(a, r);
    if (o) hasOutside[a] = 1;
    pairs.push({ application: a, reviewer: r, affinity: Number(p.affinity[a * R + r]) || 0, outside: o, pinned: false });
  }
  pairs.sort((x, y) => x.application - y.application || x.reviewer - y.reviewer);
  const short: AssignmentResult['short'] = [];
  const withoutOutside: number[] = [];
  for (let a = 0; a < A; a++) {
    if (have[a] < p.k) short.push({ application: a, assigned: have[a] });
    if (p.requireOutside && !hasOutside[a]) withoutOutside.push(a);
  }
  return { pairs, short, withoutOutside, totalAffinity: pairs.reduce((s, x) => s + x.affinity, 0), load };
}
