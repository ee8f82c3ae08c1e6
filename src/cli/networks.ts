import { Command, Option } from 'commander';
import { readEdgeList } from '../formats/edgelist.js';
import { readNodeAttribute, readUnitCategories } from '../formats/node-table.js';
import { readPairs } from '../formats/side.js';
import { boundaries } from '../networks/boundaries.js';
import { brokerage, ROLES } from '../networks/brokerage.js';
import { cosineDistances, diversity } from '../networks/diversity.js';
import { emit, render, type Format } from '../formats/output.js';
import { samplesFor } from '../networks/betweenness.js';
import { closenessFromPaths } from '../networks/centrality.js';
import type { Objective } from '../networks/communities.js';
import type { Graph } from '../networks/graph.js';
import { detectCommunities, METRIC_COLUMNS, metricRows, nodeMetrics, type CommunityMethod } from '../networks/metrics.js';
import { betweennessParallel } from '../networks/parallel.js';
import { number } from './options.js';

interface Common {
  format?: Format;
  out?: string;
  method: CommunityMethod;
  objective: Objective;
  resolution: string;
  seed: string;
  minSize?: string;
}

function withCommon(cmd: Command): Command {
  return cmd
    .addOption(new Option('--method <method>', 'community detection method').choices(['leiden', 'louvain']).default('leiden'))
    .addOption(new Option('--objective <objective>', 'community objective').choices(['modularity', 'cpm']).default('modularity'))
    .option('--resolution <γ>', 'resolution (modularity) or density threshold (CPM)', '1')
    .option('--seed <n>', 'random seed for the community methods', '1')
    .option('--min-size <n>', 'merge communities smaller than this into their best-linked neighbour')
    .addOption(new Option('--format <format>', 'output format (default: table on a terminal, else csv)').choices(['table', 'csv', 'json']))
    .option('--out <file>', 'write to a file instead of standard output');
}

function communityOptions(o: Common) {
  return {
    objective: o.objective,
    resolution: number(o.resolution, '--resolution', { min: 0 }),
    seed: number(o.seed, '--seed', { integer: true }),
    ...(o.minSize !== undefined && { minSize: number(o.minSize, '--min-size', { integer: true, min: 1 }) }),
  };
}

const formatOf = (o: { format?: Format; out?: string }): Format => o.format ?? (process.stdout.isTTY && !o.out ? 'table' : 'csv');

async function load(file: string): Promise<Graph> {
  const { graph, notes } = await readEdgeList(file);
  const dropped = [notes.selfLoops && `${notes.selfLoops} self-loop${notes.selfLoops === 1 ? '' : 's'} dropped`].filter(Boolean);
  process.stderr.write(`${file}: ${graph.n.toLocaleString('en-GB')} nodes, ${graph.m.toLocaleString('en-GB')} edges${dropped.length ? ` (${dropped.join(', ')})` : ''}\n`);
  return graph;
}

