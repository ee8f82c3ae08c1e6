import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { UserError } from '../errors.js';
import { importRecords, IMPORT_FORMATS, type ImportReport } from '../formats/import.js';
import { isTablesDir, readTables, TABLE_FILES, writeTables } from '../formats/network-tables.js';
import { toGexf } from '../formats/gexf.js';
import { toGraphml, toVosviewerJson } from '../formats/graphml.js';
import { ACTIVITY_TYPES, DEFAULT_MAX_AUTHORS, LEVELS, recordsFromGraph, unitFields, WEIGHTINGS, type ActivityType, type Level, type ProjectionOptions, type Records, type Weighting } from '../networks/records.js';
import { readEdgeList } from '../formats/edgelist.js';
import { readNodeAttribute, readUnitCategories } from '../formats/node-table.js';
import { readPairs, readThesaurus } from '../formats/side.js';
import { COUPLING_UNITS, type CouplingUnit } from '../networks/citation.js';
import { KEYWORD_KINDS, type KeywordKind } from '../networks/keywords.js';
import { MAPS, type MapKind, type MapOptions } from '../networks/maps.js';
import { DEFAULT_RELEVANT_SHARE, DEFAULT_TERM_OCCURRENCES, TERM_SOURCES, termText, type TermSource } from '../networks/terms.js';
import { emit, render, type Format } from '../formats/output.js';
import { openCsv } from '../formats/csv.js';
import type { Report } from '../report.js';
import { NETWORKX_PAGERANK_TOL } from '../networks/centrality.js';
import type { Objective } from '../networks/communities.js';
import type { CommunityMethod } from '../networks/metrics.js';
import {
  brokerageReport,
  communitiesReport,
  DEFAULT_STAGE_TYPES,
  DESCRIBE_REPORTS,
  describeReport,
  diversityReport,
  graphExport,
  keepWeights,
  metricsReport,
  projectRecords,
  proximitiesReport,
  proximityParadoxReport,
  spectrumReport,
  themesReport,
  type CommunityChoice,
  type DescribeReport,
  type NetworkInput,
  type PairRef,
  type SpectrumOptions,
} from '../networks/reports/index.js';
import { number } from './options.js';

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

