import { pearson } from '../linalg/stats.js';
import { fitness } from './complexity.js';
import type { Measures } from './measures.js';

/** A region-level variable that should rise with complexity: GVA per job, GDP per head, mean wage… */
export interface OrientationVariable {
  name: string;
  /** Value per region name; regions without a value are left out of the correlation. */
  values: ReadonlyMap<string, number>;
}

export interface ComplexityOrientation {
  /** 'diversity' = Stata ecomplexity's rule (ECI correlates positively with diversity); 'variable' = by the given variable. */
  rule: 'diversity' | 'variable';
  /** Whether the signs of ECI, PCI, COI and COG were reversed from the diversity rule. */
  flipped: boolean;
  /** Pearson correlations of the reported ECI with diversity, with log size (the region's total) and with the variable. */
  withDiversity: number;
  withSize: number;
  withVariable?: number;
  /** Correlation of ECI with log fitness (Tacchella et al. 2012), which has no sign to choose. */
  withFitness: number;
  variable?: string;
  /** Regions the variable correlation rests on. */
  regionsWithVariable?: number;
  warnings: string[];
}

/** |r| below this makes the diversity rule a coin toss (a weak correlation decides the sign of everything). */
export const WEAK_ORIENTATION = 0.5;

function correlate(eci: Float64Array, x: ArrayLike<number>): number {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < eci.length; i++) {
    if (Number.isFinite(eci[i]) && Number.isFinite(x[i])) {
      a.push(eci[i]);
      b.push(x[i]);
    }
  }
  return a.length > 2 ? pearson(a, b) : NaN;
}

const r2 = (r: number) => (Number.isFinite(r) ? r.toFixed(2) : 'undefined');

/**
 * The sign of ECI/PCI is arbitrary (an eigenvector); Stata ecomplexity makes ECI correlate positively with
 * diversity. On coarse, service-heavy data that rule can point the wrong way (the most diversified regions are
 * not the most productive ones: Mealy, Farmer & Teytelboym 2019; Hidalgo 2021). Given a variable that should
 * rise with complexity, the sign is chosen so that ECI correlates positively with it; otherwise the diversity
 * rule stands, with warnings when it is weak or contradicts the variable. Returns the measures with ECI, PCI,
 * COI and COG negated when flipped (all four are linear in the eigenvector), and the diagnostics.
 */
export function orientComplexity(res: Measures, variable?: OrientationVariable): { measures: Measures; orientation: ComplexityOrientation } {
  const R = res.table.regions.length;
  const A = res.table.activities.length;
  const size = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    let s = 0;
    for (let p = 0; p < A; p++) s += res.table.values[r * A + p];
    size[r] = Math.log(s);
  }
  const withDiversity0 = correlate(res.eci, res.diversity);
  const values = variable ? Float64Array.from(res.table.regions, (r) => variable.values.get(r) ?? NaN) : undefined;
  const withVariable0 = values ? correlate(res.eci, values) : undefined;
  const regionsWithVariable = values ? res.eci.filter((e, i) => Number.isFinite(e) && Number.isFinite(values[i])).length : undefined;
  const flipped = withVariable0 !== undefined && Number.isFinite(withVariable0) && withVariable0 < 0;
  const sign = flipped ? -1 : 1;
  const warnings: string[] = [];
  const withDiversity = sign * withDiversity0;
  const withSize = sign * correlate(res.eci, size);
  const withVariable = withVariable0 === undefined ? undefined : sign * withVariable0;
  const fit = fitness(res.m, R, A, 20, 1).fitness;
  const withFitness = sign * correlate(res.eci, fit.map((f) => (f > 0 ? Math.log(f) : NaN)));
  if (variable && regionsWithVariable !== undefined && regionsWithVariable < 3) {
    warnings.push(`${variable.name} is given for only ${regionsWithVariable} of the ${R} regions: complexity keeps the diversity rule`);
  }
  if (flipped) {
    warnings.push(
      `under Stata's rule (ECI rises with diversity) ECI correlated ${r2(withVariable0!)} with ${variable!.name}: ECI, PCI, COI and COG are reversed so that ECI rises with ${variable!.name} (r = ${r2(withVariable!)}; with diversity r = ${r2(withDiversity)})`,
    );
  } else if (!variable && Number.isFinite(withDiversity0) && Math.abs(withDiversity0) < WEAK_ORIENTATION) {
    warnings.push(
      `the sign of ECI/PCI rests on a weak correlation with diversity (r = ${r2(withDiversity0)}, below ${WEAK_ORIENTATION}; with log fitness r = ${r2(withFitness)}): complexity may point the wrong way. Orient it by a region variable that should rise with it (--orient-by FILE, e.g. GVA per job)`,
    );
  } else if (variable && withVariable !== undefined && Number.isFinite(withVariable) && Math.abs(withVariable) < WEAK_ORIENTATION) {
    warnings.push(`ECI correlates only weakly with ${variable.name} (r = ${r2(withVariable)}): the orientation, and any ranking by complexity, is uncertain`);
  }
  const orientation: ComplexityOrientation = {
    rule: variable && !(regionsWithVariable !== undefined && regionsWithVariable < 3) ? 'variable' : 'diversity',
    flipped,
    withDiversity,
    withSize,
    withFitness,
    ...(variable ? { withVariable, variable: variable.name, regionsWithVariable } : {}),
    warnings,
  };
  if (!flipped) return { measures: res, orientation };
  const neg = (x: Float64Array) => x.map((v) => -v);
  return { measures: { ...res, eci: neg(res.eci), pci: neg(res.pci), coi: neg(res.coi), cog: neg(res.cog) }, orientation };
}
