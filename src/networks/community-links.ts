/**
 * Communities followed through time (Palla, Barabási & Vicsek 2007; the "alluvial" view of Rosvall & Bergstrom 2010):
 * between the partitions of consecutive periods, each pair of communities sharing members, with the shared members, the
 * Jaccard index |A ∩ B| / |A ∪ B| and the inclusion index |A ∩ B| / min(|A|, |B|) (as thematic evolution links themes).
 */
export interface PeriodPartition {
  label: string;
  ids: readonly string[];
  membership: ArrayLike<number>;
}

export interface CommunityLink {
  fromPeriod: string;
  from: number;
  toPeriod: string;
  to: number;
  shared: number;
  jaccard: number;
  inclusion: number;
}

function groups(p: PeriodPartition): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  p.ids.forEach((id, i) => {
    const c = p.membership[i];
    (out.get(c) ?? out.set(c, new Set()).get(c)!).add(id);
  });
  return out;
}

export function communityLinks(periods: readonly PeriodPartition[]): CommunityLink[] {
  const links: CommunityLink[] = [];
  for (let t = 1; t < periods.length; t++) {
    const before = groups(periods[t - 1]);
    const after = groups(periods[t]);
    const where = new Map<string, number>();
    for (const [c, members] of after) for (const id of members) where.set(id, c);
    for (const [a, members] of before) {
      const shared = new Map<number, number>();
      for (const id of members) {
        const b = where.get(id);
        if (b !== undefined) shared.set(b, (shared.get(b) ?? 0) + 1);
      }
      for (const [b, n] of [...shared].sort((x, y) => y[1] - x[1] || x[0] - y[0])) {
        const size = after.get(b)!.size;
        links.push({ fromPeriod: periods[t - 1].label, from: a, toPeriod: periods[t].label, to: b, shared: n, jaccard: n / (members.size + size - n), inclusion: n / Math.min(members.size, size) });
      }
    }
  }
  return links;
}
