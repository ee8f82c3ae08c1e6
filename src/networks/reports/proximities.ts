import { closeNames, UserError } from '../../errors.js';
import { proximity, proximityContext, proximityParadox } from '../proximities.js';
import type { Records } from '../records.js';
import type { Report } from '../../report.js';

/** A pair of actors asked about, with where it was written (a pairs file's line and columns) for messages. */
export interface PairRef {
  a: string;
  b: string;
  at?: { file: string; line: number; columns: [number, number] };
}

const COLUMNS = ['a', 'b', 'distance_km', 'same_region', 'discipline_cosine', 'keyword_cosine', 'same_organisation', 'same_parent', 'same_organisation_type', 'same_country', 'shared_partners', 'co_participations', 'path_length'];

/**
 * Boschma's five proximities between pairs of actors: geographical (distance, same region), cognitive (disciplines',
 * keywords' cosine), organisational (same organisation, parent), institutional (organisation type, country) and social
 * (shared partners, co-participations, path length). Pairs given, or every pair (`all`), or every pair of
 * co-participants. An actor is named by id, or by a name only one actor has.
 */
export function proximitiesReport(records: Records, o: { pairs?: readonly PairRef[]; all?: boolean } = {}): Report {
  const ctx = proximityContext(records);
  const byName = new Map<string, string[]>();
  for (const a of records.actors) byName.set(a.name.toLowerCase(), [...(byName.get(a.name.toLowerCase()) ?? []), a.id]);
  const actorOf = (name: string, which: 0 | 1, ref: PairRef): string => {
    if (ctx.actors.has(name)) return name;
    const ids = byName.get(name.toLowerCase()) ?? [];
    if (ids.length === 1) return ids[0];
    const field = which === 0 ? 'a' : 'b';
    const at = ref.at ? { file: ref.at.file, line: ref.at.line, column: ref.at.columns[which] } : { field };
    if (ids.length > 1) throw new UserError(`${ids.length} actors are called "${name}"; name one by its id (${ids.slice(0, 3).join(', ')})`, at);
    const near = closeNames(name, records.actors.map((x) => x.name));
    throw new UserError(`actor "${name}" is not in the records${near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : ''}`, at);
  };
  const pairs: [string, string][] = [];
  if (o.pairs) for (const p of o.pairs) pairs.push([actorOf(p.a, 0, p), actorOf(p.b, 1, p)]);
  else if (o.all) {
    const ids = records.actors.map((x) => x.id);
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) pairs.push([ids[i], ids[j]]);
  } else {
    const g = ctx.graph;
    for (let i = 0; i < g.n; i++) for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++) if (g.targets[k] > i) pairs.push([g.ids[i], g.ids[g.targets[k]]]);
  }
  const rows = pairs.map(([a, b]) => {
    const p = proximity(ctx, a, b);
    return { a, b, distance_km: p.distanceKm, same_region: p.sameRegion, discipline_cosine: p.disciplineCosine, keyword_cosine: p.keywordCosine, same_organisation: p.sameOrganisation, same_parent: p.sameParent, same_organisation_type: p.sameOrganisationType, same_country: p.sameCountry, shared_partners: p.sharedPartners, co_participations: p.coParticipations, path_length: Number.isFinite(p.pathLength) ? p.pathLength : null };
  });
  const names = new Map(records.actors.map((a) => [a.id, a.name]));
  return { columns: COLUMNS, rows, notices: [], meta: { pairs: rows.length, names: Object.fromEntries(pairs.flatMap(([a, b]) => [[a, names.get(a) ?? a], [b, names.get(b) ?? b]])) } };
}

/** The proximity-paradox test: the chance that a pair untied up to `year` ties after it, by decile of each proximity. */
export function proximityParadoxReport(records: Records, o: { year: number }): Report {
  const rows = proximityParadox(records, o.year).map((r) => ({ ...r }));
  const notices = rows.length === 0 ? [`no pair of actors active up to ${o.year} was untied then: choose a year inside the records' span`] : [];
  return { columns: ['measure', 'decile', 'from', 'to', 'pairs', 'newTies', 'probability'], rows, notices, meta: { year: o.year } };
}
