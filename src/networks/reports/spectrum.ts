import { UserError } from '../../errors.js';
import { ACTIVITY_TYPES, type ActivityType, type Records } from '../records.js';
import { spectrum, STAGES } from '../spectrum.js';
import type { Report } from '../../report.js';

/** The activity types that count as evidence for stages 1 (sharing), 3 (joint symposia) and 5 (joint work). */
export const DEFAULT_STAGE_TYPES: { sharing: ActivityType[]; symposia: ActivityType[]; joint: ActivityType[] } = {
  sharing: ['workshop', 'other'],
  symposia: ['symposium', 'event'],
  joint: ['publication', 'project', 'proposal'],
};

export interface SpectrumOptions {
  /** The groups: the actors' disciplines, or another attribute. */
  groups: 'discipline' | 'country' | 'organisation' | 'organisationType' | 'region' | 'sector';
  stages?: { sharing?: ActivityType[]; symposia?: ActivityType[]; joint?: ActivityType[] };
  minSharedKeywords?: number;
  /** One row per pair and year: the highest stage reached by then. */
  byYear?: boolean;
}

/**
 * How far each pair of disciplines (or groups) has progressed along the cross-disciplinary spectrum (sharing, common
 * themes, joint symposia, broadening, joint writing or research), with each stage's evidence.
 */
export function spectrumReport(records: Records, o: SpectrumOptions): Report {
  for (const t of [...(o.stages?.sharing ?? []), ...(o.stages?.symposia ?? []), ...(o.stages?.joint ?? [])]) if (!(ACTIVITY_TYPES as readonly string[]).includes(t)) throw new UserError(`"${t}" is not one of ${ACTIVITY_TYPES.join(', ')}`, { field: 'stages' });
  const actors = new Map(records.actors.map((a) => [a.id, a]));
  const attribute = o.groups;
  const result = spectrum(records, {
    stages: { ...DEFAULT_STAGE_TYPES, ...o.stages },
    ...(o.minSharedKeywords !== undefined && { minSharedKeywords: o.minSharedKeywords }),
    ...(attribute !== 'discipline' && {
      groupsOf: (id: string) => {
        const v = actors.get(id)?.[attribute];
        return v ? [v] : [];
      },
    }),
  });
  const notices = result.length === 0 ? [`no two ${o.groups === 'discipline' ? 'disciplines' : `${o.groups} groups`} meet in the records: the actors need ${o.groups === 'discipline' ? 'disciplines' : `a ${o.groups}`} for the spectrum`] : [];
  const meta = { groups: o.groups, pairs: result.length };
  if (o.byYear) {
    return { columns: ['a', 'b', 'year', 'highest', 'stage'], rows: result.flatMap((p) => p.byYear.map((y) => ({ a: p.a, b: p.b, year: y.year, highest: y.highest, stage: STAGES[y.highest - 1] ?? '' }))), notices, meta };
  }
  const columns = ['a', 'b', 'highest', 'stage', ...STAGES.flatMap((_, s) => [`s${s + 1}_count`, `s${s + 1}_first_year`, `s${s + 1}_evidence`])];
  const rows = result.map((p) => ({
    a: p.a,
    b: p.b,
    highest: p.highest,
    stage: STAGES[p.highest - 1] ?? '',
    ...Object.fromEntries(p.stages.flatMap((st, s) => [[`s${s + 1}_count`, st.count], [`s${s + 1}_first_year`, st.firstYear], [`s${s + 1}_evidence`, st.examples.join('; ')]])),
  }));
  return { columns, rows, notices, meta };
}
