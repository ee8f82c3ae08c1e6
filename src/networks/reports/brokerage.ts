import { UserError } from '../../errors.js';
import { boundaries, participation } from '../boundaries.js';
import { brokerage, ROLES } from '../brokerage.js';
import { detectCommunities } from '../metrics.js';
import { unitAttribute } from '../records.js';
import type { Report } from '../../report.js';
import type { NetworkInput } from './inputs.js';

/** The actors' attributes whose groups can be boundaries in a map of records. */
export const GROUP_ATTRIBUTES = ['country', 'organisation', 'organisationType', 'region', 'sector', 'discipline'] as const;
export type GroupAttribute = (typeof GROUP_ATTRIBUTES)[number];

export interface BrokerageOptions {
  /** The attribute whose groups are the boundaries. */
  attribute: string;
  /** One row per node, per group, the groups' mixing matrix, or the whole network. */
  report?: 'node' | 'group' | 'mixing' | 'network';
  /** Each node's group, given (a node attribute file); else read from the records. */
  groups?: readonly string[];
  /** The group of nodes without the attribute; without it such nodes are an error (given groups) or "(unknown)". */
  missing?: string;
}

/** Each node's group: given, or the actors' attribute in a map of records at the person level. */
export function groupsOf(input: NetworkInput, o: Pick<BrokerageOptions, 'attribute' | 'groups' | 'missing'>): string[] {
  if (o.groups) return [...o.groups];
  if (!input.records) throw new UserError('an edge list needs a node attribute file for its groups', { field: 'attributes' });
  if (!(GROUP_ATTRIBUTES as readonly string[]).includes(o.attribute)) throw new UserError(`attribute "${o.attribute}" is not one of ${GROUP_ATTRIBUTES.join(', ')}`, { field: 'attribute' });
  const level = input.options?.level ?? 'person';
  return unitAttribute(input.records, input.graph, level, o.attribute as GroupAttribute).map((v) => v || (o.missing ?? '(unknown)'));
}

/**
 * Gould–Fernandez brokerage roles (with sna's expected values and z-scores) and E–I indices across the groups of an
 * attribute: per node (with the participation coefficient across the network's own communities), per group, the
 * mixing matrix, or for the whole network.
 */
export function brokerageReport(input: NetworkInput, o: BrokerageOptions): Report {
  const g = input.graph;
  const group = groupsOf(input, o);
  const b = brokerage(g, group);
  const bounds = boundaries(g, group);
  const report = o.report ?? 'node';
  const meta = { attribute: o.attribute, report, groups: bounds.groups.length };
  const notices: string[] = [];
  if (bounds.groups.length < 2) notices.push(`every node is in one group of ${o.attribute}: there is no boundary to broker across`);
  if (input.options?.level && input.options.level !== 'person' && !o.groups) notices.push(`at the ${input.options.level} level each node is its own group, so every tie crosses a boundary: brokerage across ${o.attribute} is read at the person level`);
  if (report === 'node') {
    // participation across the network's own communities (Leiden), beside the attribute's groups
    const across = participation(g, detectCommunities(g).membership);
    const rows = g.ids.map((node, i) => ({
      node,
      [o.attribute]: group[i],
      ...Object.fromEntries(ROLES.map((r, t) => [r, b.raw[i][t]])),
      ...Object.fromEntries(ROLES.map((r, t) => [`z_${r}`, b.z[i][t]])),
      ei: bounds.actorEI[i],
      participation: across[i],
    }));
    return { columns: ['node', o.attribute, ...ROLES, ...ROLES.map((r) => `z_${r}`), 'ei', 'participation'], rows, notices, meta };
  }
  if (report === 'mixing') {
    // ties between each pair of groups (each tie once; the diagonal: ties inside a group)
    const labels = bounds.groups.map((grp) => grp.label);
    return { columns: [o.attribute, ...labels], rows: labels.map((label, a) => ({ [o.attribute]: label, ...Object.fromEntries(labels.map((l2, c) => [l2, bounds.mixing[a][c]])) })), notices, meta };
  }
  if (report === 'group') {
    const rows = bounds.groups.map((grp) => {
      const sums = new Float64Array(ROLES.length);
      group.forEach((label, i) => label === grp.label && b.raw[i].forEach((x, t) => (sums[t] += x)));
      return { [o.attribute]: grp.label, size: grp.size, internal_ties: grp.internal, external_ties: grp.external, ei: grp.ei, ...Object.fromEntries(ROLES.map((r, t) => [r, sums[t]])) };
    });
    return { columns: [o.attribute, 'size', 'internal_ties', 'external_ties', 'ei', ...ROLES], rows, notices, meta };
  }
  const rows = [
    ...ROLES.map((r, t) => ({ measure: r, observed: b.network.raw[t], expected: b.network.expected[t], sd: b.network.sd[t], z: b.network.z[t] })),
    { measure: 'ei_index', observed: bounds.networkEI },
    { measure: 'cross_boundary_share', observed: bounds.crossShare },
    { measure: 'assortativity', observed: bounds.assortativity },
  ];
  return { columns: ['measure', 'observed', 'expected', 'sd', 'z'], rows, notices, meta };
}
