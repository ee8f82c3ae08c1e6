/**
 * The analyses' contract: each analysis's options (query parameters, so that a page's URL holds its choices) and the
 * one answer shape of every report. Shared by the service, the routes (the OpenAPI document) and the web app.
 */
import { z } from 'zod';
import { ACTIVITY_TYPES, LEVELS, WEIGHTINGS } from '../../networks/records.js';
import { MAPS } from '../../networks/maps.js';
import { COUPLING_UNITS } from '../../networks/citation.js';
import { KEYWORD_KINDS } from '../../networks/keywords.js';
import { DESCRIBE_REPORTS } from '../../networks/reports/describe.js';
import { GROUP_ATTRIBUTES } from '../../networks/reports/brokerage.js';
import { RELATEDNESS_METHODS } from '../../regions/relatedness.js';
import { STRATEGIES } from '../../regions/opportunities.js';

/** A yes/no option: `true` or `false` in a query, a boolean in JSON (parsing twice gives the same). */
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const num = (min: number, max: number) => z.coerce.number().min(min).max(max);
/** A comma-separated list in a query, or an array (parsing twice gives the same). */
const list = (max: number) =>
  z
    .union([z.array(z.string()), z.string().max(2000).transform((s) => s.split(','))])
    .transform((xs) => xs.map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(200)).min(1, 'names at least one').max(max));
const name = z.string().trim().min(1).max(200);

/** How presence, relatedness and complexity are measured, and the period. */
export const MeasureQuery = z.object({
  year: z.string().max(20).optional(),
  presence: z.enum(['rca', 'rpop', 'both', 'manual']).default('rca'),
  threshold: num(0, 1e6).default(1),
  minCount: num(0, 1e12).default(0),
  continuous: flag.default(false),
  asymmetric: flag.default(false),
  knn: int(1, 100_000).optional(),
  complexity: z.enum(['eigen', 'reflections', 'fitness']).default('eigen'),
});
export type MeasureQuery = z.output<typeof MeasureQuery>;

export const REGION_ANALYSES = {
  catalogue: z.object({ year: z.string().max(20).optional() }),
  specialisation: MeasureQuery.extend({ region: name, by: z.enum(['rca', 'size']).default('rca'), top: int(1, 1000).default(15) }),
  opportunities: MeasureQuery.extend({
    region: name,
    strategy: z.enum(Object.keys(STRATEGIES) as [string, ...string[]]).default('balanced'),
    weights: z.string().max(200).optional(),
    top: int(1, 1000).default(20),
    includeLocal: flag.default(false),
    minUbiquity: int(0, 100_000).optional(),
    minSize: num(0, 1e15).default(0),
    densityScale: z.enum(['1', '100']).default('1'),
  }),
  pswot: MeasureQuery.extend({ region: name, densityScale: z.enum(['1', '100']).default('1') }),
  target: MeasureQuery.extend({ region: name, activities: list(200), top: int(1, 1000).default(10) }),
  partners: MeasureQuery.extend({ region: name, target: list(200), related: int(0, 10_000).default(20), top: int(1, 1000).default(10) }),
  similar: MeasureQuery.extend({ region: name, top: int(1, 1000).default(10) }),
  complexity: MeasureQuery.extend({ by: z.enum(['region', 'activity']).default('region'), extremality: num(1e-9, 100).default(1), iterations: int(2, 1000).default(20) }),
  variety: z.object({ year: z.string().max(20).optional(), by: z.enum(['region', 'activity']).default('region') }),
  space: MeasureQuery.extend({ meanDegree: num(0, 100).default(4) }),
  clusters: MeasureQuery.extend({ method: z.enum(['sized', 'louvain', 'hierarchical']).default('sized'), k: int(1, 10_000).default(20), resolution: num(0, 100).default(1), summary: flag.default(false) }),
  relatedness: MeasureQuery.extend({ method: z.enum(RELATEDNESS_METHODS).default('proximity') }),
  dynamics: MeasureQuery.omit({ year: true }).extend({ list: z.enum(['entries', 'exits', 'growth']).optional(), entryFrom: num(0, 1e6).optional(), entryTo: num(0, 1e6).optional(), window: int(1, 1000).default(1) }),
  comparison: MeasureQuery.extend({ regions: list(4) }),
} as const;
export type RegionAnalysis = keyof typeof REGION_ANALYSES;

