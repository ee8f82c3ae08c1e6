import { cosineDistances, diversity, type Distances } from '../diversity.js';
import type { Report } from '../../report.js';

export interface DiversityOptions {
  /** The unit's name, the first column. */
  by: string;
  /** Given category distances (a → b → distance); by default the cosine distance of the categories' profiles across units. */
  distances?: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/**
 * Diversity of each unit (actor, team, organisation, region…) over categories: Shannon, Simpson, Blau, Hill numbers,
 * Rao–Stirling and DIV (Leydesdorff, Wagner & Bornmann 2019).
 */
export function diversityReport(rows: readonly { unit: string; category: string; weight: number }[], o: DiversityOptions): Report {
  const units = [...new Set(rows.map((r) => r.unit))];
  const categories = [...new Set(rows.map((r) => r.category))];
  const ui = new Map(units.map((u, i) => [u, i]));
  const ci = new Map(categories.map((c, i) => [c, i]));
  const C = categories.length;
  const x = new Float64Array(units.length * C);
  for (const r of rows) x[ui.get(r.unit)! * C + ci.get(r.category)!] += r.weight;
  let distance: Distances;
  const notices: string[] = [];
  if (o.distances) {
    const given = o.distances;
    distance = (c, e) => given.get(categories[c])?.get(categories[e]) ?? given.get(categories[e])?.get(categories[c]) ?? 1;
  } else {
    const d = cosineDistances(x, units.length, C);
    distance = (c, e) => d[c * C + e];
    if (units.length < 10) notices.push(`only ${units.length} units: the categories' distances come from their co-occurrence across so few units, so Rao–Stirling and DIV rest on little`);
  }
  const out = units.map((unit, u) => {
    const r = diversity(x.subarray(u * C, (u + 1) * C), distance);
    return { [o.by]: unit, total: r.total, variety: r.variety, shannon: r.shannon, simpson: r.simpson, blau: r.blau, hill1: r.hill1, hill2: r.hill2, rao_stirling: r.raoStirling, div: r.div };
  });
  return { columns: [o.by, 'total', 'variety', 'shannon', 'simpson', 'blau', 'hill1', 'hill2', 'rao_stirling', 'div'], rows: out, notices, meta: { by: o.by, units: units.length, categories: C } };
}
