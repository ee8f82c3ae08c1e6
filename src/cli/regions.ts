import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command, Option } from 'commander';
import { closeNames, UserError } from '../errors.js';
import { toGexf } from '../formats/gexf.js';
import { readLongTable, type LongTable } from '../formats/longtable.js';
import { emit, openRows, render, type Format, type Row } from '../formats/output.js';
import { number } from './options.js';
import { BUNDLED_DEFINITIONS, bundledLabels, bundledLumps, bundledTradedLocal, readRegionLookup, readTradedLocal } from '../formats/regions-reference.js';
import { attributeFor, readClusterDefinitions, readCodeList, readHierarchy, readLabels, readPairs, readRegionAttribute } from '../formats/side.js';
import { aggregateRegions } from '../regions/aggregate.js';
import { coarseClassification, nestedCodes } from '../regions/checks.js';
import { clusterByCommunities, clusterBySize, clusterCentrality, clusterHierarchical, clusterStrength, nameByMembers, nameCluster, scoreClustering, symmetrise } from '../regions/clusters.js';
import { fitness, prodyExpy, reflections } from '../regions/complexity.js';
import { portfolioDensity } from '../regions/density.js';
import { growth, periodPairs, relatednessPrinciple, transitions, type EntryRule } from '../regions/dynamics.js';
import { measureRows, measures, type Measures, type MeasuresOptions } from '../regions/measures.js';
import { measuresByYear } from '../regions/parallel.js';
import { assessTarget, DEFAULT_MIN_UBIQUITY, opportunities, STRATEGIES, type TradedLocal, type Weights } from '../regions/opportunities.js';
import { pswot } from '../regions/pswot.js';
import { tradedByConcentration, LOCAL_HOOVER } from '../regions/traded.js';
import { proximityContinuous } from '../regions/relatedness.js';
import { partnerRegions, similarRegions } from '../regions/partners.js';
import { RELATEDNESS_METHODS, relatednessMatrix, type RelatednessMethod } from '../regions/relatedness.js';
import { activitySpace } from '../regions/space.js';
import { entropy, herfindahl, hooverIndex, krugmanIndex, locationalGini, gini, relatedUnrelatedVariety } from '../regions/variety.js';
import type { RegionActivity } from '../regions/table.js';
import { listCell } from '../formats/output.js';
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

/** The data's activity codes must be one level of one classification: refuse nested codes, with the way out. */
function refuseNested(t: LongTable): void {
  const n = nestedCodes(t.tables[0]?.activities ?? []);
  if (n.totals.length === 0 && n.parents.length === 0) return;
  const parts: string[] = [];
  if (n.totals.length) parts.push(`${n.totals.map((x) => `"${x}"`).join(', ')} ${n.totals.length === 1 ? 'is a total row' : 'are total rows'}`);
  if (n.parents.length) parts.push(`${n.parents.length} code(s) sit beside their own parts (${n.parents.slice(0, 3).map((x) => `${x.code} beside ${x.child}`).join(', ')})`);
  const advice = t.levelColumn
    ? `keep one level with --level (column "${t.levelColumn.name}": ${t.levelColumn.values.slice(0, 8).join(', ')})`
    : `keep one level with --level N (code lengths ${n.lengths.join(', ')})`;
  throw new UserError(`the activity column "${t.columns.activity}" mixes levels of a classification: ${parts.join('; ')}, so every job would count once per level; ${advice}`, { file: t.file });
}

async function load(file: string, o: Common): Promise<LongTable> {
  const bar = progress(`reading ${file}`);
  let t: LongTable;
  try {
    t = await readLongTable(file, {
      regionCol: o.regionCol,
      activityCol: o.activityCol,
      valueCol: o.valueCol,
      yearCol: o.yearCol,
      level: o.level,
      binary: o.presence === 'manual' && !o.mcp,
      onProgress: (n) => bar.update(n),
    });
  } finally {
    bar.done();
  }
  for (const n of t.notices) notice(n);
  refuseNested(t);
  if (o.aggregate) {
    const lookup = readRegionLookup(o.aggregate);
    const groupOf = new Map<string, string>();
    for (const r of t.tables[0].regions) {
      const g = lookup.get(r) ?? lookup.get(t.regionAliases.get(r) ?? '\u0000');
      if (g !== undefined) groupOf.set(r, g);
    }
    const tables = t.tables.map((x) => aggregateRegions(x, groupOf));
    notice(`${t.tables[0].regions.length} regions summed into ${tables[0].regions.length} (${o.aggregate})`);
    t = { ...t, tables, regionAliases: new Map() };
  }
  return t;
}

/** Side files are read once per run, however many years use them. */
const sideFiles = new Map<string, Promise<unknown>>();
function once<T>(key: string, read: () => Promise<T>): Promise<T> {
  if (!sideFiles.has(key)) sideFiles.set(key, read());
  return sideFiles.get(key) as Promise<T>;
}

