import { UserError } from '../../errors.js';
import { growth, periodPairs, relatednessPrinciple, transitions, type EntryRule } from '../dynamics.js';
import type { Measures } from '../measures.js';
import type { Report, Row } from '../../report.js';
import type { RegionsData } from './inputs.js';

export interface DynamicsOptions extends EntryRule {
  /** List transitions or growth instead of the relatedness principle test. */
  list?: 'entries' | 'exits' | 'growth';
}

/** The entry rule, refused when it cannot apply to the data (before any measures are computed). */
export function entryRule(data: Pick<RegionsData, 'years'>, o: DynamicsOptions, file?: string): EntryRule {
  if (data.years.length < 2) throw new UserError('dynamics needs at least two periods (a year column with two or more years)', file ? { file } : { field: 'year' });
  const window = o.window ?? 1;
  if (o.from !== undefined && o.to !== undefined && o.from > o.to) throw new UserError(`the entry's starting RCA ${o.from} is above its end ${o.to}`, { field: 'entryFrom' });
  if (window >= data.years.length) throw new UserError(`a window of ${window} needs more than ${window} periods; the data has ${data.years.length}`, { field: 'window' });
  return { ...(o.from !== undefined && { from: o.from }), ...(o.to !== undefined && { to: o.to }), window };
}

/**
 * Between periods: the relatedness principle test (entry probability by density decile, AUC, logit with fixed
 * effects), or the entries, exits or growth themselves. `periods` are the measures of every period of `data`.
 */
export function dynamicsReport(data: RegionsData, periods: readonly Measures[], o: DynamicsOptions = {}): Report {
  const rule = entryRule(data, o);
  const meta = { years: data.years, window: rule.window, ...(o.list && { list: o.list }) };
  if (o.list) {
    const rows: Row[] = [];
    for (const [t0, t1] of periodPairs(periods.length, rule.window)) {
      const span = { from: data.years[t0], to: data.years[t1] };
      if (o.list === 'growth') for (const g of growth(periods[t0], periods[t1])) rows.push({ ...span, ...g });
      else for (const x of transitions(periods[t0], periods[t1], rule)) if (x.kind === (o.list === 'entries' ? 'entry' : 'exit')) rows.push({ ...span, region: x.region, activity: x.activity, density_before: x.densityBefore, rca_before: x.rcaBefore, rca_after: x.rcaAfter });
    }
    const columns = o.list === 'growth' ? ['from', 'to', 'region', 'activity', 'before', 'after', 'growth'] : ['from', 'to', 'region', 'activity', 'density_before', 'rca_before', 'rca_after'];
    return { columns, rows, notices: [], meta };
  }
  const p = relatednessPrinciple(periods, undefined, rule);
  const rows: Row[] = p.deciles.map((d) => ({ measure: `entry probability, density decile ${d.decile}`, value: d.probability, detail: `${d.entries}/${d.candidates} entries; density ${d.minDensity.toFixed(3)}–${d.maxDensity.toFixed(3)}` }));
  rows.push({ measure: 'AUC of density predicting entry', value: p.auc, detail: `${p.entries} entries among ${p.candidates} candidates` });
  if (p.logit) rows.push({ measure: 'logit coefficient of density (per s.d.)', value: p.logit.coefficient, detail: `s.e. ${p.logit.standardError.toFixed(4)}, z ${p.logit.z.toFixed(2)}, p ${p.logit.pValue.toExponential(2)}; ${p.logit.fixedEffects ? 'region and activity fixed effects' : 'no fixed effects (too many)'}; n ${p.logit.observations}` });
  const notices = p.entries < 30 ? [`only ${p.entries} entries: the test has little power; a longer panel or a window of several years gives more`] : [];
  return { columns: ['measure', 'value', 'detail'], rows, notices, meta };
}