export function networksCommand(): Command {
  const networks = new Command('networks').description('Knowledge networks: metrics and communities of collaboration graphs');

  networks.addCommand(
    withCommon(new Command('metrics').description('Per-node metrics of an edge list (SNAP style: "source target [weight]", # comments)'))
      .argument('<edges>', 'edge list file')
      .option('--sample <k>', 'estimate betweenness from k sampled sources instead of all')
      .option('--epsilon <ε>', 'estimate betweenness to within ε (probability 1 − δ) by sampling; see docs/networks-methods.md')
      .option('--delta <δ>', 'failure probability for --epsilon', '0.1')
      .option('--workers <n>', 'worker threads for betweenness (default: available cores)')
      .action(async (file: string, o: Common & { sample?: string; epsilon?: string; delta: string; workers?: string }) => {
        const g = await load(file);
        const sample =
          o.sample !== undefined
            ? number(o.sample, '--sample', { integer: true, min: 1 })
            : o.epsilon !== undefined
              ? samplesFor(g.n, number(o.epsilon, '--epsilon', { min: 1e-6 }), number(o.delta, '--delta', { min: 1e-12 }))
              : undefined;
        const communities = communityOptions(o);
        const sampled = sample !== undefined && sample < g.n;
        // exact betweenness searches from every node: the same searches give closeness
        const paths = sampled ? undefined : { total: new Float64Array(g.n), reached: new Int32Array(g.n) };
        const bc = await betweennessParallel(g, {
          ...(sampled && { sample, seed: communities.seed }),
          ...(paths && { paths }),
          ...(o.workers !== undefined && { workers: number(o.workers, '--workers', { integer: true, min: 1 }) }),
        });
        const m = nodeMetrics(g, { betweenness: bc, ...(paths && { closeness: closenessFromPaths(paths.total, paths.reached) }), method: o.method, communities });
        emit(render(formatOf(o), [...METRIC_COLUMNS], metricRows(g, m)), o.out);
      }),
  );

  networks.addCommand(
    withCommon(new Command('communities').description('Communities of an edge list (Leiden or Louvain; modularity or CPM)'))
      .argument('<edges>', 'edge list file')
      .action(async (file: string, o: Common) => {
        const g = await load(file);
        const p = detectCommunities(g, o.method, communityOptions(o));
        process.stderr.write(`${p.count.toLocaleString('en-GB')} communities, ${o.objective === 'cpm' ? 'CPM quality' : 'modularity'} ${p.quality.toFixed(6)}\n`);
        emit(render(formatOf(o), ['node', 'community'], g.ids.map((node, i) => ({ node, community: p.membership[i] }))), o.out);
      }),
  );

  networks.addCommand(
    new Command('brokerage')
      .description('Gould–Fernandez brokerage roles (with sna\'s expected values and z-scores) and E–I indices across the groups of a node attribute')
      .argument('<edges>', 'edge list file')
      .requiredOption('--attributes <file>', 'CSV of node attributes (node id in the first column, or --node-col)')
      .requiredOption('--attribute <column>', 'the attribute whose groups are the boundaries (region, organisation, discipline…)')
      .option('--node-col <column>', 'node id column of --attributes')
      .option('--missing <label>', 'group label for nodes without the attribute (otherwise an error)')
      .addOption(new Option('--level <level>', 'one row per node, per group, or for the whole network').choices(['node', 'group', 'network']).default('node'))
      .addOption(new Option('--format <format>', 'output format (default: table on a terminal, else csv)').choices(['table', 'csv', 'json']))
      .option('--out <file>', 'write to a file instead of standard output')
      .action(async (file: string, o: { attributes: string; attribute: string; nodeCol?: string; missing?: string; level: 'node' | 'group' | 'network'; format?: Format; out?: string }) => {
        const g = await load(file);
        const group = await readNodeAttribute(o.attributes, g.ids, o.attribute, { ...(o.nodeCol && { nodeCol: o.nodeCol }), ...(o.missing !== undefined && { missing: o.missing }) });
        const b = brokerage(g, group);
        const bounds = boundaries(g, group);
        if (o.level === 'node') {
          const columns = ['node', o.attribute, ...ROLES, ...ROLES.map((r) => `z_${r}`), 'ei'];
          const rows = g.ids.map((node, i) => ({
            node,
            [o.attribute]: group[i],
            ...Object.fromEntries(ROLES.map((r, t) => [r, b.raw[i][t]])),
            ...Object.fromEntries(ROLES.map((r, t) => [`z_${r}`, b.z[i][t]])),
            ei: bounds.actorEI[i],
          }));
          emit(render(formatOf(o), columns, rows), o.out);
        } else if (o.level === 'group') {
          const columns = [o.attribute, 'size', 'internal_ties', 'external_ties', 'ei', ...ROLES];
          const rows = bounds.groups.map((grp) => {
            const sums = new Float64Array(6);
            group.forEach((label, i) => label === grp.label && b.raw[i].forEach((x, t) => (sums[t] += x)));
            return { [o.attribute]: grp.label, size: grp.size, internal_ties: grp.internal, external_ties: grp.external, ei: grp.ei, ...Object.fromEntries(ROLES.map((r, t) => [r, sums[t]])) };
          });
          emit(render(formatOf(o), columns, rows), o.out);
        } else {
          const rows = [
            ...ROLES.map((r, t) => ({ measure: r, observed: b.network.raw[t], expected: b.network.expected[t], sd: b.network.sd[t], z: b.network.z[t] })),
            { measure: 'ei_index', observed: bounds.networkEI },
            { measure: 'cross_boundary_share', observed: bounds.crossShare },
            { measure: 'assortativity', observed: bounds.assortativity },
          ];
          emit(render(formatOf(o), ['measure', 'observed', 'expected', 'sd', 'z'], rows), o.out);
        }
      }),
  );

  networks.addCommand(
    new Command('diversity')
      .description('Diversity of each unit (actor, team, organisation, region…) over categories: Shannon, Simpson, Blau, Hill, Rao–Stirling, DIV')
      .argument('<table>', 'CSV with a unit column, a category column and optionally a weight column')
      .requiredOption('--by <column>', 'the unit column')
      .requiredOption('--category <column>', 'the category column (e.g. discipline)')
      .option('--weight <column>', 'a weight column (e.g. a share); each row counts 1 otherwise')
      .option('--distances <file>', 'category distances (a, b, distance); by default the cosine distance of the categories\' co-occurrence profiles across units')
      .addOption(new Option('--format <format>', 'output format (default: table on a terminal, else csv)').choices(['table', 'csv', 'json']))
      .option('--out <file>', 'write to a file instead of standard output')
      .action(async (file: string, o: { by: string; category: string; weight?: string; distances?: string; format?: Format; out?: string }) => {
        const rows = await readUnitCategories(file, o.by, o.category, o.weight);
        const units = [...new Set(rows.map((r) => r.unit))];
        const categories = [...new Set(rows.map((r) => r.category))];
        const ui = new Map(units.map((u, i) => [u, i]));
        const ci = new Map(categories.map((c, i) => [c, i]));
        const x = new Float64Array(units.length * categories.length);
        for (const r of rows) x[ui.get(r.unit)! * categories.length + ci.get(r.category)!] += r.weight;
        let distance: (c: number, e: number) => number;
        if (o.distances) {
          const given = await readPairs(o.distances);
          distance = (c, e) => given.get(categories[c])?.get(categories[e]) ?? given.get(categories[e])?.get(categories[c]) ?? 1;
        } else {
          const d = cosineDistances(x, units.length, categories.length);
          distance = (c, e) => d[c * categories.length + e];
        }
        const out = units.map((unit, u) => {
          const r = diversity(x.subarray(u * categories.length, (u + 1) * categories.length), distance);
          return { [o.by]: unit, total: r.total, variety: r.variety, shannon: r.shannon, simpson: r.simpson, blau: r.blau, hill1: r.hill1, hill2: r.hill2, rao_stirling: r.raoStirling, div: r.div };
        });
        emit(render(formatOf(o), [o.by, 'total', 'variety', 'shannon', 'simpson', 'blau', 'hill1', 'hill2', 'rao_stirling', 'div'], out), o.out);
      }),
  );
  return networks;
}
