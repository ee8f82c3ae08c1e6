import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { UserError } from '../errors.js';
import { importRecords, IMPORT_FORMATS, type ImportReport } from '../formats/import.js';
import { isTablesDir, readTables, TABLE_FILES, writeTables } from '../formats/network-tables.js';
import { degrees, inverseWeights, strengths, withMinWeight } from '../networks/graph.js';
import { toGexf } from '../formats/gexf.js';
import { toGraphml, toVosviewerJson } from '../formats/graphml.js';
import { ACTIVITY_TYPES, DEFAULT_MAX_AUTHORS, keptActivities, LEVELS, overParticipantCap, periodsOf, yearOf, recordsFromGraph, unitAttribute, unitFields, WEIGHTINGS, type ActivityType, type Level, type ProjectionOptions, type Records, type Weighting } from '../networks/records.js';
import { readEdgeList } from '../formats/edgelist.js';
import { readNodeAttribute, readUnitCategories } from '../formats/node-table.js';
import { readPairs, readThesaurus } from '../formats/side.js';
import { COUPLING_UNITS, localCitations, type CouplingUnit } from '../networks/citation.js';
import { KEYWORD_KINDS, type KeywordKind } from '../networks/keywords.js';
import { annualProduction, bradford, growthRate, impact, latestYear, lotka, mostCited, threeFields, topUnits, UNIT_KINDS, unitsOfDocuments, type UnitKind } from '../networks/bibliometrics.js';
import { thematicEvolution, thematicMap, type Theme } from '../networks/themes.js';
import { communityLinks } from '../networks/community-links.js';
import { mapDocuments, mapGraph, mapNodes, MAPS, type MapKind, type MapOptions } from '../networks/maps.js';
import { DEFAULT_RELEVANT_SHARE, DEFAULT_TERM_OCCURRENCES, TERM_SOURCES, termText, type TermSource } from '../networks/terms.js';
import { boundaries, participation } from '../networks/boundaries.js';
import { brokerage, ROLES } from '../networks/brokerage.js';
import { cosineDistances, diversity } from '../networks/diversity.js';
import { emit, render, type Format } from '../formats/output.js';
import type { Row } from '../report.js';
import { openCsv } from '../formats/csv.js';
import { proximity, proximityContext, proximityParadox } from '../networks/proximities.js';
import { spectrum, STAGES } from '../networks/spectrum.js';
import { samplesFor } from '../networks/betweenness.js';
import { closenessFromPaths, NETWORKX_PAGERANK_TOL } from '../networks/centrality.js';
import type { Objective } from '../networks/communities.js';
import type { Graph } from '../networks/graph.js';
import { detectCommunities, METRIC_COLUMNS, metricRows, nodeMetrics, type CommunityMethod } from '../networks/metrics.js';
import { betweennessParallel } from '../networks/parallel.js';
import { number } from './options.js';

const DESCRIBE_REPORTS = ['summary', 'production', 'authors', 'sources', 'organisations', 'countries', 'keywords', 'cited', 'local', 'hindex', 'lotka', 'bradford', 'three-fields'] as const;

interface Common {
  format?: Format;
  out?: string;
  method: CommunityMethod;
  objective: Objective;
  resolution: string;
  seed: string;
  minSize?: string;
  iterations?: string;
}

function withCommon(cmd: Command): Command {
  return cmd
    .addOption(new Option('--method <method>', 'community detection method').choices(['leiden', 'louvain']).default('leiden'))
    .addOption(new Option('--objective <objective>', 'community objective').choices(['modularity', 'cpm']).default('modularity'))
    .option('--resolution <γ>', 'resolution (modularity) or density threshold (CPM)', '1')
    .option('--seed <n>', 'random seed for the community methods', '1')
    .option('--min-size <n>', 'merge communities smaller than this into their best-linked neighbour')
    .option('--iterations <n>', 'Leiden: at most this many iterations (default: until the partition stops changing; igraph\'s default is 2)')
    .addOption(new Option('--format <format>', 'output format (default: table on a terminal, else csv)').choices(['table', 'csv', 'json']))
    .option('--out <file>', 'write to a file instead of standard output');
}

function communityOptions(o: Common) {
  return {
    objective: o.objective,
    resolution: number(o.resolution, '--resolution', { min: 0 }),
    seed: number(o.seed, '--seed', { integer: true }),
    ...(o.minSize !== undefined && { minSize: number(o.minSize, '--min-size', { integer: true, min: 1 }) }),
    ...(o.iterations !== undefined && { iterations: number(o.iterations, '--iterations', { integer: true, min: 1 }) }),
  };
}

const formatOf = (o: { format?: Format; out?: string }): Format => o.format ?? (process.stdout.isTTY && !o.out ? 'table' : 'csv');

interface GraphInput {
  level: Level;
  weighting: Weighting;
  from?: string;
  to?: string;
  types?: string;
  minWeight?: string;
  maxAuthors?: string;
  map?: MapKind;
  unit?: CouplingUnit;
  keywords?: KeywordKind;
  thesaurus?: string;
  minOccurrences?: string;
  termsFrom?: TermSource;
  relevant?: string;
  minCitations?: string;
  minDocuments?: string;
}

/** The import report in a few lines for the terminal (all of it is in import-report.json). */
function importSummary(r: ImportReport): string {
  const pct = (a: number, b: number) => `${b === 0 ? 0 : Math.round((100 * a) / b)}%`;
  const lines = [`${r.records.toLocaleString('en-GB')} records read from ${r.files} file(s), ${r.kept.toLocaleString('en-GB')} kept`];
  const a = r.authors;
  if (a) {
    lines.push(`${a.authorships.toLocaleString('en-GB')} authorships → ${a.people.toLocaleString('en-GB')} people (joined by identifier ${a.joinedByIdentifier}, by name and organisation ${a.joinedByOrganisation}, as the only namesake ${a.joinedAsOnlyCandidate})`);
    lines.push(`authorships with an organisation ${pct(a.withOrganisation, a.authorships)}, with a country ${pct(a.withCountry, a.authorships)}`);
  }
  return `${[...lines, ...r.warnings.map((w) => `warning: ${w}`)].join('\n')}\n`;
}

