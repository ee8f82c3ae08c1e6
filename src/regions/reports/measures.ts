import { measureRows } from '../measures.js';
import type { Row } from '../../report.js';
import { labelOf, type RegionsData, type RegionYear } from './inputs.js';

/** What the measures table carries besides the measures: labels, RPOP (with a population). */
export interface MeasuresShape {
  labels: boolean;
  population: boolean;
}

/** The columns of the ecomplexity table (py-ecomplexity's, with the year when the data has one). */
export function measuresColumns(data: Pick<RegionsData, 'hasYear'>, shape: MeasuresShape): string[] {
  return [...(data.hasYear ? ['year'] : []), 'region', 'activity', ...(shape.labels ? ['label'] : []), 'value', 'rca', 'm', 'diversity', 'ubiquity', 'density', 'eci', 'pci', 'coi', 'cog', ...(shape.population ? ['rpop'] : [])];
}

/** One period's rows of the ecomplexity table, region-major, zeros included. */
export function* measuresRows(ry: Pick<RegionYear, 'data' | 'year' | 'res' | 'labels'>, shape: MeasuresShape): Generator<Row> {
  for (const row of measureRows(ry.res)) {
    const { rpop, ...rest } = row;
    yield { ...(ry.data.hasYear && { year: ry.year }), ...rest, ...(shape.labels && { label: labelOf(ry.labels, row.activity) }), ...(shape.population && { rpop }) };
  }
}