function communityOptions(o: Common): CommunityChoice {
  return {
    method: o.method,
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
    .addOption(new Option('--map <map>', 'for imported tables: collaboration (who took part with whom, at --level), cocitation (cited references), coupling (shared references, of --unit), citation (records citing records), keywords (co-occurrence), terms (noun phrases of titles and abstracts, as VOSviewer), fields (co-classification of subject fields: research areas, grant subjects)').choices([...MAPS]).default('collaboration'))
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

/** An edge list, or a directory of imported tables projected by the map options. */
async function load(input: string, o: GraphInput = { level: 'person', weighting: 'full' }): Promise<NetworkInput> {
  if (existsSync(input) && statSync(input).isDirectory()) {
    if (!isTablesDir(input)) throw new UserError(`a directory of imported tables needs ${TABLE_FILES.participations} (write one with \`proximity networks import\`)`, { file: input });
    const records = await readTables(input);
    const options = await mapOptions(o);
    if (options.map === 'terms') options.termPhrases = await phrasesOf(records, o.termsFrom ?? 'both', input);
    const projected = projectRecords(records, options, input);
    for (const n of projected.notices) process.stderr.write(`notice: ${n}\n`);
    process.stderr.write(`${projected.summary}\n`);
    return projected;
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
  const g = keepWeights(graph, o.minWeight !== undefined ? number(o.minWeight, '--min-weight', { min: 0 }) : undefined);
  const dropped = [notes.selfLoops && `${notes.selfLoops} self-loop${notes.selfLoops === 1 ? '' : 's'} dropped`].filter(Boolean);
  process.stderr.write(`${input}: ${g.n.toLocaleString('en-GB')} nodes, ${g.m.toLocaleString('en-GB')} edges${dropped.length ? ` (${dropped.join(', ')})` : ''}\n`);
  return { graph: g, source: input };
}

/** A report to the terminal or --out: its notices on standard error, its rows rendered. */
function output(o: { format?: Format; out?: string }, report: Report, plain = false): void {
  for (const n of report.notices) process.stderr.write(plain ? `${n}\n` : `notice: ${n}\n`);
  emit(render(formatOf(o), report.columns, report.rows), o.out);
}

/** A directory of imported tables, read; refused with what it needs otherwise. */
async function tablesOf(dir: string, what: string): Promise<Records> {
  if (!(existsSync(dir) && statSync(dir).isDirectory() && isTablesDir(dir))) throw new UserError(`${what} reads a directory written by \`proximity networks import\``, { file: dir });
  return readTables(dir);
}

export function networksCommand(): Command {
  const networks = new Command('networks');
  const windowOptions = (o: { window?: string; step?: string }) => ({
    ...(o.window !== undefined && { window: number(o.window, '--window', { integer: true, min: 1 }) }),
    ...(o.step !== undefined && { step: number(o.step, '--step', { integer: true, min: 1 }) }),
  });

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
        const input = await load(file, o);
        const report = await metricsReport(input, {
          communities: communityOptions(o),
          ...(o.sample !== undefined && { sample: number(o.sample, '--sample', { integer: true, min: 1 }) }),
          ...(o.epsilon !== undefined && { epsilon: number(o.epsilon, '--epsilon', { min: 1e-6 }), delta: number(o.delta, '--delta', { min: 1e-12 }) }),
          ...(o.weightedBetweenness !== undefined && { weightedBetweenness: o.weightedBetweenness === 'length' ? 'length' : 'inverse' }),
          ...(o.tol !== undefined && { tol: number(o.tol, '--tol', { min: 0 }) }),
          ...(o.workers !== undefined && { workers: number(o.workers, '--workers', { integer: true, min: 1 }) }),
          ...windowOptions(o),
        });
        output(o, report);
      }),
  );

  networks.addCommand(
    withGraphInput(withCommon(new Command('communities').description('Communities of an edge list or of imported tables (Leiden or Louvain; modularity or CPM)')))
      .argument('<input>', 'edge list or Pajek .net file, or a directory written by `networks import`')
      .option('--window <years>', 'for imported tables: communities per period of this many years (a `period` column comes first)')
      .option('--step <years>', 'with --window: start a period every this many years (less than --window: a sliding window)')
      .option('--links', "with --window: instead of the members, each pair of consecutive periods' communities that share members (shared, Jaccard, inclusion)")
      .action(async (file: string, o: Common & GraphInput & { window?: string; step?: string; links?: boolean }) => {
        const input = await load(file, o);
        output(o, communitiesReport(input, { communities: communityOptions(o), links: Boolean(o.links), ...windowOptions(o) }), true);
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
        const input = await load(file, o);
        const groups = o.attributes ? await readNodeAttribute(o.attributes, input.graph.ids, o.attribute, { ...(o.nodeCol && { nodeCol: o.nodeCol }), ...(o.missing !== undefined && { missing: o.missing }) }) : undefined;
        output(o, brokerageReport(input, { attribute: o.attribute, report: o.report, ...(groups && { groups }), ...(o.missing !== undefined && { missing: o.missing }) }));
      }),
  );

  networks.addCommand(
    new Command('diversity')
      .description('Diversity of each unit (actor, team, organisation, region…) over categories: Shannon, Simpson, Blau, Hill, Rao–Stirling, DIV')
      .argument('<input>', 'a CSV with unit, category and optional weight columns; or a directory written by `networks import`')
      .requiredOption('--by <unit>', 'the unit column of the CSV; for imported tables one of person, organisation, country, region, activity')
      .option('--category <column>', 'the category column of the CSV (e.g. discipline); imported tables use the activities\' fields')
      .option('--weight <column>', 'a weight column (e.g. a share); each row counts 1 otherwise')
      .option('--distances <file>', 'category distances (a, b, distance); by default the cosine distance of the categories\' co-occurrence profiles across units')
      .addOption(new Option('--format <format>', 'output format (default: table on a terminal, else csv)').choices(['table', 'csv', 'json']))
      .option('--out <file>', 'write to a file instead of standard output')
      .action(async (file: string, o: { by: string; category?: string; weight?: string; distances?: string; format?: Format; out?: string }) => {
        let rows: { unit: string; category: string; weight: number }[];
        if (existsSync(file) && statSync(file).isDirectory()) {
          const units = ['person', 'organisation', 'country', 'region', 'activity'] as const;
          if (!(units as readonly string[]).includes(o.by)) throw new UserError(`--by "${o.by}" is not one of ${units.join(', ')}`, { field: '--by' });
          if (!isTablesDir(file)) throw new UserError(`a directory of imported tables needs ${TABLE_FILES.participations}`, { file });
          rows = unitFields(await readTables(file), o.by as (typeof units)[number]);
          if (rows.length === 0) throw new UserError('no activity has fields to measure diversity over', { file });
        } else {
          if (!o.category) throw new UserError('a CSV needs --category COLUMN', { field: '--category' });
          rows = await readUnitCategories(file, o.by, o.category, o.weight);
        }
        output(o, diversityReport(rows, { by: o.by, ...(o.distances && { distances: await readPairs(o.distances) }) }));
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
        const input = await load(file, o);
        const x = graphExport(input, { method: o.method, seed: number(o.seed, '--seed', { integer: true }) });
        if (o.format === 'vos') {
          for (const n of x.notices) process.stderr.write(`notice: ${n}\n`);
          emit(toVosviewerJson(x.vos.items, x.vos.links), o.out);
          return;
        }
        emit(o.format === 'gexf' ? toGexf(x.nodes, x.edges, x.title) : toGraphml(x.nodes, x.edges), o.out);
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
          output(o, proximityParadoxReport(records, { year: number(o.paradox, '--paradox', { integer: true }) }));
          return;
        }
        let pairs: PairRef[] | undefined;
        if (o.pairs) {
          pairs = [];
          const src = await openCsv(o.pairs);
          const h = src.header.map((x) => x.toLowerCase());
          const a = h.indexOf('a');
          const b = h.indexOf('b');
          if (a < 0 || b < 0) throw new UserError(`expected columns a and b (found ${src.header.join(', ')})`, { file: o.pairs, line: 1 });
          for await (const { fields, line } of src.rows) pairs.push({ a: fields[a]?.trim() ?? '', b: fields[b]?.trim() ?? '', at: { file: o.pairs, line, columns: [a + 1, b + 1] } });
        }
        output(o, proximitiesReport(records, { ...(pairs && { pairs }), all: Boolean(o.all) }));
      }),
  );

  networks.addCommand(
    new Command('spectrum')
      .description('How far each pair of disciplines (or groups) has progressed: sharing, common themes, joint symposia, broadening, joint writing or research, with the evidence')
      .argument('<tables>', 'a directory written by `networks import`')
      .addOption(new Option('--groups <attribute>', 'the groups: the actors\' disciplines, or another attribute').choices(['discipline', 'country', 'organisation', 'organisationType', 'region', 'sector']).default('discipline'))
      .option('--sharing <types>', 'activity types that count as sharing (stage 1)', DEFAULT_STAGE_TYPES.sharing.join(','))
      .option('--symposia <types>', 'activity types that count as joint symposia (stage 3)', DEFAULT_STAGE_TYPES.symposia.join(','))
      .option('--joint <types>', 'activity types that count as joint writing or research (stage 5)', DEFAULT_STAGE_TYPES.joint.join(','))
      .option('--min-shared-keywords <n>', 'keywords in common for common themes (stage 2)', '1')
      .option('--by-year', 'one row per pair and year: the highest stage reached by then')
      .addOption(new Option('--format <format>', 'output format (default: table on a terminal, else csv)').choices(['table', 'csv', 'json']))
      .option('--out <file>', 'write to a file instead of standard output')
      .action(async (dir: string, o: { groups: SpectrumOptions['groups']; sharing: string; symposia: string; joint: string; minSharedKeywords: string; byYear?: boolean; format?: Format; out?: string }) => {
        if (!existsSync(dir) || !statSync(dir).isDirectory() || !isTablesDir(dir)) throw new UserError(`expected a directory written by \`proximity networks import\` (with ${TABLE_FILES.participations})`, { file: dir });
        const records = await readTables(dir);
        const types = (flag: string, v: string) =>
          v.split(',').map((t) => {
            const x = t.trim();
            if (!(ACTIVITY_TYPES as readonly string[]).includes(x)) throw new UserError(`${flag}: "${x}" is not one of ${ACTIVITY_TYPES.join(', ')}`, { field: flag });
            return x as ActivityType;
          });
        const report = spectrumReport(records, {
          groups: o.groups,
          stages: { sharing: types('--sharing', o.sharing), symposia: types('--symposia', o.symposia), joint: types('--joint', o.joint) },
          minSharedKeywords: number(o.minSharedKeywords, '--min-shared-keywords', { integer: true, min: 1 }),
          byYear: Boolean(o.byYear),
        });
        output(o, report);
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
      .action(async (dir: string, o: { report: DescribeReport; unit: 'person' | 'source'; fields: string; top: string; keywords: KeywordKind; thesaurus?: string; asOf?: string; from?: string; to?: string; format?: Format; out?: string }) => {
        const records = await tablesOf(dir, 'describe');
        const report = describeReport(records, {
          report: o.report,
          unit: o.unit,
          fields: o.fields.split(','),
          top: number(o.top, '--top', { integer: true, min: 1 }),
          keywords: o.keywords,
          ...(o.thesaurus && { thesaurus: await readThesaurus(o.thesaurus) }),
          ...(o.asOf !== undefined && { asOf: number(o.asOf, '--as-of', { integer: true }) }),
          ...(o.from !== undefined && { from: number(o.from, '--from', { integer: true }) }),
          ...(o.to !== undefined && { to: number(o.to, '--to', { integer: true }) }),
        });
        output(o, report, true);
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
        const records = await tablesOf(dir, 'themes');
        const report = themesReport(
          records,
          {
            keywords: o.keywords,
            top: number(o.top, '--top', { integer: true, min: 2 }),
            minFrequency: number(o.minFrequency, '--min-frequency', { min: 0 }),
            seed: number(o.seed, '--seed', { integer: true }),
            ...(o.thesaurus && { thesaurus: await readThesaurus(o.thesaurus) }),
            ...(o.cuts !== undefined && { cuts: o.cuts.split(',').map((c) => number(c.trim(), '--cuts', { integer: true })) }),
          },
          dir,
        );
        output(o, report, true);
      }),
  );

  return networks;
}