/** The options that turn imported tables into a graph (ignored for edge lists). */
function withGraphInput(cmd: Command): Command {
  return cmd
    .addOption(new Option('--level <level>', 'for imported tables: the nodes of the projection').choices([...LEVELS]).default('person'))
    .addOption(new Option('--weighting <w>', 'for imported tables: tie weights (fractional: 1/(n−1) per co-participant; association: VOSviewer\'s association strength)').choices([...WEIGHTINGS]).default('full'))
    .option('--from <year>', 'for imported tables: activities from this year')
    .option('--to <year>', 'for imported tables: activities up to this year')
    .option('--types <list>', `for imported tables: activity types to keep (${ACTIVITY_TYPES.join(', ')})`)
    .option('--min-weight <w>', 'drop ties lighter than this')
    .option('--max-authors <n>', `for imported tables: leave out activities with more participants than this (VOSviewer's default; 0 keeps all)`, String(DEFAULT_MAX_AUTHORS))
    .addOption(new Option('--map <map>', 'for imported tables: collaboration (who took part with whom, at --level), cocitation (cited references), coupling (shared references, of --unit), citation (records citing records), keywords (co-occurrence), terms (noun phrases of titles and abstracts, as VOSviewer)').choices([...MAPS]).default('collaboration'))
    .addOption(new Option('--unit <unit>', 'with --map coupling: the units coupled').choices([...COUPLING_UNITS]).default('document'))
    .addOption(new Option('--keywords <kind>', "with --map keywords: the authors' keywords, the database's (Keywords Plus, index terms) or all").choices([...KEYWORD_KINDS]).default('author'))
    .option('--thesaurus <file>', "VOSviewer's thesaurus file (label<TAB>replace by) to merge or drop labels: keywords (--map keywords), and people (by name), organisations, countries in collaboration maps")
    .option('--min-documents <n>', 'for imported tables: keep the units in at least this many activities (collaboration maps)', '1')
    .option('--min-occurrences <n>', `with --map keywords or terms: keywords or terms in at least this many documents (default 1 for keywords, ${DEFAULT_TERM_OCCURRENCES} for terms, as VOSviewer)`)
    .addOption(new Option('--terms-from <source>', 'with --map terms: the text the terms are read from').choices([...TERM_SOURCES]).default('both'))
    .option('--relevant <share>', `with --map terms: the share of terms kept, most relevant first (VOSviewer's ${DEFAULT_RELEVANT_SHARE})`, String(DEFAULT_RELEVANT_SHARE))
    .option('--min-citations <n>', 'with --map cocitation: references cited at least this many times', '1');
}

/** The map options of the graph commands, the thesaurus read. */
async function mapOptions(o: GraphInput): Promise<MapOptions> {
  return {
    ...projectionOptions(o),
    map: o.map ?? 'collaboration',
    unit: o.unit ?? 'document',
    keywords: o.keywords ?? 'author',
    ...(o.thesaurus && { thesaurus: await readThesaurus(o.thesaurus) }),
    ...(o.minOccurrences !== undefined && { minOccurrences: number(o.minOccurrences, '--min-occurrences', { integer: true, min: 1 }) }),
    ...(o.relevant !== undefined && { relevantShare: number(o.relevant, '--relevant', { min: 0.01, max: 1 }) }),
    minCitations: number(o.minCitations ?? '1', '--min-citations', { integer: true, min: 1 }),
    minDocuments: number(o.minDocuments ?? '1', '--min-documents', { integer: true, min: 1 }),
  };
}

function projectionOptions(o: GraphInput): ProjectionOptions {
  const types = o.types?.split(',').map((t) => t.trim());
  for (const t of types ?? []) if (!(ACTIVITY_TYPES as readonly string[]).includes(t)) throw new UserError(`--types: "${t}" is not one of ${ACTIVITY_TYPES.join(', ')}`, { field: '--types' });
  return {
    level: o.level,
    weighting: o.weighting,
    ...(types && { types: types as ActivityType[] }),
    ...(o.from !== undefined && { from: number(o.from, '--from', { integer: true }) }),
    ...(o.to !== undefined && { to: number(o.to, '--to', { integer: true }) }),
    ...(o.minWeight !== undefined && { minWeight: number(o.minWeight, '--min-weight', { min: 0 }) }),
    ...(maxAuthors(o) > 0 && { maxParticipants: maxAuthors(o) }),
  };
}

const maxAuthors = (o: GraphInput) => number(o.maxAuthors ?? String(DEFAULT_MAX_AUTHORS), '--max-authors', { integer: true, min: 0 });

/** A notice naming the activities --max-authors leaves out. */
function capNotice(records: Records, o: GraphInput): void {
  const cap = maxAuthors(o);
  if (cap === 0) return;
  const over = overParticipantCap(records, cap);
  if (over.length === 0) return;
  const named = over.slice(0, 5).map((x) => `${x.activity} (${x.participants})`).join(', ');
  process.stderr.write(`notice: ${over.length} activit${over.length === 1 ? 'y has' : 'ies have'} more than ${cap} participants and ${over.length === 1 ? 'is' : 'are'} left out: ${named}${over.length > 5 ? ', …' : ''}; --max-authors N changes the cap (0 keeps all), --weighting fractional counts each activity once whatever its size\n`);
}

/** Each activity's noun phrases for a term map (the language model is loaded only here). */
async function phrasesOf(records: Records, from: TermSource, input: string): Promise<Map<string, string[]>> {
  const { nounPhrases } = await import('../networks/noun-phrases.js');
  const out = new Map<string, string[]>();
  let texts = 0;
  for (const a of records.activities) {
    const text = termText(a, from);
    if (text) texts++;
    out.set(a.id, nounPhrases(text));
  }
  if (texts === 0) throw new UserError(`no activity has a ${from === 'both' ? 'title or abstract' : from}: a term map needs text (re-import the records: abstracts are read from WoS AB, Scopus, Lens, Dimensions, OpenAlex and PubMed)`, { file: input });
  return out;
}

