import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command, Option } from 'commander';
import { UserError } from '../errors.js';
import { toGexf } from '../formats/gexf.js';
import { readLongTable, type LongTable } from '../formats/longtable.js';
import { emit, openRows, render, type Format } from '../formats/output.js';
import type { Report } from '../report.js';
import { number } from './options.js';
import { BUNDLED_DEFINITIONS, readTradedLocal } from '../formats/regions-reference.js';
import { bundledSide, readRegionsTable } from '../formats/regions-input.js';
import { readClusterDefinitions, readCodeList, readHierarchy, readLabels, readPairs, readRegionAttribute } from '../formats/side.js';
import type { Measures } from '../regions/measures.js';
import { measuresByYear } from '../regions/parallel.js';
import { DEFAULT_MIN_UBIQUITY, STRATEGIES } from '../regions/opportunities.js';
import { RELATEDNESS_METHODS, type RelatednessMethod } from '../regions/relatedness.js';
import {
  clustersReport,
  complexityReport,
  dynamicsReport,
  entryRule,
  measuresColumns,
  measuresOptions,
  measuresRows,
  opportunitiesReport,
  parseWeights,
  partnersReport,
  periodNotices,
  pickYear,
  pswotReport,
  regionYear,
  relatednessReport,
  similarRegionsReport,
  spaceReport,
  targetReport,
  varietyReport,
  checkLabels,
  type MeasureChoice,
  type RegionsData,
  type RegionsSide,
  type RegionYear,
} from '../regions/reports/index.js';
import { progress } from './progress.js';
import { MeasuresCsvWriter } from './measures-csv.js';

interface Common {
  regionCol?: string;
  activityCol?: string;
  valueCol?: string;
  yearCol?: string;
  year?: string;
  level?: string;
  presence: 'rca' | 'rpop' | 'both' | 'manual';
  threshold: string;
  minCount?: string;
  population?: string;
  mcp?: string;
  continuous?: boolean;
  asymmetric?: boolean;
  knn?: string;
  relatedness?: string;
  complexity: 'eigen' | 'reflections' | 'fitness';
  orientBy?: string;
  aggregate?: string;
  labels?: string;
  format?: Format;
  out?: string;
}

function withCommon(cmd: Command, formats: { choices: string[]; default?: string; help: string } = { choices: ['table', 'csv', 'json'], help: 'output format (default: table on a terminal, else csv)' }): Command {
  const format = new Option('--format <format>', formats.help).choices(formats.choices);
  if (formats.default) format.default(formats.default);
  return cmd
    .option('--region-col <name>', 'region column (detected: region, location, country, origin, geo…)')
    .option('--activity-col <name>', 'activity column (detected: activity, industry, product, sector, hs92, naics, sic, ipc…)')
    .option('--value-col <name>', 'value column (detected: value, emp, export_val, count…)')
    .option('--year-col <name>', 'year column (detected: year, time, period)')
    .option('--level <n>', 'keep one level of nested codes: the value of the level column, or the number of digits')
    .option('--aggregate <lookup>', 'sum regions into larger ones: "itl1" (ITL2 → ITL1) or a file (region, group)')
    .addOption(new Option('--presence <test>', 'presence test for M').choices(['rca', 'rpop', 'both', 'manual']).default('rca'))
    .option('--threshold <t>', 'presence threshold (M = 1 when RCA or RPOP ≥ t)', '1')
    .option('--min-count <n>', 'M = 1 also needs at least n units (jobs…) in the cell', '0')
    .option('--population <file>', 'region population (region[, year], population) for RPOP')
    .option('--mcp <file>', 'a manual presence matrix (region, activity[, year], 0/1) for --presence manual')
    .option('--continuous', 'continuous proximity from the correlation of RCA (RPOP)')
    .option('--asymmetric', 'asymmetric (conditional probability) proximity')
    .option('--knn <k>', 'density over the k most related activities')
    .option('--relatedness <file>', 'a user-supplied relatedness matrix (activity_a, activity_b, value)')
    .addOption(new Option('--complexity <method>', 'complexity method').choices(['eigen', 'reflections', 'fitness']).default('eigen'))
    .option('--orient-by <file>', 'orient ECI/PCI by a region variable that rises with complexity (region, value), e.g. data/uk-gva/gva_per_job_itl2_2022.csv')
    .option('--labels <file>', 'activity labels (activity, label)')
    .addOption(format)
    .option('--out <file>', 'write to a file instead of standard output');
}