async function measureOptions(o: Common, year: string): Promise<MeasuresOptions> {
  const opts: MeasuresOptions = {
    presence: o.presence,
    threshold: number(o.threshold, '--threshold'),
    continuous: Boolean(o.continuous),
    asymmetric: Boolean(o.asymmetric),
    complexity: o.complexity,
    minCount: number(o.minCount ?? '0', '--min-count', { min: 0 }),
  };
  if (o.knn !== undefined) opts.knn = number(o.knn, '--knn', { integer: true, min: 1 });
  if (o.population) {
    const file = o.population;
    const pop = await once(`population:${file}`, () => readRegionAttribute(file, ['population', 'pop'], 'population'));
    opts.population = attributeFor(pop, year);
    if (!opts.population) throw new UserError(`no population for year ${year}`, { file: o.population });
  }
  if (o.orientBy) {
    const file = o.orientBy;
    const attr = await once(`orient:${file}`, () => readRegionAttribute(file, ['gva_per_job', 'gdp_per_capita', 'gdppc', 'gdp_per_head', 'wage', 'mean_wage', 'productivity', 'value'], 'orientation variable'));
    const values = attributeFor(attr, year);
    if (!values) throw new UserError(`no values for year ${year}`, { file });
    opts.orientBy = { name: orientName(file), values };
  }
  if (o.mcp) {
    if (o.presence !== 'manual') throw new UserError('--mcp goes with --presence manual', { field: '--mcp' });
    const file = o.mcp;
    const mcp = await once(`mcp:${file}`, () => readLongTable(file, { binary: true }));
    const yi = mcp.hasYear ? mcp.years.indexOf(year) : 0;
    if (yi < 0) throw new UserError(`no presence rows for year ${year}`, { file: o.mcp });
    const t = mcp.tables[yi];
    const A = t.activities.length;
    opts.manual = new Map(t.regions.map((r, i) => [r, new Map(t.activities.map((a, j) => [a, t.values[i * A + j]]))]));
  }
  if (o.relatedness) {
    const file = o.relatedness;
    opts.relatedness = await once(`pairs:${file}`, () => readPairs(file));
  }
  return opts;
}

/** A readable name for the orientation variable: "GVA per job" for gva_per_job_itl2_2022.csv, else the file's name. */
function orientName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const m = /(gva_per_job|gdp_per_capita|gdp_per_head|mean_wage|wage|productivity)/i.exec(base);
  return m ? m[1].replace(/_/g, ' ').replace(/^(gva|gdp)/i, (x) => x.toUpperCase()) : base;
}

/** Notices of one period, named by its year when the data has several. */
function report(res: Measures, data: LongTable, year: string): void {
  const prefix = data.hasYear && data.years.length > 1 ? `${year}: ` : '';
  for (const n of res.notices) notice(`${prefix}${n}`);
}

/** Labels from --labels (refused when they do not fit the data), else those shipped for the data's codes. */
async function labelsFor(o: Common, activities: readonly string[]): Promise<Map<string, string> | undefined> {
  if (!o.labels) return bundledLabels(activities);
  const labels = await readLabels(o.labels);
  const hits = activities.filter((a) => labels.has(a)).length;
  if (hits < activities.length / 2) {
    const mine = [...labels.keys()].slice(0, 3).map((x) => `"${x}"`).join(', ');
    const theirs = activities.slice(0, 3).map((x) => `"${x}"`).join(', ');
    throw new UserError(`the labels fit only ${hits} of the data's ${activities.length} activities (labels are keyed ${mine}…; the activities are ${theirs}…): is it the right file, or the right --activity-col?`, { file: o.labels });
  }
  if (hits < activities.length) notice(`${activities.length - hits} activit(y/ies) have no label in ${o.labels}`);
  return labels;
}

/** The coarse-classification warning, naming the target codes first. */
function warnCoarse(activities: readonly string[], focus: readonly string[] = []): void {
  const lumps = bundledLumps(activities);
  const text = coarseClassification(activities, lumps?.map, focus);
  if (text) notice(text);
}

function pickYear(data: LongTable, year: string | undefined): string {
  if (year === undefined) return data.years[data.years.length - 1];
  if (!data.years.includes(year)) throw new UserError(`year ${year} is not in the data (${data.years.join(', ')})`, { field: '--year' });
  return year;
}

async function oneYear(file: string, o: Common): Promise<{ data: LongTable; year: string; res: Measures; labels?: Map<string, string> }> {
  const data = await load(file, o);
  const year = pickYear(data, o.year);
  const res = measures(data.tables[data.years.indexOf(year)], await measureOptions(o, year));
  report(res, data, year);
  const labels = await labelsFor(o, res.table.activities);
  return { data, year, res, labels };
}

