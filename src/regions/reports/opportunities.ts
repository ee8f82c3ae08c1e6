import { DEFAULT_MIN_UBIQUITY, opportunities, STRATEGIES, type Weights } from '../opportunities.js';
import { pswot } from '../pswot.js';
import { listCell, type Report } from '../../report.js';
import { UserError } from '../../errors.js';
import { coarseNotice, context, labelOf, named, regionOf, tradedOf, type RegionYear } from './inputs.js';

export interface OpportunitiesOptions {
  region: string;
  /** A named strategy (STRATEGIES); `weights` overrides it. */
  strategy?: string;
  weights?: Weights;
  top?: number;
  /** Keep local activities (serving their own region: retail, care…), left out by default. */
  includeLocal?: boolean;
  minUbiquity?: number;
  minSize?: number;
  /** 1 (density 0–1, the default) or 100 (EconGeo's scale). */
  densityScale?: 1 | 100;
}

/**
 * A region's ranked diversification opportunities: absent activities scored by weighted z-scores of density, PCI and
 * COG, each with what every term adds and the present activities it builds on.
 */
export function opportunitiesReport(ry: RegionYear, o: OpportunitiesOptions): Report {
  const r = regionOf(ry, o.region);
  const { res, labels } = ry;
  const scale = o.densityScale ?? 1;
  const strategy = o.strategy ?? 'balanced';
  if (!o.weights && !STRATEGIES[strategy]) throw new UserError(`strategy "${strategy}" is not one of ${Object.keys(STRATEGIES).join(', ')}`, { field: 'strategy' });
  const weights = o.weights ?? STRATEGIES[strategy];
  const minUbiquity = o.minUbiquity ?? DEFAULT_MIN_UBIQUITY;
  const notices = [...ry.notices, ...coarseNotice(ry)];
  const traded = o.includeLocal ? undefined : tradedOf(ry);
  if (traded) notices.push(traded.notice);
  const result = opportunities(res, r, {
    weights,
    top: o.top ?? 20,
    minUbiquity,
    minSize: o.minSize ?? 0,
    ...(ry.side.exclude && { exclude: ry.side.exclude }),
    ...(traded && { traded: traded.map }),
  });
  const left = result.left;
  notices.push(`${result.candidates} candidates scored; left out: ${left.local} local, ${left.ubiquity} held by fewer than ${minUbiquity} regions, ${left.size} smaller than the minimum size, ${left.excluded} excluded; PCI winsorised to ${result.pciBounds.map((x) => x.toFixed(2)).join('…')} for scoring`);
  const ctx = context(ry, r);
  const rows = result.list.map((x) => ({
    ...ctx,
    rank: x.rank,
    activity: x.activity,
    ...(labels && { label: labelOf(labels, x.activity) }),
    score: x.score,
    from_density: x.contributions.density,
    from_pci: x.contributions.pci,
    from_cog: x.contributions.cog,
    density: x.density * scale,
    pci: x.pci,
    cog: x.cog,
    rca: x.rca,
    ubiquity: x.ubiquity,
    related_present: listCell(
      x.relatedPresent.map((q) => ({ activity: q.activity, ...(labels && { label: labelOf(labels, q.activity) }), proximity: q.proximity, rca: q.rca })),
      x.relatedPresent.map((q) => `${named(labels, q.activity)} (${q.proximity.toFixed(2)})`).join('; '),
    ),
  }));
  return {
    columns: [...Object.keys(ctx), 'rank', 'activity', ...(labels ? ['label'] : []), 'score', 'from_density', 'from_pci', 'from_cog', 'density', 'pci', 'cog', 'rca', 'ubiquity', 'related_present'],
    rows,
    notices,
    meta: { region: res.table.regions[r], year: ry.year, strategy: o.weights ? 'custom' : strategy, weights, candidates: result.candidates, left },
  };
}

/** The PSWOT view: every activity of a region as strength, weakness, opportunity, possible entrant, threat or unrelated. */
export function pswotReport(ry: RegionYear, o: { region: string; densityScale?: 1 | 100 }): Report {
  const r = regionOf(ry, o.region);
  const scale = o.densityScale ?? 1;
  const { labels } = ry;
  const ctx = context(ry, r);
  const rows = pswot(ry.res, r).map((e) => ({ ...ctx, activity: e.activity, ...(labels && { label: labelOf(labels, e.activity) }), class: e.class, present: e.present, rca: e.rca, density: e.density * scale, relative_density: e.relativeDensity, peer_presence: e.peerPresence }));
  return {
    columns: [...Object.keys(ctx), 'activity', ...(labels ? ['label'] : []), 'class', 'present', 'rca', 'density', 'relative_density', 'peer_presence'],
    rows,
    notices: [...ry.notices, ...coarseNotice(ry)],
    meta: { region: ry.res.table.regions[r], year: ry.year },
  };
}
