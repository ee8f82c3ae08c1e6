import { UserError } from '../../errors.js';
import { communityLinks } from '../community-links.js';
import { detectCommunities } from '../metrics.js';
import type { Report } from '../../report.js';
import { communityOptions, graphIn, windowsOf, type CommunityChoice, type NetworkInput, type WindowOptions } from './inputs.js';

const qualityName = (c: CommunityChoice) => (c.objective === 'cpm' ? 'CPM quality' : 'modularity');

/**
 * Communities (Leiden or Louvain; modularity or CPM): each node's community, per period with a window; with `links`,
 * the communities of consecutive periods that share members (shared, Jaccard, inclusion).
 */
export function communitiesReport(input: NetworkInput, o: WindowOptions & { communities: CommunityChoice; links?: boolean }): Report {
  const c = o.communities;
  if (o.window === undefined) {
    if (o.links) throw new UserError('links between periods need a window', { field: 'links' });
    const p = detectCommunities(input.graph, c.method, communityOptions(c));
    return {
      columns: ['node', 'community'],
      rows: input.graph.ids.map((node, i) => ({ node, community: p.membership[i] })),
      notices: [`${p.count.toLocaleString('en-GB')} communities, ${qualityName(c)} ${p.quality.toFixed(6)}`],
      meta: { communities: p.count, quality: p.quality, objective: c.objective, method: c.method },
    };
  }
  const notices: string[] = [];
  const parts = windowsOf(input, o).map((period) => {
    const g = graphIn(input, period);
    const p = detectCommunities(g, c.method, communityOptions(c));
    notices.push(`${period!.label}: ${g.n.toLocaleString('en-GB')} nodes, ${p.count.toLocaleString('en-GB')} communities, ${qualityName(c)} ${p.quality.toFixed(4)}`);
    return { label: period!.label, ids: g.ids, membership: p.membership };
  });
  if (o.links) {
    const rows = communityLinks(parts).map((l) => ({ from_period: l.fromPeriod, from: l.from, to_period: l.toPeriod, to: l.to, shared: l.shared, jaccard: l.jaccard, inclusion: l.inclusion }));
    return { columns: ['from_period', 'from', 'to_period', 'to', 'shared', 'jaccard', 'inclusion'], rows, notices, meta: { window: o.window } };
  }
  return { columns: ['period', 'node', 'community'], rows: parts.flatMap((p) => p.ids.map((node, i) => ({ period: p.label, node, community: p.membership[i] }))), notices, meta: { window: o.window } };
}