/** An edge list, or a directory of imported tables projected at --level. */
async function load(input: string, o: GraphInput = { level: 'person', weighting: 'full' }): Promise<{ graph: Graph; records?: Records; options?: MapOptions }> {
  if (existsSync(input) && statSync(input).isDirectory()) {
    if (!isTablesDir(input)) throw new UserError(`a directory of imported tables needs ${TABLE_FILES.participations} (write one with \`proximity networks import\`)`, { file: input });
    const records = await readTables(input);
    const options = await mapOptions(o);
    if (options.map === 'terms') options.termPhrases = await phrasesOf(records, o.termsFrom ?? 'both', input);
    if ((options.map ?? 'collaboration') === 'collaboration') capNotice(records, o);
    const graph = mapGraph(records, options);
    process.stderr.write(`${input}: ${records.activities.length.toLocaleString('en-GB')} activities → ${mapNodes(options)} graph of ${graph.n.toLocaleString('en-GB')} nodes, ${graph.m.toLocaleString('en-GB')} ties (${o.weighting} counting)\n`);
    if (graph.m === 0) {
      const why = options.map === 'collaboration' ? `no activity with two or more ${o.level}s` : options.map === 'cocitation' || options.map === 'coupling' || options.map === 'citation' ? 'no cited references shared (do the records carry their references? Web of Science CR, Scopus References, OpenAlex referenced_works)' : options.map === 'terms' ? `no two terms on one document; a term needs ${options.minOccurrences ?? DEFAULT_TERM_OCCURRENCES} documents, and a smaller --min-occurrences suits a small corpus` : 'no two keywords on one document';
      throw new UserError(`the ${mapNodes(options)} graph has no ties (${why}${o.from || o.to || o.types || o.minWeight ? ' after --from, --to, --types and --min-weight' : ''}): there is no network to analyse`, { file: input });
    }
    return { graph, records, options };
  }
  const { graph, notes } = await readEdgeList(input);
  if (graph.m === 0) {
    throw new UserError(
      notes.selfLoops
        ? `every tie is a self-loop (${notes.selfLoops}), and self-loops are dropped: there is no network to analyse`
        : graph.n > 0
          ? `has ${graph.n} nodes but no ties: there is no network to analyse`
          : 'has no ties (an edge list has one `source target [weight]` per line): there is no network to analyse',
      { file: input },
    );
  }
  const g = o.minWeight !== undefined ? withMinWeight(graph, number(o.minWeight, '--min-weight', { min: 0 })) : graph;
  if (g.m === 0) throw new UserError(`no tie weighs --min-weight ${o.minWeight} or more: there is no network to analyse`, { field: '--min-weight' });
  const dropped = [notes.selfLoops && `${notes.selfLoops} self-loop${notes.selfLoops === 1 ? '' : 's'} dropped`].filter(Boolean);
  process.stderr.write(`${input}: ${g.n.toLocaleString('en-GB')} nodes, ${g.m.toLocaleString('en-GB')} edges${dropped.length ? ` (${dropped.join(', ')})` : ''}\n`);
  return { graph: g };
}