function notice(text: string): void {
  process.stderr.write(`notice: ${text}\n`);
}

/** The measure choice from the common flags. */
function choiceOf(o: Common): MeasureChoice {
  return {
    presence: o.presence,
    threshold: number(o.threshold, '--threshold'),
    minCount: number(o.minCount ?? '0', '--min-count', { min: 0 }),
    continuous: Boolean(o.continuous),
    asymmetric: Boolean(o.asymmetric),
    complexity: o.complexity,
    ...(o.knn !== undefined && { knn: number(o.knn, '--knn', { integer: true, min: 1 }) }),
  };
}

/** The data: the long table read (with a progress bar), nested codes refused, regions summed with --aggregate. */
async function load(file: string, o: Common): Promise<LongTable> {
  const bar = progress(`reading ${file}`);
  let t: LongTable;
  try {
    t = await readRegionsTable(file, {
      regionCol: o.regionCol,
      activityCol: o.activityCol,
      valueCol: o.valueCol,
      yearCol: o.yearCol,
      level: o.level,
      binary: o.presence === 'manual' && !o.mcp,
      aggregate: o.aggregate,
      onProgress: (n) => bar.update(n),
    });
  } finally {
    bar.done();
  }
  for (const n of t.notices) notice(n);
  return t;
}

/** A readable name for the orientation variable: "GVA per job" for gva_per_job_itl2_2022.csv, else the file's name. */
function orientName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const m = /(gva_per_job|gdp_per_capita|gdp_per_head|mean_wage|wage|productivity)/i.exec(base);
  return m ? m[1].replace(/_/g, ' ').replace(/^(gva|gdp)/i, (x) => x.toUpperCase()) : base;
}

interface SideFlags {
  traded?: string;
  includeLocal?: boolean;
  exclude?: string;
  definitions?: string;
  hierarchy?: string;
  hierarchyLevel?: string;
  gdp?: string;
  estabCol?: string;
}

/** The side files named by the flags, read; labels, traded/local and lumps fall back to those shipped for the codes. */
async function readSide(file: string, data: LongTable, o: Common & SideFlags): Promise<RegionsSide> {
  const acts = data.tables[0]?.activities ?? [];
  const sources: Record<string, string> = {};
  const bundled = bundledSide(acts);
  const side: { -readonly [K in keyof RegionsSide]: RegionsSide[K] } = { labels: bundled.labels, lumps: bundled.lumps };
  if (o.labels) {
    side.labels = await readLabels(o.labels);
    sources.labels = o.labels;
  }
  if (o.population) {
    side.population = await readRegionAttribute(o.population, ['population', 'pop'], 'population');
    sources.population = o.population;
  }
  if (o.orientBy) {
    side.orientBy = { name: orientName(o.orientBy), values: await readRegionAttribute(o.orientBy, ['gva_per_job', 'gdp_per_capita', 'gdppc', 'gdp_per_head', 'wage', 'mean_wage', 'productivity', 'value'], 'orientation variable') };
    sources.orientBy = o.orientBy;
  }
  if (o.mcp) {
    if (o.presence !== 'manual') throw new UserError('--mcp goes with --presence manual', { field: '--mcp' });
    side.mcp = await readLongTable(o.mcp, { binary: true });
    sources.mcp = o.mcp;
  }
  if (o.relatedness) side.relatedness = await readPairs(o.relatedness);
  if (o.gdp) {
    side.gdp = await readRegionAttribute(o.gdp, ['gdp_per_capita', 'gdppc', 'gdp_pc', 'gdp'], 'gdp');
    sources.gdp = o.gdp;
  }
  if (o.traded) side.traded = { source: o.traded, map: readTradedLocal(o.traded), undefined: [] };
  else if (!o.includeLocal) side.traded = bundled.traded;
  if (o.exclude) side.exclude = await readCodeList(o.exclude);
  if (o.definitions) {
    const bundled = BUNDLED_DEFINITIONS[o.definitions];
    side.definitions = bundled ? bundled() : await readClusterDefinitions(o.definitions);
    if (!bundled) sources.definitions = o.definitions;
  }
  if (o.hierarchy) {
    side.hierarchy = await readHierarchy(o.hierarchy, o.hierarchyLevel);
    sources.hierarchy = o.hierarchy;
  }
  if (o.estabCol) side.establishments = await readLongTable(file, { regionCol: o.regionCol, activityCol: o.activityCol, valueCol: o.estabCol, yearCol: o.yearCol, level: o.level });
  return { ...side, sources };
}