/** A region by name or code (from a code column beside the name), case-insensitively, with close names suggested. */
function regionOf(res: Measures, data: LongTable, name: string): number {
  const regions = res.table.regions;
  let i = regions.indexOf(name);
  if (i < 0) i = regions.findIndex((r) => r.toLowerCase() === name.toLowerCase());
  if (i < 0) i = regions.findIndex((r) => data.regionAliases.get(r)?.toLowerCase() === name.toLowerCase());
  if (i >= 0) return i;
  const near = closeNames(name, [...regions, ...regions.map((r) => data.regionAliases.get(r)).filter((x): x is string => x !== undefined)]);
  throw new UserError(`region "${name}" is not in the data${near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : ''}`, { field: '--region' });
}

function activitiesOf(res: Measures, list: string, labels?: Map<string, string>): number[] {
  return list.split(',').map((raw) => {
    const a = raw.trim();
    let i = res.table.activities.indexOf(a);
    if (i < 0 && labels) i = res.table.activities.findIndex((x) => labels.get(x)?.toLowerCase() === a.toLowerCase());
    if (i < 0) {
      const near = closeNames(a, res.table.activities);
      throw new UserError(`activity "${a}" is not in the data${near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : ''}`, { field: '--activities' });
    }
    return i;
  });
}

function formatOf(o: { format?: Format; out?: string }): Format {
  return o.format ?? (process.stdout.isTTY && !o.out ? 'table' : 'csv');
}

function output(o: { format?: Format; out?: string }, columns: string[], rows: Row[]): void {
  emit(render(formatOf(o), columns, rows), o.out);
}

const label = (labels: Map<string, string> | undefined, a: string) => labels?.get(a) ?? '';

function parseWeights(text: string): Weights {
  const w: Weights = { density: 0, pci: 0, cog: 0 };
  for (const part of text.split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (!(k in w)) throw new UserError(`--weights takes density=…,pci=…,cog=…; unknown "${k}"`, { field: '--weights' });
    w[k as keyof Weights] = number(v ?? '', `--weights ${k}`);
  }
  return w;
}

/** Traded/local for the data: --traded FILE, else the bundled definition that fits its codes, else the data rule. */
function tradedFor(o: { traded?: string }, res: Measures): Map<string, TradedLocal> {
  if (o.traded) return readTradedLocal(o.traded);
  const acts = res.table.activities;
  const bundled = bundledTradedLocal(acts);
  if (bundled) {
    notice(`local activities left out (--include-local keeps them): traded/local from ${bundled.source}${bundled.undefined.length ? `; ${bundled.undefined.length} undefined, kept: ${bundled.undefined.slice(0, 8).join(', ')}` : ''}`);
    return bundled.map;
  }
  notice(`local activities left out (--include-local keeps them): no traded/local definition fits these codes, so activities spread like all jobs (Hoover index < ${LOCAL_HOOVER}) count as local; give your own with --traded FILE`);
  return tradedByConcentration(res.table);
}