/** How records become a graph: the map, its level and counting, and the years. */
export const GraphQuery = z.object({
  map: z.enum(MAPS).default('collaboration'),
  level: z.enum(LEVELS).default('person'),
  weighting: z.enum(WEIGHTINGS).default('full'),
  from: int(0, 3000).optional(),
  to: int(0, 3000).optional(),
  types: list(ACTIVITY_TYPES.length).pipe(z.array(z.enum(ACTIVITY_TYPES))).optional(),
  minWeight: num(0, 1e12).optional(),
  maxAuthors: int(0, 100_000).default(25),
  unit: z.enum(COUPLING_UNITS).default('document'),
  keywords: z.enum(KEYWORD_KINDS).default('author'),
  minOccurrences: int(1, 100_000).optional(),
  minCitations: int(1, 100_000).default(1),
  minDocuments: int(1, 100_000).default(1),
  method: z.enum(['leiden', 'louvain']).default('leiden'),
  objective: z.enum(['modularity', 'cpm']).default('modularity'),
  resolution: num(0, 1000).default(1),
  seed: int(-2_147_483_648, 2_147_483_647).default(1),
});
export type GraphQuery = z.output<typeof GraphQuery>;

export const NETWORK_ANALYSES = {
  graph: GraphQuery.extend({ maxNodes: int(1, 200_000).default(20_000) }),
  metrics: GraphQuery.extend({ sample: int(1, 1_000_000).optional() }),
  communities: GraphQuery,
  brokerage: GraphQuery.extend({ attribute: z.enum(GROUP_ATTRIBUTES), report: z.enum(['node', 'group', 'mixing', 'network']).default('node') }),
  diversity: z.object({ by: z.enum(['person', 'organisation', 'country', 'region', 'activity']).default('organisation') }),
  proximities: z.object({ a: name, b: name }),
  spectrum: z.object({ groups: z.enum(['discipline', 'country', 'organisation', 'organisationType', 'region', 'sector']).default('discipline'), byYear: flag.default(false) }),
  describe: z.object({ report: z.enum(DESCRIBE_REPORTS).default('summary'), top: int(1, 1000).default(20), keywords: z.enum(KEYWORD_KINDS).default('author') }),
  themes: z.object({ keywords: z.enum(KEYWORD_KINDS).default('author'), top: int(2, 5000).default(250), minFrequency: num(0, 1000).default(5) }),
} as const;
export type NetworkAnalysis = keyof typeof NETWORK_ANALYSES;

/** A cell of a report as JSON: a number (null for a missing or non-finite one), text, a flag, or a list of items. */
const Cell = z.union([z.number(), z.string(), z.boolean(), z.null(), z.array(z.unknown())]);

/** Every analysis answers with the same shape: the columns, the rows (objects keyed by column), notices and choices. */
export const ReportResponse = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), Cell)),
  notices: z.array(z.string()),
  meta: z.record(z.string(), z.unknown()),
  /** The data set's version the report was computed on, and whether it came from the cache. */
  dataset: z.object({ id: z.string(), slug: z.string(), title: z.string(), version: z.number().int() }),
  cached: z.boolean(),
});
export type ReportResponse = z.infer<typeof ReportResponse>;

/** An analysis run as a job: where it is, how far it has got, and its report once done (or why it failed). */
export const JobView = z.object({
  id: z.string(),
  state: z.enum(['queued', 'running', 'completed', 'cancelled', 'failed']),
  progress: z.object({ stage: z.string(), fraction: z.number().min(0).max(1) }),
  result: ReportResponse.optional(),
  error: z.object({ code: z.string(), message: z.string(), field: z.string() }).optional(),
});
export type JobView = z.infer<typeof JobView>;