/** The data, its side files and one period's measures (the latest unless --year). */
async function oneYear(file: string, o: Common & SideFlags): Promise<RegionYear> {
  const data = await load(file, o);
  const side = await readSide(file, data, o);
  const ry = regionYear(regionsData(data), side, choiceOf(o), o.year);
  for (const n of ry.notices) notice(n);
  return ry;
}

const regionsData = (t: LongTable): RegionsData => ({ ...t, activityColumn: t.columns.activity });

function formatOf(o: { format?: Format; out?: string }): Format {
  return o.format ?? (process.stdout.isTTY && !o.out ? 'table' : 'csv');
}

/** A report to the terminal or --out: its notices (those not already said) on standard error, its rows rendered. */
function output(o: { format?: Format; out?: string }, report: Report, said: readonly string[] = []): void {
  for (const n of report.notices) if (!said.includes(n)) notice(n);
  emit(render(formatOf(o), report.columns, report.rows), o.out);
}

/** Input files from this size (bytes, as stored) have periods large enough for a second formatting thread to pay. */
const LARGE_INPUT = 1 << 20;

const fileSize = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0; // reading it will say what is wrong
  }
};

/** Measures of every period (or --year), computed on worker threads, each period's notices said as it comes. */
async function* everyPeriod(data: LongTable, side: RegionsSide, o: Common, workers: number | undefined) {
  const choice = choiceOf(o);
  for await (const p of measuresByYear(data, (year) => Promise.resolve(measuresOptions(choice, side, year)), { workers })) {
    for (const n of periodNotices(p.measures.notices, data, p.year)) notice(n);
    yield p;
  }
}

/** `regions measures`: every period's measures, written as they are computed. */
async function writeMeasures(file: string, o: Common, workers: number | undefined, csv: MeasuresCsvWriter): Promise<void> {
  let data = await load(file, o);
  if (o.year !== undefined) {
    const year = pickYear(data, o.year);
    const yi = data.years.indexOf(year);
    data = { ...data, years: [year], tables: [data.tables[yi]] };
  }
  const side = await readSide(file, data, o);
  const checked = o.labels ? checkLabels(side, data.tables[0].activities) : { labels: undefined, notices: [] };
  for (const n of checked.notices) notice(n);
  const labels = checked.labels;
  const shape = { labels: Boolean(labels), population: Boolean(o.population) };
  const out = openRows(formatOf(o), measuresColumns(data, shape), o.out);
  const bar = progress('measures');
  try {
    bar.update(0, data.years.length);
    for await (const { year, index, measures: res } of everyPeriod(data, side, o, workers)) {
      if (formatOf(o) === 'csv') {
        const { table, diversity, ubiquity, eci, pci, coi, rca, m, density, cog, rpop } = res;
        const input = { regions: table.regions, activities: table.activities, values: table.values, rca, m, density, cog, rpop, diversity, ubiquity, eci, pci, coi, withPop: shape.population, ...(data.hasYear ? { year } : {}), ...(labels ? { labels } : {}) };
        await csv.write(input, (text) => out.writeLines(text));
      } else {
        const ry: RegionYear = { data: regionsData(data), side: { ...side, labels }, choice: choiceOf(o), year, res, labels, notices: [] };
        for (const row of measuresRows(ry, shape)) await out.write(row);
      }
      bar.update(index + 1, data.years.length);
    }
    bar.done();
    await out.close();
  } catch (err) {
    bar.done();
    out.abort();
    throw err;
  }
}