export function networksCommand(): Command {
  const networks = new Command('networks');

  networks.addCommand(
    withGraphInput(withCommon(new Command('metrics').description('Per-node metrics of an edge list (SNAP style: "source target [weight]", # comments) or of imported tables')))
      .argument('<input>', 'edge list or Pajek .net file, or a directory written by `networks import`')
      .option('--sample <k>', 'estimate betweenness from k sampled sources instead of all')
      .option('--epsilon <ε>', 'estimate betweenness to within ε (probability 1 − δ) by sampling; see docs/networks-methods.md')
      .option('--delta <δ>', 'failure probability for --epsilon', '0.1')
      .option('--workers <n>', 'worker threads for betweenness (default: available cores)')
      .option('--window <years>', 'for imported tables: one graph per period of this many years (a `period` column comes first)')
      .option('--step <years>', 'with --window: start a period every this many years (less than --window: a sliding window)')
      .option('--tol <t>', `PageRank: stop when the L1 change is below n·t (default: run to convergence; ${NETWORKX_PAGERANK_TOL} stops where NetworkX stops)`)
      .addOption(new Option('--weighted-betweenness [lengths]', 'betweenness on weighted shortest paths: a tie of weight w is 1/w long (inverse, the default: stronger ties are shorter), or w long (length: weights that are distances)').choices(['inverse', 'length']))
      .action(async (file: string, o: Common & GraphInput & { sample?: string; epsilon?: string; delta: string; workers?: string; window?: string; step?: string; tol?: string; weightedBetweenness?: true | 'inverse' | 'length' }) => {
        const { graph, records, options } = await load(file, o);
        let periods: ({ from: number; to: number; label: string } | undefined)[] = [undefined];
        if (o.window !== undefined) {
          if (!records) throw new UserError('--window needs imported tables (activities with dates)', { field: '--window' });
          periods = periodsOf(records, number(o.window, '--window', { integer: true, min: 1 }), o.step === undefined ? undefined : number(o.step, '--step', { integer: true, min: 1 }));
          if (periods.length === 0) throw new UserError('--window: no activity has a date', { field: '--window' });
        }
        const rows: Row[] = [];
        for (const period of periods) {
          const g = period ? mapGraph(records!, { ...options, from: period.from, to: period.to }) : graph;
          const sample =
            o.sample !== undefined
              ? number(o.sample, '--sample', { integer: true, min: 1 })
              : o.epsilon !== undefined
                ? samplesFor(g.n, number(o.epsilon, '--epsilon', { min: 1e-6 }), number(o.delta, '--delta', { min: 1e-12 }))
                : undefined;
          const communities = communityOptions(o);
          const sampled = sample !== undefined && sample < g.n;
          const weighted = o.weightedBetweenness === undefined ? undefined : o.weightedBetweenness === 'length' ? 'length' : 'inverse';
          // exact unweighted betweenness searches from every node: the same searches give closeness
          const paths = sampled || weighted ? undefined : { total: new Float64Array(g.n), reached: new Int32Array(g.n) };
          const bc = await betweennessParallel(weighted === 'inverse' ? inverseWeights(g) : g, {
            ...(sampled && { sample, seed: communities.seed }),
            ...(paths && { paths }),
            ...(weighted && { weighted: true }),
            ...(o.workers !== undefined && { workers: number(o.workers, '--workers', { integer: true, min: 1 }) }),
          });
          const m = nodeMetrics(g, {
            betweenness: bc,
            ...(paths && { closeness: closenessFromPaths(paths.total, paths.reached) }),
            method: o.method,
            communities,
            ...(o.tol !== undefined && { pagerank: { tol: number(o.tol, '--tol', { min: 0 }) } }),
          });
          for (const r of metricRows(g, m)) rows.push(period ? { period: period.label, ...r } : r);
        }
        emit(render(formatOf(o), [...(o.window !== undefined ? ['period'] : []), ...METRIC_COLUMNS], rows), o.out);
      }),
  );

  networks.addCommand(
    withGraphInput(withCommon(new Command('communities').description('Communities of an edge list or of imported tables (Leiden or Louvain; modularity or CPM)')))
      .argument('<input>', 'edge list or Pajek .net file, or a directory written by `networks import`')
      .option('--window <years>', 'for imported tables: communities per period of this many years (a `period` column comes first)')
      .option('--step <years>', 'with --window: start a period every this many years (less than --window: a sliding window)')
      .option('--links', "with --window: instead of the members, each pair of consecutive periods' communities that share members (shared, Jaccard, inclusion)")
      .action(async (file: string, o: Common & GraphInput & { window?: string; step?: string; links?: boolean }) => {
        const { graph, records, options } = await load(file, o);
        if (o.window === undefined) {
          if (o.links) throw new UserError('--links needs --window', { field: '--links' });
          const p = detectCommunities(graph, o.method, communityOptions(o));
          process.stderr.write(`${p.count.toLocaleString('en-GB')} communities, ${o.objective === 'cpm' ? 'CPM quality' : 'modularity'} ${p.quality.toFixed(6)}\n`);
          emit(render(formatOf(o), ['node', 'community'], graph.ids.map((node, i) => ({ node, community: p.membership[i] }))), o.out);
          return;
        }
        if (!records) throw new UserError('--window needs imported tables (activities with dates)', { field: '--window' });
        const periods = periodsOf(records, number(o.window, '--window', { integer: true, min: 1 }), o.step === undefined ? undefined : number(o.step, '--step', { integer: true, min: 1 }));
        if (periods.length === 0) throw new UserError('--window: no activity has a date', { field: '--window' });
        const parts = periods.map((period) => {
          const g = mapGraph(records, { ...options, from: period.from, to: period.to });
          const p = detectCommunities(g, o.method, communityOptions(o));
          process.stderr.write(`${period.label}: ${g.n.toLocaleString('en-GB')} nodes, ${p.count.toLocaleString('en-GB')} communities, ${o.objective === 'cpm' ? 'CPM quality' : 'modularity'} ${p.quality.toFixed(4)}\n`);
          return { label: period.label, ids: g.ids, membership: p.membership };
        });
        if (o.links) {
          emit(render(formatOf(o), ['from_period', 'from', 'to_period', 'to', 'shared', 'jaccard', 'inclusion'], communityLinks(parts).map((l) => ({ from_period: l.fromPeriod, from: l.from, to_period: l.toPeriod, to: l.to, shared: l.shared, jaccard: l.jaccard, inclusion: l.inclusion }))), o.out);
          return;
        }
        emit(render(formatOf(o), ['period', 'node', 'community'], parts.flatMap((p) => p.ids.map((node, i) => ({ period: p.label, node, community: p.membership[i] })))), o.out);
      }),
  );

  networks.addCommand(
    withGraphInput(new Command('brokerage'))
      .description('Gould–Fernandez brokerage roles (with sna\'s expected values and z-scores) and E–I indices across the groups of a node attribute')
      .argument('<input>', 'edge list or Pajek .net file, or a directory written by `networks import`')
      .requiredOption('--attribute <name>', 'the attribute whose groups are the boundaries: a column of --attributes, or for imported tables at --level person one of country, organisation, organisationType, region, sector, discipline')
      .option('--attributes <file>', 'CSV of node attributes (node id in the first column, or --node-col)')
      .option('--node-col <column>', 'node id column of --attributes')
      .option('--missing <label>', 'group label for nodes without the attribute (otherwise an error)')
      .addOption(new Option('--report <what>', 'one row per node (roles, z-scores, E–I, participation coefficient), per group, the groups\' mixing matrix, or the whole network').choices(['node', 'group', 'mixing', 'network']).default('node'))
      .addOption(new Option('--format <format>', 'output format (default: table on a terminal, else csv)').choices(['table', 'csv', 'json']))
      .option('--out <file>', 'write to a file instead of standard output')
      .action(async (file: string, o: GraphInput & { attributes?: string; attribute: string; nodeCol?: string; missing?: string; report: 'node' | 'group' | 'mixing' | 'network'; format?: Format; out?: string }) => {
        const { graph: g, records } = await load(file, o);
        let group: string[];
        if (o.attributes) group = await readNodeAttribute(o.attributes, g.ids, o.attribute, { ...(o.nodeCol && { nodeCol: o.nodeCol }), ...(o.missing !== undefined && { missing: o.missing }) });
        else if (records) {
          const known = ['country', 'organisation', 'organisationType', 'region', 'sector', 'discipline'] as const;
          if (!(known as readonly string[]).includes(o.attribute)) throw new UserError(`--attribute "${o.attribute}" is not one of ${known.join(', ')}`, { field: '--attribute' });
          group = unitAttribute(records, g, o.level, o.attribute as (typeof known)[number]).map((v) => v || (o.missing ?? '(unknown)'));
        } else throw new UserError('an edge list needs --attributes FILE for its node attribute', { field: '--attributes' });
        const b = brokerage(g, group);
        const bounds = boundaries(g, group);
        if (o.report === 'node') {
          // participation across the network's own communities (Leiden), beside the attribute's groups
          const across = participation(g, detectCommunities(g).membership);
          const columns = ['node', o.attribute, ...ROLES, ...ROLES.map((r) => `z_${r}`), 'ei', 'participation'];
          const rows = g.ids.map((node, i) => ({
            node,
            [o.attribute]: group[i],
            ...Object.fromEntries(ROLES.map((r, t) => [r, b.raw[i][t]])),
            ...Object.fromEntries(ROLES.map((r, t) => [`z_${r}`, b.z[i][t]])),
            ei: bounds.actorEI[i],
            participation: across[i],
          }));
          emit(render(formatOf(o), columns, rows), o.out);
        } else if (o.report === 'mixing') {
          // ties between each pair of groups (each tie once; the diagonal: ties inside a group)
          const labels = bounds.groups.map((grp) => grp.label);
          emit(render(formatOf(o), [o.attribute, ...labels], labels.map((label, a) => ({ [o.attribute]: label, ...Object.fromEntries(labels.map((l2, c) => [l2, bounds.mixing[a][c]])) }))), o.out);
        } else if (o.report === 'group') {
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
      .argument('<input>', 'a CSV with unit, category and optional weight columns; or a directory written by `networks import`')
      .requiredOption('--by <unit>', 'the unit column of the CSV; for imported tables one of person, organisation, country, activity')
      .option('--category <column>', 'the category column of the CSV (e.g. discipline); imported tables use the activities\' fields')
      .option('--weight <column>', 'a weight column (e.g. a share); each row counts 1 otherwise')
      .option('--distances <file>', 'category distances (a, b, distance); by default the cosine distance of the categories\' co-occurrence profiles across units')
      .addOption(new Option('--format <format>', 'output format (default: table on a terminal, else csv)').choices(['table', 'csv', 'json']))
      .option('--out <file>', 'write to a file instead of standard output')
      .action(async (file: string, o: { by: string; category?: string; weight?: string; distances?: string; format?: Format; out?: string }) => {
        let rows: { unit: string; category: string; weight: number }[];
        if (existsSync(file) && statSync(file).isDirectory()) {
          const units = ['person', 'organisation', 'country', 'activity'] as const;
          if (!(units as readonly string[]).includes(o.by)) throw new UserError(`--by "${o.by}" is not one of ${units.join(', ')}`, { field: '--by' });
          if (!isTablesDir(file)) throw new UserError(`a directory of imported tables needs ${TABLE_FILES.participations}`, { file });
          rows = unitFields(await readTables(file), o.by as (typeof units)[number]);
          if (rows.length === 0) throw new UserError('no activity has fields to measure diversity over', { file });
        } else {
          if (!o.category) throw new UserError('a CSV needs --category COLUMN', { field: '--category' });
          rows = await readUnitCategories(file, o.by, o.category, o.weight);
        }
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

  networks.addCommand(
    new Command('import')
      .description('Read bibliographic or project records into the three tables (actors, activities, participations)')
      .argument('<files...>', 'Web of Science plain text or BibTeX, Scopus CSV, OpenAlex JSON or CSV, Lens CSV, Gateway to Research CSV extracts (gzipped or not), or table directories')
      .option('--format <format>', `input format (detected when absent): ${IMPORT_FORMATS.join(', ')}`)
      .requiredOption('--out <dir>', 'directory for actors.csv, activities.csv, participations.csv')
      .action(async (files: string[], o: { format?: string; out: string }) => {
        const { records, report } = await importRecords(files, o.format);
        writeTables(records, o.out);
        writeFileSync(join(o.out, 'import-report.json'), `${JSON.stringify(report, null, 2)}\n`);
        process.stderr.write(`${records.activities.length.toLocaleString('en-GB')} activities, ${records.actors.length.toLocaleString('en-GB')} actors, ${records.participations.length.toLocaleString('en-GB')} participations → ${o.out}\n${importSummary(report)}`);
      }),
  );

  networks.addCommand(
    withGraphInput(new Command('export'))
      .description('The graph for Gephi (GEXF, GraphML) or VOSviewer (JSON map), with each node\'s degree, strength and community')
      .argument('<input>', 'edge list or Pajek .net file, or a directory written by `networks import`')
      .addOption(new Option('--format <format>', 'graph format').choices(['gexf', 'graphml', 'vos']).makeOptionMandatory())
      .addOption(new Option('--method <method>', 'community detection method').choices(['leiden', 'louvain']).default('leiden'))
      .option('--seed <n>', 'random seed for the community method', '1')
      .option('--out <file>', 'write to a file instead of standard output')
      .action(async (file: string, o: GraphInput & { format: 'gexf' | 'graphml' | 'vos'; method: CommunityMethod; seed: string; out?: string }) => {
        const { graph: g, records, options } = await load(file, o);
        const p = detectCommunities(g, o.method, { seed: number(o.seed, '--seed', { integer: true }) });
        const deg = degrees(g);
        const str = strengths(g);
        const names = new Map(records?.actors.map((a) => [a.id, a.name]) ?? []);
        const label = (id: string) => ((o.map ?? 'collaboration') === 'collaboration' && o.level === 'person') || (o.map === 'coupling' && o.unit === 'person') ? (names.get(id) ?? id) : id;
        const activityCount = records && options ? mapDocuments(records, options) : new Map<string, number>();
        const edges: { source: string; target: string; weight: number }[] = [];
        for (let i = 0; i < g.n; i++) for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++) if (g.targets[k] > i) edges.push({ source: g.ids[i], target: g.ids[g.targets[k]], weight: g.weights[k] });
        if (o.format === 'vos') {
          // VOSviewer normalises link strengths itself (association strength by default): it reads raw co-occurrence
          // counts, so association-weighted ties are written with their full counts, not normalised twice
          let raw: Map<string, number> | undefined;
          if (records && o.weighting === 'association') {
            const full = mapGraph(records, { ...options, weighting: 'full', minWeight: undefined });
            raw = new Map();
            for (let i = 0; i < full.n; i++) for (let k = full.offsets[i]; k < full.offsets[i + 1]; k++) raw.set(`${full.ids[i]}\u0000${full.ids[full.targets[k]]}`, full.weights[k]);
            process.stderr.write('notice: VOSviewer normalises link strengths itself (association strength by default), so the map has the raw co-occurrence counts; the clusters come from the association-strength graph\n');
          }
          const strength = (e: { source: string; target: string; weight: number }) => raw?.get(`${e.source}\u0000${e.target}`) ?? e.weight;
          const total = new Float64Array(g.n);
          const at = new Map(g.ids.map((id, i) => [id, i + 1]));
          for (const e of edges) {
            total[at.get(e.source)! - 1] += strength(e);
            total[at.get(e.target)! - 1] += strength(e);
          }
          const items = g.ids.map((id, i) => ({
            id: i + 1,
            label: label(id),
            cluster: p.membership[i] + 1,
            weights: { Links: deg[i], 'Total link strength': raw ? total[i] : str[i], ...(records && { Documents: activityCount.get(id) ?? 0 }) },
          }));
          const links = edges.map((e) => ({ source_id: at.get(e.source)!, target_id: at.get(e.target)!, strength: strength(e) }));
          emit(toVosviewerJson(items, links), o.out);
          return;
        }
        const nodes = g.ids.map((id, i) => ({ id, label: label(id), attributes: { degree: deg[i], strength: str[i], community: p.membership[i], ...(records && { activities: activityCount.get(id) ?? 0 }) } }));
        emit(o.format === 'gexf' ? toGexf(nodes, edges, `Proximity knowledge network (${o.level} level, ${o.weighting} counting)`) : toGraphml(nodes, edges), o.out);
      }),
  );

  networks.addCommand(
    new Command('proximities')
      .description('Boschma\'s five proximities between actors (geographical, cognitive, organisational, institutional, social), or the proximity-paradox test')
      .argument('<input>', 'a directory written by `networks import`; or an edge list, for the social proximities only')
      .option('--pairs <file>', 'CSV of actor pairs (columns a, b); default: every pair of co-participants')
      .option('--all', 'every pair of actors (n(n−1)/2 rows)')
      .option('--paradox <year>', 'instead: the probability that a pair untied up to this year ties after it, by decile of each proximity')
      .addOption(new Option('--format <format>', 'output format (default: table on a terminal, else csv)').choices(['table', 'csv', 'json']))
      .option('--out <file>', 'write to a file instead of standard output')
      .action(async (dir: string, o: { pairs?: string; all?: boolean; paradox?: string; format?: Format; out?: string }) => {
        // an edge list gives the social proximities only: each tie one shared activity
        const input = await load(dir);
        const records = input.records ?? recordsFromGraph(input.graph);
        if (o.paradox !== undefined) {
          const rows = proximityParadox(records, number(o.paradox, '--paradox', { integer: true }));
          emit(render(formatOf(o), ['measure', 'decile', 'from', 'to', 'pairs', 'newTies', 'probability'], rows as unknown as Row[]), o.out);
          return;
        }
        const ctx = proximityContext(records);
        const pairs: [string, string][] = [];
        if (o.pairs) {
          const src = await openCsv(o.pairs);
          const h = src.header.map((x) => x.toLowerCase());
          const a = h.indexOf('a');
          const b = h.indexOf('b');
          if (a < 0 || b < 0) throw new UserError(`expected columns a and b (found ${src.header.join(', ')})`, { file: o.pairs, line: 1 });
          for await (const { fields, line } of src.rows) {
            const pa = fields[a]?.trim();
            const pb = fields[b]?.trim();
            for (const [v, c] of [[pa, a], [pb, b]] as const) if (!v || !ctx.actors.has(v)) throw new UserError(`actor "${v ?? ''}" is not in the records`, { file: o.pairs, line, column: c + 1 });
            pairs.push([pa!, pb!]);
          }
        } else if (o.all) {
          const ids = records.actors.map((x) => x.id);
          for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) pairs.push([ids[i], ids[j]]);
        } else {
          const g = ctx.graph;
          for (let i = 0; i < g.n; i++) for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++) if (g.targets[k] > i) pairs.push([g.ids[i], g.ids[g.targets[k]]]);
        }
        const columns = ['a', 'b', 'distance_km', 'same_region', 'discipline_cosine', 'keyword_cosine', 'same_organisation', 'same_parent', 'same_organisation_type', 'same_country', 'shared_partners', 'co_participations', 'path_length'];
        const rows = pairs.map(([a, b]) => {
          const p = proximity(ctx, a, b);
          return { a, b, distance_km: p.distanceKm, same_region: p.sameRegion, discipline_cosine: p.disciplineCosine, keyword_cosine: p.keywordCosine, same_organisation: p.sameOrganisation, same_parent: p.sameParent, same_organisation_type: p.sameOrganisationType, same_country: p.sameCountry, shared_partners: p.sharedPartners, co_participations: p.coParticipations, path_length: Number.isFinite(p.pathLength) ? p.pathLength : null };
        });
        emit(render(formatOf(o), columns, rows), o.out);
      }),
  );

  networks.addCommand(
    new Command('spectrum')
      .description('How far each pair of disciplines (or groups) has progressed: sharing, common themes, joint symposia, broadening, joint writing or research, with the evidence')
      .argument('<tables>', 'a directory written by `networks import`')
      .addOption(new Option('--groups <attribute>', 'the groups: the actors\' disciplines, or another attribute').choices(['discipline', 'country', 'organisation', 'organisationType', 'region', 'sector']).default('discipline'))
      .option('--sharing <types>', 'activity types that count as sharing (stage 1)', 'workshop,other')
      .option('--symposia <types>', 'activity types that count as joint symposia (stage 3)', 'symposium,event')
      .option('--joint <types>', 'activity types that count as joint writing or research (stage 5)', 'publication,project,proposal')
      .option('--min-shared-keywords <n>', 'keywords in common for common themes (stage 2)', '1')
      .option('--by-year', 'one row per pair and year: the highest stage reached by then')
      .addOption(new Option('--format <format>', 'output format (default: table on a terminal, else csv)').choices(['table', 'csv', 'json']))
      .option('--out <file>', 'write to a file instead of standard output')
      .action(async (dir: string, o: { groups: string; sharing: string; symposia: string; joint: string; minSharedKeywords: string; byYear?: boolean; format?: Format; out?: string }) => {
        if (!existsSync(dir) || !statSync(dir).isDirectory() || !isTablesDir(dir)) throw new UserError(`expected a directory written by \`proximity networks import\` (with ${TABLE_FILES.participations})`, { file: dir });
        const records = await readTables(dir);
        const types = (flag: string, v: string) =>
          v.split(',').map((t) => {
            const x = t.trim();
            if (!(ACTIVITY_TYPES as readonly string[]).includes(x)) throw new UserError(`${flag}: "${x}" is not one of ${ACTIVITY_TYPES.join(', ')}`, { field: flag });
            return x as ActivityType;
          });
        const actors = new Map(records.actors.map((a) => [a.id, a]));
        const attribute = o.groups as 'country' | 'organisation' | 'organisationType' | 'region' | 'sector';
        const result = spectrum(records, {
          stages: { sharing: types('--sharing', o.sharing), symposia: types('--symposia', o.symposia), joint: types('--joint', o.joint) },
          minSharedKeywords: number(o.minSharedKeywords, '--min-shared-keywords', { integer: true, min: 1 }),
          ...(o.groups !== 'discipline' && { groupsOf: (id: string) => { const v = actors.get(id)?.[attribute]; return v ? [v] : []; } }),
        });
        if (o.byYear) {
          emit(render(formatOf(o), ['a', 'b', 'year', 'highest', 'stage'], result.flatMap((p) => p.byYear.map((y) => ({ a: p.a, b: p.b, year: y.year, highest: y.highest, stage: STAGES[y.highest - 1] ?? '' })))), o.out);
          return;
        }
        const columns = ['a', 'b', 'highest', 'stage', ...STAGES.flatMap((_, s) => [`s${s + 1}_count`, `s${s + 1}_first_year`, `s${s + 1}_evidence`])];
        const rows = result.map((p) => ({
          a: p.a,
          b: p.b,
          highest: p.highest,
          stage: STAGES[p.highest - 1] ?? '',
          ...Object.fromEntries(p.stages.flatMap((st, s) => [[`s${s + 1}_count`, st.count], [`s${s + 1}_first_year`, st.firstYear], [`s${s + 1}_evidence`, st.examples.join('; ')]])),
        }));
        emit(render(formatOf(o), columns, rows), o.out);
      }),
  );
  networks.addCommand(
    new Command('describe')
      .description('Descriptive bibliometrics of imported tables (as bibliometrix): summary, production, top units, most cited, h-index, Lotka, Bradford, three fields')
      .argument('<dir>', 'a directory written by `networks import`')
      .addOption(new Option('--report <report>', 'what to describe').choices([...DESCRIBE_REPORTS]).default('summary'))
      .addOption(new Option('--unit <unit>', 'hindex: authors or sources').choices(['person', 'source']).default('person'))
      .option('--fields <a,b,c>', 'three-fields: the left, middle and right fields (person, source, organisation, country, keyword)', 'person,keyword,source')
      .option('--top <n>', 'rows of the top-unit reports, items per field of three-fields', '20')
      .addOption(new Option('--keywords <kind>', "keyword reports: the authors' keywords, the database's, or all").choices([...KEYWORD_KINDS]).default('author'))
      .option('--thesaurus <file>', "VOSviewer's thesaurus file for keywords")
      .option('--as-of <year>', 'the year per-year rates and m-indices count to (default: the latest publication year)')
      .option('--from <year>', 'activities from this year')
      .option('--to <year>', 'activities up to this year')
      .addOption(new Option('--format <format>', 'output format (default: table on a terminal, else csv)').choices(['table', 'csv', 'json']))
      .option('--out <file>', 'write to a file instead of standard output')
      .action(async (dir: string, o: { report: (typeof DESCRIBE_REPORTS)[number]; unit: 'person' | 'source'; fields: string; top: string; keywords: KeywordKind; thesaurus?: string; asOf?: string; from?: string; to?: string; format?: Format; out?: string }) => {
        if (!(existsSync(dir) && statSync(dir).isDirectory() && isTablesDir(dir))) throw new UserError('describe reads a directory written by `proximity networks import`', { file: dir });
        const records = await readTables(dir);
        const activities = keptActivities(records, {
          ...(o.from !== undefined && { from: number(o.from, '--from', { integer: true }) }),
          ...(o.to !== undefined && { to: number(o.to, '--to', { integer: true }) }),
        });
        if (activities.length === 0) throw new UserError('no activity in the years asked', { field: '--from' });
        const top = number(o.top, '--top', { integer: true, min: 1 });
        const asOf = o.asOf !== undefined ? number(o.asOf, '--as-of', { integer: true }) : latestYear(activities);
        const kw = { keywords: o.keywords, ...(o.thesaurus && { thesaurus: await readThesaurus(o.thesaurus) }) };
        const out = (columns: string[], rows: Row[]) => emit(render(formatOf(o), columns, rows), o.out);
        const names = new Map(records.actors.map((a) => [a.id, a.name]));
        const name = (unit: string, kind: string) => (kind === 'person' ? (names.get(unit) ?? unit) : unit);
        switch (o.report) {
          case 'summary': {
            const production = annualProduction(activities);
            const authorsOf = unitsOfDocuments(records, activities, 'person');
            const perDoc = activities.map((a) => (authorsOf.get(a.id) ?? []).length);
            const single = activities.filter((_, i) => perDoc[i] === 1);
            const multi = activities.filter((_, i) => perDoc[i] > 1);
            const authors = new Set(activities.flatMap((a) => authorsOf.get(a.id) ?? []));
            const singleAuthors = new Set(single.flatMap((a) => authorsOf.get(a.id) ?? []));
            const refs = new Set(activities.flatMap((a) => a.references ?? []));
            const cited = activities.filter((a) => a.citedBy !== undefined);
            const rows: [string, string | number][] = [
              ['timespan', production.length ? `${production[0].year}:${production[production.length - 1].year}` : ''],
              ['sources', new Set(activities.map((a) => a.source).filter(Boolean)).size],
              ['documents', activities.length],
              ['annual growth rate %', growthRate(production)],
              ['average citations per document', cited.length ? cited.reduce((s, a) => s + a.citedBy!, 0) / cited.length : NaN],
              ['references', refs.size],
              ["keywords plus / index keywords", new Set(activities.flatMap((a) => (a.indexKeywords ?? []).map((k) => k.toLowerCase()))).size],
              ["author's keywords", new Set(activities.flatMap((a) => (a.authorKeywords ?? []).map((k) => k.toLowerCase()))).size],
              ['authors', authors.size],
              ['author appearances', perDoc.reduce((s, x) => s + x, 0)],
              ['authors of single-authored documents', singleAuthors.size],
              ['single-authored documents', single.length],
              ['authors per document', perDoc.reduce((s, x) => s + x, 0) / activities.length],
              ['collaboration index', multi.length ? multi.reduce((s, a) => s + (authorsOf.get(a.id) ?? []).length, 0) / multi.length : NaN],
            ];
            out(['measure', 'value'], rows.map(([measure, value]) => ({ measure, value })));
            return;
          }
          case 'production':
            out(['year', 'documents'], annualProduction(activities) as unknown as Row[]);
            return;
          case 'authors':
          case 'sources':
          case 'organisations':
          case 'countries':
          case 'keywords': {
            const kind = ({ authors: 'person', sources: 'source', organisations: 'organisation', countries: 'country', keywords: 'keyword' } as const)[o.report];
            out(['unit', 'documents', 'fractional', 'citations'], topUnits(records, activities, kind, kw).slice(0, top).map((u) => ({ ...u, unit: name(u.unit, kind) })));
            return;
          }
          case 'cited':
            out(['id', 'title', 'year', 'citations', 'per_year'], mostCited(activities, asOf).slice(0, top).map((d) => ({ id: d.id, title: d.title, year: d.year, citations: d.citations, per_year: d.perYear })));
            return;
          case 'local': {
            const local = localCitations(records, activities);
            const rows = activities.map((a) => ({ id: a.id, title: a.title, year: yearOf(a), local_citations: local.get(a.id) ?? 0, global_citations: a.citedBy })).sort((x, y) => y.local_citations - x.local_citations || (x.id < y.id ? -1 : 1));
            out(['id', 'title', 'year', 'local_citations', 'global_citations'], rows.slice(0, top) as unknown as Row[]);
            return;
          }
          case 'hindex':
            out(['unit', 'h', 'g', 'm', 'citations', 'documents', 'first_year'], impact(records, activities, o.unit, asOf).slice(0, top).map((x) => ({ unit: name(x.unit, o.unit), h: x.h, g: x.g, m: x.m, citations: x.citations, documents: x.documents, first_year: x.firstYear })));
            return;
          case 'lotka': {
            const perAuthor = topUnits(records, activities, 'person').map((u) => u.documents);
            const l = lotka(perAuthor);
            process.stderr.write(`Lotka: beta ${l.beta.toFixed(4)}, C ${l.c.toFixed(4)}, R² ${l.r2.toFixed(4)}, Kolmogorov–Smirnov p ${l.p.toFixed(4)} against beta = 2\n`);
            out(['documents', 'authors', 'share'], l.distribution as unknown as Row[]);
            return;
          }
          case 'bradford':
            out(['source', 'rank', 'documents', 'cumulative', 'zone'], bradford(activities) as unknown as Row[]);
            return;
          case 'three-fields': {
            const fields = o.fields.split(',').map((x) => x.trim());
            if (fields.length !== 3 || !fields.every((f) => (UNIT_KINDS as readonly string[]).includes(f))) throw new UserError(`--fields takes three of ${UNIT_KINDS.join(', ')}, separated by commas`, { field: '--fields' });
            const rows = threeFields(records, activities, fields as [UnitKind, UnitKind, UnitKind], top, kw);
            out(['from_field', 'from', 'to_field', 'to', 'documents'], rows.map((r) => ({ from_field: r.fromField, from: name(r.from, r.fromField), to_field: r.toField, to: name(r.to, r.toField), documents: r.documents })));
            return;
          }
        }
      }),
  );

  networks.addCommand(
    new Command('themes')
      .description("Themes from keywords (bibliometrix's thematicMap): clusters of co-occurring keywords placed by Callon centrality and density into motor, niche, emerging or declining, and basic themes; with --cuts, their evolution between periods (inclusion index)")
      .argument('<dir>', 'a directory written by `networks import`')
      .addOption(new Option('--keywords <kind>', "the authors' keywords, the database's (Keywords Plus, index terms) or all").choices([...KEYWORD_KINDS]).default('author'))
      .option('--thesaurus <file>', "VOSviewer's thesaurus file (label<TAB>replace by)")
      .option('--top <n>', 'the most frequent keywords mapped', '250')
      .option('--min-frequency <n>', "a theme's keywords occur at least this often per 1,000 documents (at least twice)", '5')
      .option('--cuts <years>', 'thematic evolution: the years new periods start, e.g. 2005,2011')
      .option('--seed <n>', 'random seed for the clustering', '1')
      .addOption(new Option('--format <format>', 'output format (default: table on a terminal, else csv)').choices(['table', 'csv', 'json']))
      .option('--out <file>', 'write to a file instead of standard output')
      .action(async (dir: string, o: { keywords: KeywordKind; thesaurus?: string; top: string; minFrequency: string; cuts?: string; seed: string; format?: Format; out?: string }) => {
        if (!(existsSync(dir) && statSync(dir).isDirectory() && isTablesDir(dir))) throw new UserError('themes reads a directory written by `proximity networks import`', { file: dir });
        const records = await readTables(dir);
        const options = {
          kind: o.keywords,
          keywords: number(o.top, '--top', { integer: true, min: 2 }),
          minFrequency: number(o.minFrequency, '--min-frequency', { min: 0 }),
          seed: number(o.seed, '--seed', { integer: true }),
          ...(o.thesaurus && { thesaurus: await readThesaurus(o.thesaurus) }),
        };
        const themeRows = (themes: Theme[], period?: string) =>
          themes.map((t) => ({ ...(period !== undefined && { period }), theme: t.label, quadrant: t.quadrant, centrality: t.centrality, density: t.density, centrality_rank: t.centralityRank, density_rank: t.densityRank, occurrences: t.occurrences, keywords: t.keywords.map((k) => k.keyword).join('; ') }));
        const columns = ['theme', 'quadrant', 'centrality', 'density', 'centrality_rank', 'density_rank', 'occurrences', 'keywords'];
        if (o.cuts === undefined) {
          const themes = thematicMap(records.activities, options);
          if (themes.length === 0) throw new UserError(`no themes: no two ${o.keywords} keywords occur together often enough (try --keywords all, or a lower --min-frequency)`, { file: dir });
          emit(render(formatOf(o), columns, themeRows(themes) as Row[]), o.out);
          return;
        }
        const cuts = o.cuts.split(',').map((c) => number(c.trim(), '--cuts', { integer: true }));
        const ev = thematicEvolution(records.activities, cuts, options);
        if (ev.periods.length < 2) throw new UserError('--cuts: the years give one period only; name years inside the records\' span', { field: '--cuts' });
        for (const p of ev.periods) process.stderr.write(`${p.label}: ${p.themes.length} themes (${p.themes.slice(0, 5).map((t) => `${t.label}, ${t.quadrant}`).join('; ')})\n`);
        emit(render(formatOf(o), ['from_period', 'from', 'to_period', 'to', 'inclusion', 'weighted_inclusion', 'stability', 'words'], ev.links.map((l) => ({ from_period: l.fromPeriod, from: l.from, to_period: l.toPeriod, to: l.to, inclusion: l.inclusion, weighted_inclusion: l.weightedInclusion, stability: l.stability, words: l.words.join('; ') }))), o.out);
      }),
  );

  return networks;
}
