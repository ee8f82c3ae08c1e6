import { Command, Option } from 'commander';
import { readEdgeList } from '../formats/edgelist.js';
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
  return networks;
}