/** Region and year columns that say which run a row came from. */
function context(data: LongTable, res: Measures, r: number, year: string): Row {
  return { region: res.table.regions[r], ...(data.hasYear ? { year } : {}) };
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

/** `regions measures`: every period's measures, written as they are computed. */
async function writeMeasures(file: string, o: Common, workers: number | undefined, csv: MeasuresCsvWriter): Promise<void> {
  let data = await load(file, o);
  if (o.year !== undefined) {
    const year = pickYear(data, o.year);
    const yi = data.years.indexOf(year);
    data = { ...data, years: [year], tables: [data.tables[yi]] };
  }
  const labels = o.labels ? await labelsFor(o, data.tables[0].activities) : undefined;
  const withPop = Boolean(o.population);
  const columns = [...(data.hasYear ? ['year'] : []), 'region', 'activity', ...(labels ? ['label'] : []), 'value', 'rca', 'm', 'diversity', 'ubiquity', 'density', 'eci', 'pci', 'coi', 'cog', ...(withPop ? ['rpop'] : [])];
  const out = openRows(formatOf(o), columns, o.out);
  const bar = progress('measures');
  try {
    bar.update(0, data.years.length);
    for await (const { year, index, measures: res } of measuresByYear(data, (year) => measureOptions(o, year), { workers })) {
      report(res, data, year);
      if (formatOf(o) === 'csv') {
        const { table, diversity, ubiquity, eci, pci, coi, rca, m, density, cog, rpop } = res;
        const input = { regions: table.regions, activities: table.activities, values: table.values, rca, m, density, cog, rpop, diversity, ubiquity, eci, pci, coi, withPop, ...(data.hasYear ? { year } : {}), ...(labels ? { labels } : {}) };
        await csv.write(input, (text) => out.writeLines(text));
      } else {
        for (const row of measureRows(res)) {
          const { rpop, ...rest } = row;
          await out.write({ ...(data.hasYear ? { year } : {}), ...rest, ...(labels ? { label: label(labels, row.activity) } : {}), ...(withPop ? { rpop } : {}) });
        }
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
      const { res } = await oneYear(file, o);
      const R = res.table.regions.length;
      const A = res.table.activities.length;
      const levels = o.presence === 'rpop' && res.rpop ? res.rpop : res.rca;
      const phi = relatednessMatrix(o.method, res.m, levels, R, A);
      const rows: Row[] = [];
      for (let a = 0; a < A; a++) for (let b = 0; b < A; b++) if (a !== b) rows.push({ activity_a: res.table.activities[a], activity_b: res.table.activities[b], value: phi[a * A + b] });
      output(o, ['activity_a', 'activity_b', 'value'], rows);
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
    .action(async (file: string, o: Common & { region: string; strategy: string; weights?: string; top: string; includeLocal?: boolean; traded?: string; minUbiquity: string; minSize: string; exclude?: string; pswot?: boolean; densityScale: string }) => {
      const { data, year, res, labels } = await oneYear(file, o);
      const r = regionOf(res, data, o.region);
      const scale = o.densityScale === '100' ? 100 : 1;
      warnCoarse(res.table.activities);
      const ctx = context(data, res, r, year);
      const ctxCols = Object.keys(ctx);
      if (o.pswot) {
        const rows = pswot(res, r).map((e) => ({ ...ctx, activity: e.activity, label: label(labels, e.activity), class: e.class, present: e.present, rca: e.rca, density: e.density * scale, relative_density: e.relativeDensity, peer_presence: e.peerPresence }));
        output(o, [...ctxCols, 'activity', ...(labels ? ['label'] : []), 'class', 'present', 'rca', 'density', 'relative_density', 'peer_presence'], rows);
        return;
      }
      const weights = o.weights ? parseWeights(o.weights) : STRATEGIES[o.strategy];
      const exclude = o.exclude ? await readCodeList(o.exclude) : undefined;
      const result = opportunities(res, r, {
        weights,
        top: number(o.top, '--top', { integer: true, min: 1 }),
        minUbiquity: number(o.minUbiquity, '--min-ubiquity', { integer: true, min: 0 }),
        minSize: number(o.minSize, '--min-size', { min: 0 }),
        exclude,
        traded: o.includeLocal ? undefined : tradedFor(o, res),
      });
      const left = result.left;
      notice(`${result.candidates} candidates scored; left out: ${left.local} local, ${left.ubiquity} held by fewer than ${o.minUbiquity} regions, ${left.size} smaller than --min-size, ${left.excluded} excluded; PCI winsorised to ${result.pciBounds.map((x) => x.toFixed(2)).join('…')} for scoring`);
      const related = (x: (typeof result.list)[number]) =>
        listCell(
          x.relatedPresent.map((q) => ({ activity: q.activity, ...(labels ? { label: label(labels, q.activity) } : {}), proximity: q.proximity, rca: q.rca })),
          x.relatedPresent.map((q) => `${labels ? `${q.activity} ${label(labels, q.activity)}` : q.activity} (${q.proximity.toFixed(2)})`).join('; '),
        );
      const rows = result.list.map((x) => ({
        ...ctx,
        rank: x.rank,
        activity: x.activity,
        ...(labels ? { label: label(labels, x.activity) } : {}),
        score: x.score,
        from_density: x.contributions.density,
        from_pci: x.contributions.pci,
        from_cog: x.contributions.cog,
        density: x.density * scale,
        pci: x.pci,
        cog: x.cog,
        rca: x.rca,
        ubiquity: x.ubiquity,
        related_present: related(x),
      }));
      output(o, [...ctxCols, 'rank', 'activity', ...(labels ? ['label'] : []), 'score', 'from_density', 'from_pci', 'from_cog', 'density', 'pci', 'cog', 'rca', 'ubiquity', 'related_present'], rows);
    });

  withCommon(regions.command('target').argument('<data>'))
    .description("a region's position for a target domain: density, related strengths, gaps and the best-placed regions")
    .requiredOption('--region <name>', 'the region (name or code)')
    .requiredOption('--activities <codes>', 'the target activities, comma-separated')
    .option('--top <n>', 'how many in each list', '10')
    .action(async (file: string, o: Common & { region: string; activities: string; top: string }) => {
      const { data, year, res, labels } = await oneYear(file, o);
      const r = regionOf(res, data, o.region);
      const target = activitiesOf(res, o.activities, labels);
      const t = assessTarget(res, r, target, number(o.top, '--top', { integer: true, min: 1 }));
      for (const n of t.notices) notice(n);
      warnCoarse(res.table.activities, t.target);
      const ctx = context(data, res, r, year);
      const rows: Row[] = [
        { ...ctx, section: 'summary', name: res.table.regions[r], density: t.density, detail: `rank ${t.rank} of ${res.table.regions.length} regions by density to ${t.target.join(', ')}` },
        ...t.perActivity.map((x) => ({ ...ctx, section: 'target', name: x.activity, label: label(labels, x.activity), density: x.density, rca: x.rca, detail: `${x.present ? 'present' : 'absent'}; held by ${x.ubiquity} region(s)` })),
        ...t.strengths.map((x) => ({ ...ctx, section: 'strength', name: x.activity, label: label(labels, x.activity), relatedness: x.relatedness, rca: x.rca })),
        ...t.gaps.map((x) => ({ ...ctx, section: 'gap', name: x.activity, label: label(labels, x.activity), relatedness: x.relatedness, density: x.density, rca: x.rca })),
        ...t.bestPlaced.map((x, i) => ({ ...ctx, section: 'best placed', name: x.region, density: x.density, detail: `#${i + 1}, specialised in ${x.presentInTarget}/${t.target.length} target activities` })),
      ];
      output(o, [...Object.keys(ctx), 'section', 'name', ...(labels ? ['label'] : []), 'density', 'relatedness', 'rca', 'detail'], rows);
    });

  withCommon(regions.command('variety').argument('<data>'))
    .description('entropy, related and unrelated variety, Herfindahl and Krugman per region; --by activity for Gini, locational Gini and Hoover')
    .option('--hierarchy <file>', 'activity hierarchy (activity, group…) for related / unrelated variety')
    .option('--hierarchy-level <column>', 'the hierarchy column to group by')
    .addOption(new Option('--by <unit>', 'rows per region or per activity').choices(['region', 'activity']).default('region'))
    .action(async (file: string, o: Common & { hierarchy?: string; hierarchyLevel?: string; by: 'region' | 'activity' }) => {
      const data = await load(file, o);
      const year = pickYear(data, o.year);
      const t = data.tables[data.years.indexOf(year)];
      const R = t.regions.length;
      const A = t.activities.length;
      const yearCol = data.hasYear ? { year } : {};
      if (o.by === 'activity') {
        const labels = await labelsFor(o, t.activities);
        const g = locationalGini(t.values, R, A);
        const h = hooverIndex(t.values, R, A);
        const rows = t.activities.map((a, p) => ({ ...yearCol, activity: a, ...(labels ? { label: label(labels, a) } : {}), gini: gini(Array.from({ length: R }, (_, r) => t.values[r * A + p])), locational_gini: g[p], hoover: h[p] }));
        output(o, [...Object.keys(yearCol), 'activity', ...(labels ? ['label'] : []), 'gini', 'locational_gini', 'hoover'], rows);
        return;
      }
      const hier = o.hierarchy ? await readHierarchy(o.hierarchy, o.hierarchyLevel) : undefined;
      if (hier) {
        const missing = t.activities.filter((a) => !hier.groupOf.has(a));
        if (missing.length > A / 2) {
          throw new UserError(`the hierarchy's keys fit only ${A - missing.length} of the data's ${A} activities (keys ${[...hier.groupOf.keys()].slice(0, 3).map((x) => `"${x}"`).join(', ')}…; activities ${t.activities.slice(0, 3).map((x) => `"${x}"`).join(', ')}…): related variety would be 0 everywhere; is it the right file, or the right --activity-col?`, { file: o.hierarchy });
        }
        if (missing.length > 0) notice(`${missing.length} activit(y/ies) not in the hierarchy form groups of their own: ${missing.slice(0, 5).join(', ')}`);
      }
      const groupIds = new Map<string, number>();
      const groupOf = Int32Array.from(t.activities, (a) => {
        const g = hier?.groupOf.get(a) ?? `\u0000${a}`;
        if (!groupIds.has(g)) groupIds.set(g, groupIds.size);
        return groupIds.get(g)!;
      });
      const k = krugmanIndex(t.values, R, A);
      const rows = t.regions.map((region, r) => {
        const v = t.values.subarray(r * A, (r + 1) * A);
        const d = relatedUnrelatedVariety(v, groupOf);
        return { ...yearCol, region, entropy: entropy(v), ...(hier ? { related_variety: d.related, unrelated_variety: d.unrelated } : {}), herfindahl: herfindahl(v), krugman: k[r] };
      });
      output(o, [...Object.keys(yearCol), 'region', 'entropy', ...(hier ? ['related_variety', 'unrelated_variety'] : []), 'herfindahl', 'krugman'], rows);
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
      if (data.years.length < 2) throw new UserError('dynamics needs at least two periods (a year column with two or more years)', { file });
      const rule: EntryRule = {
        ...(o.entryFrom !== undefined ? { from: number(o.entryFrom, '--entry-from', { min: 0 }) } : {}),
        ...(o.entryTo !== undefined ? { to: number(o.entryTo, '--entry-to', { min: 0 }) } : {}),
        window: number(o.window, '--window', { integer: true, min: 1 }),
      };
      if (rule.from !== undefined && rule.to !== undefined && rule.from > rule.to) throw new UserError(`--entry-from ${rule.from} is above --entry-to ${rule.to}`, { field: '--entry-from' });
      if (rule.window! >= data.years.length) throw new UserError(`--window ${rule.window} needs more than ${rule.window} periods; the data has ${data.years.length}`, { field: '--window' });
      const workers = o.threads === undefined ? undefined : number(o.threads, '--threads', { integer: true, min: 1 });
      const bar = progress('measures');
      const periods: Measures[] = [];
      bar.update(0, data.years.length);
      for await (const p of measuresByYear(data, (year) => measureOptions(o, year), { workers })) {
        report(p.measures, data, p.year);
        periods.push(p.measures);
        bar.update(p.index + 1, data.years.length);
      }
      bar.done();
      if (o.list) {
        const rows: Row[] = [];
        for (const [t0, t1] of periodPairs(periods.length, rule.window)) {
          const span = { from: data.years[t0], to: data.years[t1] };
          if (o.list === 'growth') for (const g of growth(periods[t0], periods[t1])) rows.push({ ...span, ...g });
          else for (const x of transitions(periods[t0], periods[t1], rule)) if (x.kind === (o.list === 'entries' ? 'entry' : 'exit')) rows.push({ ...span, region: x.region, activity: x.activity, density_before: x.densityBefore, rca_before: x.rcaBefore, rca_after: x.rcaAfter });
        }
        const cols = o.list === 'growth' ? ['from', 'to', 'region', 'activity', 'before', 'after', 'growth'] : ['from', 'to', 'region', 'activity', 'density_before', 'rca_before', 'rca_after'];
        output(o, cols, rows);
        return;
      }
      const p = relatednessPrinciple(periods, undefined, rule);
      const rows: Row[] = p.deciles.map((d) => ({ measure: `entry probability, density decile ${d.decile}`, value: d.probability, detail: `${d.entries}/${d.candidates} entries; density ${d.minDensity.toFixed(3)}–${d.maxDensity.toFixed(3)}` }));
      rows.push({ measure: 'AUC of density predicting entry', value: p.auc, detail: `${p.entries} entries among ${p.candidates} candidates` });
      if (p.logit) rows.push({ measure: 'logit coefficient of density (per s.d.)', value: p.logit.coefficient, detail: `s.e. ${p.logit.standardError.toFixed(4)}, z ${p.logit.z.toFixed(2)}, p ${p.logit.pValue.toExponential(2)}; ${p.logit.fixedEffects ? 'region and activity fixed effects' : 'no fixed effects (too many)'}; n ${p.logit.observations}` });
      output(o, ['measure', 'value', 'detail'], rows);
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
    .action(async (file: string, o: Common & { method: 'sized' | 'louvain' | 'hierarchical'; k: string; resolution: string; definitions?: string; estabCol?: string; hierarchy?: string; hierarchyLevel?: string; summary?: boolean }) => {
      const { data, year, res, labels } = await oneYear(file, o);
      const R = res.table.regions.length;
      const A = res.table.activities.length;
      let membership: Int32Array;
      let related = symmetrise(res.proximity, A);
      let names: string[];
      if (o.definitions) {
        const bundled = BUNDLED_DEFINITIONS[o.definitions];
        const defs = bundled ? bundled() : await readClusterDefinitions(o.definitions);
        const ids = new Map<string, number>();
        membership = Int32Array.from(res.table.activities, (a) => {
          const c = defs.get(a);
          if (c === undefined) return -1;
          if (!ids.has(c)) ids.set(c, ids.size);
          return ids.get(c)!;
        });
        const undefinedCount = membership.filter((c) => c < 0).length;
        if (undefinedCount === A) throw new UserError(`no activity of the data is in the definitions (keys ${[...defs.keys()].slice(0, 3).map((x) => `"${x}"`).join(', ')}…; activities ${res.table.activities.slice(0, 3).map((x) => `"${x}"`).join(', ')}…)`, { file: o.definitions });
        if (undefinedCount > 0) notice(`${undefinedCount} activit(y/ies) are in no cluster of the definitions: ${res.table.activities.filter((_, a) => membership[a] < 0).slice(0, 8).join(', ')}`);
        names = [...ids.keys()];
      } else {
        if (o.method === 'hierarchical') membership = clusterHierarchical(res.proximity, A, number(o.k, '--k', { integer: true, min: 1 }));
        else if (o.method === 'louvain') membership = clusterByCommunities(res.proximity, A, number(o.resolution, '--resolution', { min: 0 }));
        else {
          related = symmetrise(proximityContinuous(res.rca, R, A), A);
          const sized = clusterBySize(related, A);
          membership = sized.membership;
          notice(`clusters: Louvain on each activity's 10 most co-located activities (correlation of RCA across regions), resolution ${sized.resolution}: ${sized.count} clusters, the largest ${sized.largest} of ${A} activities${sized.met ? '' : ' (no resolution up to 5 met the size rule: the most even clustering tried)'}`);
        }
        const hier = o.hierarchy ? (await readHierarchy(o.hierarchy, o.hierarchyLevel)).groupOf : undefined;
        const count = Math.max(-1, ...membership) + 1;
        const centrality = clusterCentrality(related, A, membership);
        names = Array.from({ length: count }, (_, c) => {
          const members = Array.from(membership.keys()).filter((a) => membership[a] === c);
          return hier ? nameCluster(members, res.table.activities, hier, labels) : nameByMembers(members, res.table.activities, centrality, labels);
        });
      }
      if (o.summary) {
        const score = scoreClustering(res.proximity, A, membership);
        process.stderr.write(`clustering: within ${score.within.toFixed(4)}, between ${score.between.toFixed(4)}, ratio ${score.ratio.toFixed(2)}; strongest 1%/5%/10% of pairs inside clusters: ${(100 * score.withinTop.top1).toFixed(1)}%/${(100 * score.withinTop.top5).toFixed(1)}%/${(100 * score.withinTop.top10).toFixed(1)}%\n`);
        const rows = names.map((name, c) => {
          const members = res.table.activities.filter((_, a) => membership[a] === c);
          return { cluster: c, name, size: members.length, members: members.map((m) => (labels ? `${m} ${label(labels, m)}` : m)).join('; ') };
        });
        output(o, ['cluster', 'name', 'size', 'members'], rows);
        return;
      }
      let estab: RegionActivity | undefined;
      if (o.estabCol) {
        const e = await readLongTable(file, { regionCol: o.regionCol, activityCol: o.activityCol, valueCol: o.estabCol, yearCol: o.yearCol, level: o.level });
        const t = e.tables[e.years.indexOf(year)];
        const ri = new Map(t.regions.map((r, i) => [r, i]));
        const ai = new Map(t.activities.map((a, j) => [a, j]));
        const vals = new Float64Array(res.table.regions.length * A);
        res.table.regions.forEach((r, i) => res.table.activities.forEach((a, j) => (vals[i * A + j] = t.values[ri.get(r)! * t.activities.length + ai.get(a)!])));
        estab = { regions: res.table.regions, activities: res.table.activities, values: vals };
      }
      const yearCol = data.hasYear ? { year } : {};
      const rows = clusterStrength(res.table, membership, estab).map((s) => ({
        ...yearCol,
        region: s.region,
        cluster: s.cluster,
        name: names[s.cluster],
        employment: s.employment,
        ...(estab ? { establishments: s.establishments } : {}),
        lq: s.lq,
        focus: s.focus,
        qualifying: s.qualifying,
        significant: s.significant,
        strong: s.strong,
        stars: s.stars,
      }));
      output(o, [...Object.keys(yearCol), 'region', 'cluster', 'name', 'employment', ...(estab ? ['establishments'] : []), 'lq', 'focus', 'qualifying', 'significant', 'strong', 'stars'], rows);
    });

  withCommon(regions.command('partners').argument('<data>'))
    .description('regions with complementary capabilities for a target, each explained; --similar for regions with similar RCA profiles')
    .requiredOption('--region <name>', 'the home region (name or code)')
    .option('--target <codes>', 'the target activities, comma-separated')
    .option('--related <n>', 'how many activities related to the target count as capabilities', '20')
    .option('--top <n>', 'how many regions', '10')
    .option('--similar', 'list similar regions (cosine similarity of RCA) instead')
    .action(async (file: string, o: Common & { region: string; target?: string; related: string; top: string; similar?: boolean }) => {
      const { data, res, labels } = await oneYear(file, o);
      const home = regionOf(res, data, o.region);
      const top = number(o.top, '--top', { integer: true, min: 1 });
      if (o.similar) {
        output(o, ['region', 'similarity'], similarRegions(res, home, top));
        return;
      }
      if (!o.target) throw new UserError('partners needs --target (or --similar)', { field: '--target' });
      const list = partnerRegions(res, home, activitiesOf(res, o.target, labels), number(o.related, '--related', { integer: true, min: 0 }), top);
      const rows = list.map((p, i) => ({ rank: i + 1, region: p.region, complementarity: p.complementarity, covers: p.covers.slice(0, 8).map((c) => `${labels ? `${c.activity} ${label(labels, c.activity)}` : c.activity} (RCA ${c.rca.toFixed(2)})`).join('; ') }));
      output(o, ['rank', 'region', 'complementarity', 'covers'], rows);
    });

  withCommon(regions.command('complexity').argument('<data>'))
    .description('complexity per region (ECI, reflections, fitness, COI, coherence, flexibility, EXPY) or per activity (--by activity), with how far the orientation of ECI can be trusted')
    .option('--gdp <file>', 'GDP per capita per region, for PRODY and EXPY')
    .addOption(new Option('--by <unit>', 'rows per region or per activity').choices(['region', 'activity']).default('region'))
    .option('--extremality <g>', 'fitness extremality γ', '1')
    .option('--iterations <n>', 'iterations for reflections and fitness', '20')
    .action(async (file: string, o: Common & { gdp?: string; by: 'region' | 'activity'; extremality: string; iterations: string }) => {
      const { year, res, labels } = await oneYear(file, { ...o, complexity: 'eigen' });
      const R = res.table.regions.length;
      const A = res.table.activities.length;
      const it = number(o.iterations, '--iterations', { integer: true, min: 2 });
      const refl = reflections(res.m, R, A, it);
      const fit = fitness(res.m, R, A, it, number(o.extremality, '--extremality', { min: 1e-9 }));
      const or = res.orientation;
      if (or) {
        const r2 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? 'undefined' : x.toFixed(2));
        notice(`orientation of ECI: ${or.rule === 'variable' ? `by ${or.variable}` : "Stata's rule (positive with diversity)"}${or.flipped ? ', reversed' : ''}; ECI correlates ${r2(or.withDiversity)} with diversity, ${r2(or.withSize)} with log size, ${r2(or.withFitness)} with log fitness${or.variable ? `, ${r2(or.withVariable)} with ${or.variable}` : ''}`);
      }
      if (refl.eci.length && or?.flipped) {
        // reflections choose their sign by the same diversity rule as ECI; keep them comparable
        for (let i = 0; i < R; i++) refl.eci[i] = -refl.eci[i];
        for (let p = 0; p < A; p++) refl.pci[p] = -refl.pci[p];
      }
      let pe: { prody: Float64Array; expy: Float64Array } | undefined;
      if (o.gdp) {
        const gdp = attributeFor(await readRegionAttribute(o.gdp, ['gdp_per_capita', 'gdppc', 'gdp_pc', 'gdp'], 'gdp'), year);
        if (!gdp) throw new UserError(`no GDP per capita for year ${year}`, { file: o.gdp });
        const missing = res.table.regions.filter((r) => !gdp.has(r));
        if (missing.length) throw new UserError(`no GDP per capita for ${missing.slice(0, 5).join(', ')}`, { file: o.gdp });
        pe = prodyExpy(res.table, Float64Array.from(res.table.regions, (r) => gdp.get(r)!));
      }
      if (o.by === 'activity') {
        const rows = res.table.activities.map((a, p) => ({ activity: a, ...(labels ? { label: label(labels, a) } : {}), ubiquity: res.ubiquity[p], pci: res.pci[p], pci_reflections: refl.pci[p], complexity_fitness: fit.complexity[p], ...(pe ? { prody: pe.prody[p] } : {}) }));
        output(o, ['activity', ...(labels ? ['label'] : []), 'ubiquity', 'pci', 'pci_reflections', 'complexity_fitness', ...(pe ? ['prody'] : [])], rows);
        return;
      }
      const pd = portfolioDensity(res.m, res.density, R, A);
      const rows = res.table.regions.map((region, r) => ({ region, diversity: res.diversity[r], eci: res.eci[r], eci_reflections: refl.eci[r], fitness: fit.fitness[r], coi: res.coi[r], coherence: pd.coherence[r], flexibility: pd.flexibility[r], ...(pe ? { expy: pe.expy[r] } : {}) }));
      output(o, ['region', 'diversity', 'eci', 'eci_reflections', 'fitness', 'coi', 'coherence', 'flexibility', ...(pe ? ['expy'] : [])], rows);
    });

  withCommon(regions.command('space').argument('<data>'), { choices: ['json', 'gexf'], default: 'json', help: 'json or gexf' })
    .description('the activity space for drawing: maximum spanning tree plus the strongest links, as JSON or GEXF')
    .option('--mean-degree <d>', 'add the strongest links until this mean degree', '4')
    .action(async (file: string, o: Omit<Common, 'format'> & { meanDegree: string; format: 'json' | 'gexf' }) => {
      const { res, labels } = await oneYear(file, { ...o, format: undefined });
      const A = res.table.activities.length;
      const communities = clusterByCommunities(res.proximity, A);
      const links = activitySpace(res.proximity, A, number(o.meanDegree, '--mean-degree', { min: 0 }));
      const nodes = res.table.activities.map((a, p) => ({ id: a, label: label(labels, a) || a, attributes: { ubiquity: res.ubiquity[p], pci: res.pci[p], cluster: communities[p] } }));
      const edges = links.map((l) => ({ source: res.table.activities[l.source], target: res.table.activities[l.target], weight: l.weight, attributes: { backbone: l.backbone } }));
      if (o.format === 'gexf') emit(toGexf(nodes, edges), o.out);
      else emit(`${JSON.stringify({ nodes: nodes.map((n) => ({ id: n.id, label: n.label, ...n.attributes, pci: Number.isFinite(n.attributes.pci) ? n.attributes.pci : null })), links: edges.map((e) => ({ source: e.source, target: e.target, weight: e.weight, backbone: e.attributes.backbone })) }, null, 1)}\n`, o.out);
    });

  for (const c of regions.commands) c.option('--year <year>', 'the period to use (default: the latest; dynamics uses all, measures all unless given)');
  return regions;
}
