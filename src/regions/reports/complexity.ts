import { UserError } from '../../errors.js';
import { fitness, prodyExpy, reflections } from '../complexity.js';
import { portfolioDensity } from '../density.js';
import type { Report } from '../../report.js';
import { attributeIn, labelOf, type RegionYear } from './inputs.js';

export interface ComplexityReportOptions {
  by?: 'region' | 'activity';
  /** Fitness extremality γ (default 1). */
  extremality?: number;
  /** Iterations of reflections and fitness (default 20). */
  iterations?: number;
}

/**
 * Complexity per region (ECI, reflections, fitness, COI, coherence, flexibility, EXPY with GDP per capita) or per
 * activity (PCI, reflections, fitness complexity, PRODY), with a notice on how far the orientation of ECI can be
 * trusted. Takes measures computed with the eigenvector method.
 */
export function complexityReport(ry: RegionYear, o: ComplexityReportOptions = {}): Report {
  const { res, labels } = ry;
  const R = res.table.regions.length;
  const A = res.table.activities.length;
  const it = o.iterations ?? 20;
  const refl = reflections(res.m, R, A, it);
  const fit = fitness(res.m, R, A, it, o.extremality ?? 1);
  const notices = [...ry.notices];
  const or = res.orientation;
  if (or) {
    const r2 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? 'undefined' : x.toFixed(2));
    notices.push(`orientation of ECI: ${or.rule === 'variable' ? `by ${or.variable}` : "Stata's rule (positive with diversity)"}${or.flipped ? ', reversed' : ''}; ECI correlates ${r2(or.withDiversity)} with diversity, ${r2(or.withSize)} with log size, ${r2(or.withFitness)} with log fitness${or.variable ? `, ${r2(or.withVariable)} with ${or.variable}` : ''}`);
  }
  if (refl.eci.length && or?.flipped) {
    // reflections choose their sign by the same diversity rule as ECI; keep them comparable
    for (let i = 0; i < R; i++) refl.eci[i] = -refl.eci[i];
    for (let p = 0; p < A; p++) refl.pci[p] = -refl.pci[p];
  }
  let pe: { prody: Float64Array; expy: Float64Array } | undefined;
  if (ry.side.gdp) {
    const where = ry.side.sources?.gdp ? { file: ry.side.sources.gdp } : { field: 'gdp' };
    const gdp = attributeIn(ry.side.gdp, ry.year);
    if (!gdp) throw new UserError(`no GDP per capita for year ${ry.year}`, where);
    const missing = res.table.regions.filter((r) => !gdp.has(r));
    if (missing.length) throw new UserError(`no GDP per capita for ${missing.slice(0, 5).join(', ')}`, where);
    pe = prodyExpy(res.table, Float64Array.from(res.table.regions, (r) => gdp.get(r)!));
  }
  const meta = { year: ry.year, by: o.by ?? 'region', ...(or && { orientation: { rule: or.rule, flipped: or.flipped, withDiversity: or.withDiversity, withSize: or.withSize, withFitness: or.withFitness } }) };
  if (o.by === 'activity') {
    const rows = res.table.activities.map((a, p) => ({ activity: a, ...(labels && { label: labelOf(labels, a) }), ubiquity: res.ubiquity[p], pci: res.pci[p], pci_reflections: refl.pci[p], complexity_fitness: fit.complexity[p], ...(pe && { prody: pe.prody[p] }) }));
    return { columns: ['activity', ...(labels ? ['label'] : []), 'ubiquity', 'pci', 'pci_reflections', 'complexity_fitness', ...(pe ? ['prody'] : [])], rows, notices, meta };
  }
  const pd = portfolioDensity(res.m, res.density, R, A);
  const rows = res.table.regions.map((region, r) => ({ region, diversity: res.diversity[r], eci: res.eci[r], eci_reflections: refl.eci[r], fitness: fit.fitness[r], coi: res.coi[r], coherence: pd.coherence[r], flexibility: pd.flexibility[r], ...(pe && { expy: pe.expy[r] }) }));
  return { columns: ['region', 'diversity', 'eci', 'eci_reflections', 'fitness', 'coi', 'coherence', 'flexibility', ...(pe ? ['expy'] : [])], rows, notices, meta };
}
