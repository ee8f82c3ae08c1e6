import { UserError } from '../errors.js';
import { matrix, transpose } from '../linalg/dense.js';
import {
  complexityIndices,
  complexityOutlook,
  fitness,
  longTableMoments,
  reflections,
} from './complexity.js';
import { density, densityKnn } from './density.js';
import { coOccurrenceOf, proximity, proximityAsymmetric, proximityContinuous } from './relatedness.js';
import { orientComplexity, type ComplexityOrientation, type OrientationVariable } from './orientation.js';
import { diversity, presence, presenceUnion, rca, rpop, ubiquity } from './specialisation.js';
import { dropZeroTotals, subset, type RegionActivity } from './table.js';

export type PresenceTest = 'rca' | 'rpop' | 'both' | 'manual';
export type ComplexityMethod = 'eigen' | 'reflections' | 'fitness';

export interface MeasuresOptions {
  /** How M is decided: RCA ≥ t (default), RPOP ≥ t, either, or given (the values are M). */
  presence?: PresenceTest;
  /** Threshold for RCA (and for RPOP unless rpopThreshold is given); default 1. */
  threshold?: number;
  rpopThreshold?: number;
  /** Population per region name, required for 'rpop' and 'both'. */
  population?: ReadonlyMap<string, number>;
  /** A given presence matrix for 'manual' with separate values: region → activity → 0/1. */
  manual?: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Continuous proximity from the correlation of RCA (RPOP with presence 'rpop'); density uses those levels. */
  continuous?: boolean;
  /** Asymmetric (conditional probability) proximity. */
  asymmetric?: boolean;
  /** Density over the k most related activities only. */
  knn?: number;
  complexity?: ComplexityMethod;
  /** Iterations for reflections and fitness (default 20). */
  iterations?: number;
  /** Fitness extremality γ (default 1). */
  extremality?: number;
  /** A user-supplied relatedness matrix, activity → activity → value, used instead of proximity. */
  relatedness?: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** M = 1 also needs a value of at least this many units (jobs, patents…); default 0. */
  minCount?: number;
  /** Orient ECI/PCI by this region variable instead of diversity (eigenvector method only). */
  orientBy?: OrientationVariable;
}

/** Below this many units a specialisation is noise (4 jobs can make RCA ≥ 1 in a small region). */
export const SMALL_COUNT = 10;

/** Everything ecomplexity computes for one period, rectangular over the kept regions × activities. */
export interface Measures {
  table: RegionActivity;
  /** Balassa RCA (the values themselves under manual presence without separate values). */
  rca: Float64Array;
  rpop?: Float64Array;
  m: Float64Array;
  diversity: Float64Array;
  ubiquity: Float64Array;
  density: Float64Array;
  /** Region-level complexity (ECI z-score, reflections ECI or fitness). */
  eci: Float64Array;
  /** Activity-level complexity (PCI, reflections PCI or complexity Q). */
  pci: Float64Array;
  coi: Float64Array;
  cog: Float64Array;
  /** The relatedness matrix used for density and COG (activities × activities, zero diagonal). */
  proximity: Float64Array;
  droppedRegions: string[];
  droppedActivities: string[];
  notices: string[];
  /** How the sign of ECI/PCI was chosen and how far to trust it (eigenvector method). */
  orientation?: ComplexityOrientation;
}

function alignMatrix(
  given: ReadonlyMap<string, ReadonlyMap<string, number>>,
  activities: readonly string[],
): Float64Array {
  const n = activities.length;
  const out = new Float64Array(n * n);
  activities.forEach((a, i) => {
    const row = given.get(a);
    if (!row) return;
    activities.forEach((b, j) => {
      if (i !== j) out[i * n + j] = row.get(b) ?? 0;
    });
  });
  return out;
}

/**
 * All measures for one period, with the defaults of Stata ecomplexity / py-ecomplexity's ecomplexity():
 * RCA ≥ 1, symmetric discrete proximity, density, eigenvector ECI/PCI, COI and COG.
 */