export function regionsCommand(): Command {
  const regions = new Command('regions');

  withCommon(regions.command('measures').argument('<data>', 'long table: region, activity, value[, year] (CSV or TSV)'))
    .description('the ecomplexity table: one row per region × activity (× year) with rca, m, diversity, ubiquity, density, eci, pci, coi, cog')
    .option('--threads <n>', 'worker threads across years (default: one per core)')
    .action(async (file: string, o: Common & { threads?: string }) => {
      const workers = o.threads === undefined ? undefined : number(o.threads, '--threads', { integer: true, min: 1 });
      // a second thread formats half of each large period's rows; started now, so that its start-up overlaps the reading
      const csv = new MeasuresCsvWriter(formatOf(o) === 'csv' && (workers ?? availableParallelism()) > 1 && fileSize(file) > LARGE_INPUT);
      try {
        await writeMeasures(file, o, workers, csv);
      } finally {
        await csv.close();
      }
    });

  withCommon(regions.command('relatedness').argument('<data>'))
    .description('relatedness between activities: one row per ordered pair a ≠ b, zeros included')
    .addOption(new Option('--method <method>', 'relatedness measure').choices([...RELATEDNESS_METHODS]).default('proximity'))
    .action(async (file: string, o: Common & { method: RelatednessMethod }) => {
      const ry = await oneYear(file, o);
      output(o, relatednessReport(ry, { method: o.method }), ry.notices);
    });

  withCommon(regions.command('opportunities').argument('<data>'))
    .description("a region's ranked diversification opportunities, each explained; --pswot for the PSWOT view")
    .requiredOption('--region <name>', 'the region (name or code)')
    .addOption(new Option('--strategy <name>', 'weighting of density, PCI and COG').choices(Object.keys(STRATEGIES)).default('balanced'))
    .option('--weights <w>', 'custom weights, e.g. density=0.5,pci=0.25,cog=0.25 (overrides --strategy)')
    .option('--top <n>', 'how many', '20')
    .option('--include-local', 'keep local activities (serving their own region: retail, care…), left out by default')
    .option('--traded <file>', 'your own traded/local definition (activity, traded_local)')
    .option('--min-ubiquity <n>', 'leave out activities held by fewer regions', String(DEFAULT_MIN_UBIQUITY))
    .option('--min-size <n>', 'leave out activities whose total over all regions is smaller', '0')
    .option('--exclude <file>', 'activity codes never to propose (first column)')
    .option('--pswot', 'classify every activity as strength / weakness / opportunity / possible entrant / threat')
    .option('--density-scale <scale>', '"1" (0–1, default) or "100" (EconGeo scale)', '1')
    .action(async (file: string, o: Common & SideFlags & { region: string; strategy: string; weights?: string; top: string; minUbiquity: string; minSize: string; pswot?: boolean; densityScale: string }) => {
      const ry = await oneYear(file, o);
      const densityScale = o.densityScale === '100' ? 100 : 1;
      if (o.pswot) {
        output(o, pswotReport(ry, { region: o.region, densityScale }), ry.notices);
        return;
      }
      const report = opportunitiesReport(ry, {
        region: o.region,
        strategy: o.strategy,
        ...(o.weights !== undefined && { weights: parseWeights(o.weights, '--weights') }),
        top: number(o.top, '--top', { integer: true, min: 1 }),
        includeLocal: Boolean(o.includeLocal),
        minUbiquity: number(o.minUbiquity, '--min-ubiquity', { integer: true, min: 0 }),
        minSize: number(o.minSize, '--min-size', { min: 0 }),
        densityScale,
      });
      output(o, report, ry.notices);
    });

  withCommon(regions.command('target').argument('<data>'))
    .description("a region's position for a target domain: density, related strengths, gaps and the best-placed regions")
    .requiredOption('--region <name>', 'the region (name or code)')
    .requiredOption('--activities <codes>', 'the target activities, comma-separated')
    .option('--top <n>', 'how many in each list', '10')
    .action(async (file: string, o: Common & { region: string; activities: string; top: string }) => {
      const ry = await oneYear(file, o);
      output(o, targetReport(ry, { region: o.region, activities: o.activities.split(','), top: number(o.top, '--top', { integer: true, min: 1 }) }), ry.notices);
    });

  withCommon(regions.command('variety').argument('<data>'))
    .description('entropy, related and unrelated variety, Herfindahl and Krugman per region; --by activity for Gini, locational Gini and Hoover')
    .option('--hierarchy <file>', 'activity hierarchy (activity, group…) for related / unrelated variety')
    .option('--hierarchy-level <column>', 'the hierarchy column to group by')
    .addOption(new Option('--by <unit>', 'rows per region or per activity').choices(['region', 'activity']).default('region'))
    .action(async (file: string, o: Common & SideFlags & { by: 'region' | 'activity' }) => {
      const data = await load(file, o);
      const side = await readSide(file, data, o);
      output(o, varietyReport(regionsData(data), side, { year: o.year, by: o.by }));
    });

  withCommon(regions.command('dynamics').argument('<panel>', 'a long table with a year column'))
    .description('entries and exits between periods and the relatedness principle test (entry by density decile, AUC, logit)')
    .addOption(new Option('--list <what>', 'list transitions or growth instead of the test').choices(['entries', 'exits', 'growth']))
    .option('--entry-from <rca>', 'an entry starts below this RCA (default: the presence threshold)')
    .option('--entry-to <rca>', 'and ends at or above this RCA (default: the presence threshold)')
    .option('--window <n>', 'compare each period with the one n periods later', '1')
    .option('--threads <n>', 'worker threads across years (default: one per core)')
    .action(async (file: string, o: Common & { list?: 'entries' | 'exits' | 'growth'; entryFrom?: string; entryTo?: string; window: string; threads?: string }) => {
      const data = await load(file, o);
      const options = {
        ...(o.list && { list: o.list }),
        ...(o.entryFrom !== undefined && { from: number(o.entryFrom, '--entry-from', { min: 0 }) }),
        ...(o.entryTo !== undefined && { to: number(o.entryTo, '--entry-to', { min: 0 }) }),
        window: number(o.window, '--window', { integer: true, min: 1 }),
      };
      entryRule(regionsData(data), options, file); // refuse a bad rule before the measures are computed
      const side = await readSide(file, data, o);
      const workers = o.threads === undefined ? undefined : number(o.threads, '--threads', { integer: true, min: 1 });
      const bar = progress('measures');
      const periods: Measures[] = [];
      bar.update(0, data.years.length);
      for await (const p of everyPeriod(data, side, o, workers)) {
        periods.push(p.measures);
        bar.update(p.index + 1, data.years.length);
      }
      bar.done();
      output(o, dynamicsReport(regionsData(data), periods, options));
    });

  withCommon(regions.command('clusters').argument('<data>'))
    .description('clusters of related activities and their strength in each region (US Cluster Mapping and European Cluster Observatory rules)')
    .addOption(new Option('--method <method>', 'how to find clusters: sized (default; co-location relatedness, clusters of readable size), louvain on the proximity, hierarchical').choices(['sized', 'louvain', 'hierarchical']).default('sized'))
    .option('--k <n>', 'number of clusters for hierarchical', '20')
    .option('--resolution <g>', 'Louvain resolution (louvain)', '1')
    .option('--definitions <file>', 'use given clusters (activity, cluster) instead of finding them; "us-cluster-mapping" for NAICS data')
    .option('--estab-col <name>', 'establishments column, for the US Cluster Mapping qualifying test')
    .option('--hierarchy <file>', 'activity hierarchy to name clusters by their commonest group')
    .option('--hierarchy-level <column>', 'the hierarchy column used for names')
    .option('--summary', 'one row per cluster: name, members, within/between relatedness')
    .action(async (file: string, o: Common & SideFlags & { method: 'sized' | 'louvain' | 'hierarchical'; k: string; resolution: string; summary?: boolean }) => {
      const ry = await oneYear(file, o);
      const options = { method: o.method, k: number(o.k, '--k', { integer: true, min: 1 }), resolution: number(o.resolution, '--resolution', { min: 0 }), summary: Boolean(o.summary) };
      output(o, clustersReport(ry, options), ry.notices);
    });

  withCommon(regions.command('partners').argument('<data>'))
    .description('regions with complementary capabilities for a target, each explained; --similar for regions with similar RCA profiles')
    .requiredOption('--region <name>', 'the home region (name or code)')
    .option('--target <codes>', 'the target activities, comma-separated')
    .option('--related <n>', 'how many activities related to the target count as capabilities', '20')
    .option('--top <n>', 'how many regions', '10')
    .option('--similar', 'list similar regions (cosine similarity of RCA) instead')
    .action(async (file: string, o: Common & { region: string; target?: string; related: string; top: string; similar?: boolean }) => {
      const ry = await oneYear(file, o);
      const top = number(o.top, '--top', { integer: true, min: 1 });
      if (o.similar) {
        output(o, similarRegionsReport(ry, { region: o.region, top }), ry.notices);
        return;
      }
      if (!o.target) throw new UserError('partners needs --target (or --similar)', { field: '--target' });
      output(o, partnersReport(ry, { region: o.region, target: o.target.split(','), related: number(o.related, '--related', { integer: true, min: 0 }), top }), ry.notices);
    });

  withCommon(regions.command('complexity').argument('<data>'))
    .description('complexity per region (ECI, reflections, fitness, COI, coherence, flexibility, EXPY) or per activity (--by activity), with how far the orientation of ECI can be trusted')
    .option('--gdp <file>', 'GDP per capita per region, for PRODY and EXPY')
    .addOption(new Option('--by <unit>', 'rows per region or per activity').choices(['region', 'activity']).default('region'))
    .option('--extremality <g>', 'fitness extremality γ', '1')
    .option('--iterations <n>', 'iterations for reflections and fitness', '20')
    .action(async (file: string, o: Common & SideFlags & { by: 'region' | 'activity'; extremality: string; iterations: string }) => {
      const ry = await oneYear(file, { ...o, complexity: 'eigen' });
      const options = { by: o.by, iterations: number(o.iterations, '--iterations', { integer: true, min: 2 }), extremality: number(o.extremality, '--extremality', { min: 1e-9 }) };
      output(o, complexityReport(ry, options), ry.notices);
    });

  withCommon(regions.command('space').argument('<data>'), { choices: ['json', 'gexf'], default: 'json', help: 'json or gexf' })
    .description('the activity space for drawing: maximum spanning tree plus the strongest links, as JSON or GEXF')
    .option('--mean-degree <d>', 'add the strongest links until this mean degree', '4')
    .action(async (file: string, o: Omit<Common, 'format'> & { meanDegree: string; format: 'json' | 'gexf' }) => {
      const ry = await oneYear(file, { ...o, format: undefined });
      const space = spaceReport(ry, { meanDegree: number(o.meanDegree, '--mean-degree', { min: 0 }) });
      const nodes = space.rows.map((n) => ({ id: String(n.id), label: String(n.label), attributes: { ubiquity: n.ubiquity as number, pci: (n.pci as number | null) ?? NaN, cluster: n.cluster as number } }));
      if (o.format === 'gexf') emit(toGexf(nodes, space.meta.links.map((l) => ({ source: l.source, target: l.target, weight: l.weight, attributes: { backbone: l.backbone } }))), o.out);
      else emit(`${JSON.stringify({ nodes: space.rows, links: space.meta.links }, null, 1)}\n`, o.out);
    });

  for (const c of regions.commands) c.option('--year <year>', 'the period to use (default: the latest; dynamics uses all, measures all unless given)');
  return regions;
}