export function measures(input: RegionActivity, options: MeasuresOptions = {}): Measures {
  const presenceTest = options.presence ?? 'rca';
  const threshold = options.threshold ?? 1;
  const rpopThreshold = options.rpopThreshold ?? threshold;
  const notices: string[] = [];
  let source = input;
  const droppedRegions: string[] = [];
  if (presenceTest === 'rpop' || presenceTest === 'both') {
    const pop = options.population;
    if (!pop) throw new UserError(`presence '${presenceTest}' needs population (--population FILE)`, { field: 'population' });
    const keep: number[] = [];
    input.regions.forEach((r, i) => {
      const v = pop.get(r);
      if (v !== undefined && v > 0) keep.push(i);
      else droppedRegions.push(r);
    });
    if (droppedRegions.length > 0) {
      notices.push(`${droppedRegions.length} region(s) without a population were dropped: ${droppedRegions.slice(0, 5).join(', ')}${droppedRegions.length > 5 ? ', …' : ''}`);
    }
    source = subset(input, keep, input.activities.map((_, j) => j));
  }
  if (options.continuous && presenceTest === 'both') {
    throw new UserError('continuous proximity uses one level, RCA or RPOP: choose presence rca or rpop', { field: 'continuous' });
  }
  const dropped = dropZeroTotals(source);
  const t = dropped.table;
  if (dropped.droppedRegions.length > 0) notices.push(`${dropped.droppedRegions.length} region(s) with a zero total were dropped: ${dropped.droppedRegions.slice(0, 5).join(', ')}${dropped.droppedRegions.length > 5 ? ', …' : ''}`);
  if (dropped.droppedActivities.length > 0) notices.push(`${dropped.droppedActivities.length} activit(y/ies) with a zero total were dropped: ${dropped.droppedActivities.slice(0, 5).join(', ')}${dropped.droppedActivities.length > 5 ? ', …' : ''}`);
  const R = t.regions.length;
  const A = t.activities.length;
  if (R === 0 || A === 0) throw new UserError('no region or activity has a positive total');

  let rcaValues: Float64Array;
  let rpopValues: Float64Array | undefined;
  let m: Float64Array;
  if (presenceTest === 'manual') {
    if (options.manual) {
      rcaValues = rca(t);
      m = new Float64Array(R * A);
      t.regions.forEach((r, i) => {
        const row = options.manual!.get(r);
        if (row) t.activities.forEach((a, j) => (m[i * A + j] = row.get(a) ?? 0));
      });
    } else {
      for (const v of t.values) {
        if (v !== 0 && v !== 1) throw new UserError(`manual presence must be 0 or 1, found ${v}`, { field: 'value' });
      }
      m = Float64Array.from(t.values);
      rcaValues = new Float64Array(R * A).fill(NaN);
    }
  } else {
    rcaValues = rca(t);
    if (presenceTest === 'rca') {
      m = presence(rcaValues, threshold);
    } else {
      const pop = Float64Array.from(t.regions, (r) => options.population!.get(r)!);
      rpopValues = rpop(t, pop);
      m = presenceTest === 'rpop' ? presence(rpopValues, rpopThreshold) : presenceUnion(presence(rcaValues, threshold), presence(rpopValues, rpopThreshold));
    }
  }

  const minCount = options.minCount ?? 0;
  if (minCount > 0 && presenceTest !== 'manual') {
    for (let i = 0; i < m.length; i++) if (m[i] !== 0 && t.values[i] < minCount) m[i] = 0;
  }
  if (presenceTest !== 'manual') {
    let present = 0;
    let small = 0;
    for (let i = 0; i < m.length; i++) {
      if (m[i] === 0) continue;
      present++;
      if (t.values[i] < SMALL_COUNT) small++;
    }
    if (present > 0 && small > present / 10) {
      notices.push(`${small} of the ${present} specialisations (M = 1, ${((100 * small) / present).toFixed(0)}%) rest on fewer than ${SMALL_COUNT} units: small counts make RCA noise; raise --min-count (now ${minCount}) or use larger regions`);
    }
  }

  const div = diversity(m, R, A);
  const ubi = ubiquity(m, R, A);
  const levels = options.continuous ? (presenceTest === 'rpop' ? rpopValues! : presenceTest === 'manual' && !options.manual ? m : rcaValues) : m;
  let phi: Float64Array;
  if (options.relatedness) {
    phi = alignMatrix(options.relatedness, t.activities);
  } else if (options.continuous) {
    phi = proximityContinuous(levels, R, A);
  } else {
    const cooc = coOccurrenceOf(m, R, A);
    phi = options.asymmetric ? proximityAsymmetric(cooc, A) : proximity(cooc, A);
  }
  // Stata ecomplexity weighs the asymmetric density by C_pq / u_q (the transpose of P(q|p)), while its
  // COG uses P(q|p) itself; both reproduced here (docs/regions-methods.md, "Asymmetric proximity").
  const phiDensity = options.asymmetric && !options.relatedness && !options.continuous ? transpose(matrix(A, A, phi)).data : phi;
  const dens = options.knn ? densityKnn(levels, phiDensity, R, A, options.knn) : density(levels, phiDensity, R, A);

  const method = options.complexity ?? 'eigen';
  let eci: Float64Array;
  let pci: Float64Array;
  let coi: Float64Array;
  let cog: Float64Array;
  if (method === 'eigen') {
    const ci = complexityIndices(m, R, A);
    eci = ci.eci;
    pci = ci.pci;
    const outlook = complexityOutlook(m, dens, phi, ci.raw.kp, R, A);
    const coiScale = longTableMoments(outlook.coi, A);
    coi = outlook.coi.map((v) => (v - coiScale.mean) / coiScale.sd);
    cog = outlook.cog;
    for (let i = 0; i < cog.length; i++) cog[i] /= ci.scale.sd;
    if (Number.isNaN(ci.raw.eigenvalue)) notices.push('too few regions or activities with a specialisation for ECI/PCI');
    else if (ci.raw.eigenvalue > 1 - 1e-9) notices.push('the region-activity network is disconnected: ECI/PCI (second eigenvalue = 1) are not unique');
    else if (ci.raw.repeated) notices.push(`the second eigenvalue (${ci.raw.eigenvalue}) is repeated: ECI/PCI are not unique`);
  } else {
    const res = method === 'fitness' ? fitness(m, R, A, options.iterations ?? 20, options.extremality ?? 1) : reflections(m, R, A, options.iterations ?? 20);
    eci = 'fitness' in res ? res.fitness : res.eci;
    pci = 'complexity' in res ? res.complexity : res.pci;
    const outlook = complexityOutlook(m, dens, phi, pci, R, A);
    const coiScale = longTableMoments(outlook.coi, A);
    coi = outlook.coi.map((v) => (v - coiScale.mean) / coiScale.sd);
    cog = outlook.cog;
  }
  const result: Measures = {
    table: t,
    rca: rcaValues,
    ...(rpopValues ? { rpop: rpopValues } : {}),
    m,
    diversity: div,
    ubiquity: ubi,
    density: dens,
    eci,
    pci,
    coi,
    cog,
    proximity: phi,
    droppedRegions: [...droppedRegions, ...dropped.droppedRegions],
    droppedActivities: dropped.droppedActivities,
    notices,
  };
  if (method !== 'eigen') return result;
  const oriented = orientComplexity(result, options.orientBy);
  notices.push(...oriented.orientation.warnings);
  return { ...oriented.measures, orientation: oriented.orientation };
}

/** One row of the long measures table (py-ecomplexity's output shape). */
export interface MeasureRow {
  region: string;
  activity: string;
  value: number;
  rca: number;
  rpop: number;
  m: number;
  diversity: number;
  ubiquity: number;
  density: number;
  eci: number;
  pci: number;
  coi: number;
  cog: number;
}

/** The measures as long rows, region-major, zeros included (rpop is NaN without population). */
export function* measureRows(res: Measures): Generator<MeasureRow> {
  const A = res.table.activities.length;
  for (let r = 0; r < res.table.regions.length; r++) {
    for (let p = 0; p < A; p++) {
      const c = r * A + p;
      yield {
        region: res.table.regions[r],
        activity: res.table.activities[p],
        value: res.table.values[c],
        rca: res.rca[c],
        rpop: res.rpop ? res.rpop[c] : NaN,
        m: res.m[c],
        diversity: res.diversity[r],
        ubiquity: res.ubiquity[p],
        density: res.density[c],
        eci: res.eci[r],
        pci: res.pci[p],
        coi: res.coi[r],
        cog: res.cog[c],
      };
    }
  }
}
