/**
 * The knowledge-network data model: actors take part in activities. Importers (src/formats) produce it;
 * projections turn it into graphs at the person, organisation, country, region or discipline level.
 */
import { coOccurrence, type Incidence } from './co-occurrence.js';
import { withMinWeight, type Graph } from './graph.js';
import { interner } from './labels.js';

export const ACTIVITY_TYPES = ['publication', 'project', 'proposal', 'symposium', 'workshop', 'event', 'mentoring', 'review', 'other'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export interface Actor {
  id: string;
  kind: 'person' | 'organisation';
  name: string;
  orcid?: string;
  ror?: string;
  /** The actor's (main) organisation, for a person. */
  organisation?: string;
  organisationType?: string;
  region?: string;
  country?: string;
  latitude?: number;
  longitude?: number;
  /** Disciplines with weights (shares or counts). */
  disciplines: { code: string; weight: number }[];
  sector?: string;
}

export interface Activity {
  id: string;
  type: ActivityType;
  /** ISO date or year. */
  date?: string;
  title?: string;
  /** The abstract, for term maps from titles and abstracts (networks/terms.ts). */
  abstract?: string;
  keywords: string[];
  /** Subject fields or categories (e.g. Web of Science research areas, GtR subjects). */
  fields: string[];
  /** Bibliographic details of a publication: DOI, source (journal), volume, first page, times cited. */
  doi?: string;
  source?: string;
  volume?: string;
  page?: string;
  citedBy?: number;
  /** Cited references in one layout ("ARIA M, 2017, J INFORMETR, V11, P959, DOI …"; formats/bibliographic/references.ts). */
  references?: string[];
  /** The keywords by kind: the authors' own (WoS DE, Scopus Author Keywords) and the database's (Keywords Plus, index terms). */
  authorKeywords?: string[];
  indexKeywords?: string[];
}

export interface Participation {
  activity: string;
  actor: string;
  role: string;
  /** The organisation and country the actor gave on this activity (an author's affiliation on a paper). */
  organisation?: string;
  country?: string;
}

export interface Records {
  actors: Actor[];
  activities: Activity[];
  participations: Participation[];
}

export const LEVELS = ['person', 'organisation', 'country', 'region', 'discipline'] as const;
export type Level = (typeof LEVELS)[number];
export const WEIGHTINGS = ['full', 'fractional', 'association'] as const;
export type Weighting = (typeof WEIGHTINGS)[number];

export interface ProjectionOptions {
  level?: Level;
  /**
   * full: 1 per shared activity; fractional: 1/(n−1) per co-participant of an activity with n distinct units
   * (Newman 2001; VOSviewer's fractional counting), so each activity adds n/2 in all; association: the full
   * counts normalised as VOSviewer's association strength, a_ij / (s_i s_j / 2m) with s the units' total
   * co-occurrence and 2m = Σ_i s_i.
   */
  weighting?: Weighting;
  /** Activity types to keep (default all). */
  types?: readonly ActivityType[];
  /** Keep activities dated from..to (years, inclusive). */
  from?: number;
  to?: number;
  /** Drop ties lighter than this (after weighting). */
  minWeight?: number;
  /**
   * Leave out activities with more participants than this (VOSviewer's "maximum number of authors per document",
   * default 25 there and in the CLI): a paper of 2,850 authors would otherwise tie 4 million pairs.
   */
  maxParticipants?: number;
  /**
   * Cleaning (VOSviewer's thesaurus): a unit's label, in lower case → the label it becomes ('' drops it). People are
   * matched by their name ("Glaenzel, Wolfgang" → "Glanzel, Wolfgang" joins the two), organisations, countries,
   * regions and disciplines by themselves.
   */
  thesaurus?: ReadonlyMap<string, string>;
  /** Keep the units that took part in at least this many activities (VOSviewer's "minimum number of documents"). */
  minDocuments?: number;
}

/** VOSviewer's default cap on authors per document. */
export const DEFAULT_MAX_AUTHORS = 25;

/** The activities with more distinct participants than `max`, with their counts, most first. */
export function overParticipantCap(records: Records, max: number): { activity: string; participants: number }[] {
  const people = new Map<string, Set<string>>();
  for (const p of records.participations) {
    let s = people.get(p.activity);
    if (!s) people.set(p.activity, (s = new Set()));
    s.add(p.actor);
  }
  return [...people]
    .filter(([, s]) => s.size > max)
    .map(([activity, s]) => ({ activity, participants: s.size }))
    .sort((a, b) => b.participants - a.participants || (a.activity < b.activity ? -1 : 1));
}

export function yearOf(a: Activity): number | undefined {
  const y = a.date ? Number(a.date.slice(0, 4)) : NaN;
  return Number.isInteger(y) ? y : undefined;
}

/** The activities a projection keeps: of the types asked, dated within from..to, within the participant cap. */
export function keptActivities(records: Records, options: Pick<ProjectionOptions, 'types' | 'from' | 'to' | 'maxParticipants'> = {}): Activity[] {
  const types = options.types ? new Set(options.types) : undefined;
  const capped = options.maxParticipants !== undefined ? new Set(overParticipantCap(records, options.maxParticipants).map((x) => x.activity)) : undefined;
  return records.activities.filter((activity) => {
    if (types && !types.has(activity.type)) return false;
    if (capped?.has(activity.id)) return false;
    const year = yearOf(activity);
    if ((options.from !== undefined || options.to !== undefined) && year === undefined) return false;
    if (options.from !== undefined && year! < options.from) return false;
    if (options.to !== undefined && year! > options.to) return false;
    return true;
  });
}

/** Each activity's distinct units at a level, in order of first appearance: from its participations and their actors. */
export function levelUnits(records: Records, level: Level): (activity: string) => string[] {
  const actors = new Map(records.actors.map((a) => [a.id, a]));
  const byActivity = new Map<string, Participation[]>();
  for (const p of records.participations) {
    let list = byActivity.get(p.activity);
    if (!list) byActivity.set(p.activity, (list = []));
    list.push(p);
  }
  return (activity) => {
    const units = new Set<string>();
    for (const p of byActivity.get(activity) ?? []) {
      const actor = actors.get(p.actor);
      switch (level) {
        case 'person':
          units.add(p.actor);
          break;
        case 'organisation': {
          const o = p.organisation ?? actor?.organisation;
          if (o) units.add(o);
          break;
        }
        case 'country': {
          const c = p.country ?? actor?.country;
          if (c) units.add(c);
          break;
        }
        case 'region':
          if (actor?.region) units.add(actor.region);
          break;
        case 'discipline':
          for (const d of actor?.disciplines ?? []) units.add(d.code);
          break;
      }
    }
    return [...units];
  };
}

export const DOCUMENT_UNITS = ['document', 'person', 'source', 'organisation', 'country'] as const;
export type DocumentUnit = (typeof DOCUMENT_UNITS)[number];

/** Each activity's units of a kind: itself, its source, or its people, organisations or countries (distinct). */
export function unitsOfActivities(records: Records, activities: readonly Activity[], kind: DocumentUnit): Map<string, string[]> {
  if (kind === 'document') return new Map(activities.map((a) => [a.id, [a.id]]));
  if (kind === 'source') return new Map(activities.map((a) => [a.id, a.source ? [a.source] : []]));
  const of = levelUnits(records, kind);
  return new Map(activities.map((a) => [a.id, of(a.id)]));
}

/** Each kept activity's distinct units at the level, in order of first appearance (through the thesaurus, above the minimum documents). */
export function activityUnits(records: Records, options: ProjectionOptions = {}): { activity: Activity; units: string[] }[] {
  const level = options.level ?? 'person';
  const of = levelUnits(records, level);
  // the thesaurus: people by name (to the id of the person so named, if any), other units by themselves
  const names = new Map(records.actors.map((a) => [a.id, a.name]));
  const byName = new Map<string, string>();
  if (options.thesaurus && level === 'person') for (const a of records.actors) if (!byName.has(a.name.toLowerCase())) byName.set(a.name.toLowerCase(), a.id);
  const rename = (u: string): string => {
    const t = options.thesaurus!;
    if (level === 'person') {
      const to = t.get((names.get(u) ?? u).toLowerCase().replace(/\s+/g, ' ').trim());
      return to === undefined ? u : to === '' ? '' : (byName.get(to.toLowerCase()) ?? to);
    }
    const to = t.get(u.toLowerCase().replace(/\s+/g, ' ').trim());
    return to === undefined ? u : to;
  };
  const out = keptActivities(records, options).map((activity) => {
    const units = of(activity.id);
    return { activity, units: options.thesaurus ? [...new Set(units.map(rename).filter(Boolean))] : units };
  });
  const min = options.minDocuments ?? 1;
  if (min > 1) {
    const n = new Map<string, number>();
    for (const { units } of out) for (const u of units) n.set(u, (n.get(u) ?? 0) + 1);
    for (const x of out) x.units = x.units.filter((u) => n.get(u)! >= min);
  }
  return out;
}

/** The one-mode projection of the actor–activity graph at a level, with its weighting (co-occurrence.ts). */
export function project(records: Records, options: ProjectionOptions = {}): Graph {
  const graph = coOccurrence(incidence(activityUnits(records, options).map((x) => x.units)), options.weighting ?? 'full');
  return options.minWeight ? withMinWeight(graph, options.minWeight) : graph;
}

/** Groups of unit names as an incidence: units numbered in order of first appearance, repeats within a group counted. */
export function incidence(groups: readonly (readonly string[])[]): Incidence {
  const { names: ids, id } = interner();
  const offsets = new Int32Array(groups.length + 1);
  const units: number[] = [];
  const counts: number[] = [];
  let repeated = false;
  groups.forEach((group, g) => {
    const at = new Map<number, number>();
    for (const name of group) {
      const u = id(name);
      const k = at.get(u);
      if (k === undefined) {
        at.set(u, units.length);
        units.push(u);
        counts.push(1);
      } else {
        counts[k]++;
        repeated = true;
      }
    }
    offsets[g + 1] = units.length;
  });
  return { ids, offsets, units: Int32Array.from(units), ...(repeated ? { counts: Float64Array.from(counts) } : {}) };
}

/** A node attribute for a projection's nodes: the actor's field at the person level, the unit itself otherwise. */
export function unitAttribute(records: Records, g: Graph, level: Level, attribute: 'country' | 'organisation' | 'organisationType' | 'region' | 'sector' | 'discipline'): string[] {
  if (level !== 'person') return [...g.ids];
  const actors = new Map(records.actors.map((a) => [a.id, a]));
  return g.ids.map((id) => {
    const a = actors.get(id);
    if (!a) return '';
    if (attribute === 'discipline') return [...a.disciplines].sort((x, y) => y.weight - x.weight)[0]?.code ?? '';
    return a[attribute] ?? '';
  });
}

/**
 * Each unit's distribution over the fields of the activities it took part in: per participation, an
 * activity's fields share 1 equally (fractional counting), so a unit's total is its number of
 * participations with fields. Units: the participating person, or their organisation, region or country; or each
 * activity itself.
 */
export function unitFields(records: Records, by: 'person' | 'organisation' | 'country' | 'region' | 'activity'): { unit: string; category: string; weight: number }[] {
  const out: { unit: string; category: string; weight: number }[] = [];
  if (by === 'activity') {
    // each activity's own fields, whoever (if anyone) is recorded as taking part: a grant known only by its subjects counts
    for (const a of records.activities) for (const f of a.fields) out.push({ unit: a.id, category: f, weight: 1 / a.fields.length });
    return out;
  }
  const activities = new Map(records.activities.map((a) => [a.id, a]));
  const actors = new Map(records.actors.map((a) => [a.id, a]));
  for (const p of records.participations) {
    const a = activities.get(p.activity);
    if (!a || a.fields.length === 0) continue;
    const actor = actors.get(p.actor);
    const unit = by === 'person' ? p.actor : by === 'organisation' ? (p.organisation ?? actor?.organisation) : by === 'region' ? actor?.region : (p.country ?? actor?.country);
    if (!unit) continue;
    for (const f of a.fields) out.push({ unit, category: f, weight: 1 / a.fields.length });
  }
  return out;
}

/** Periods of `window` years from the first dated activity to the last, one every `step` years (default: one after another; fewer: sliding). */
export function periodsOf(records: Records, window: number, step = window): { from: number; to: number; label: string }[] {
  const years = records.activities.map(yearOf).filter((y): y is number => y !== undefined);
  if (years.length === 0) return [];
  const first = Math.min(...years);
  const last = Math.max(...years);
  const out: { from: number; to: number; label: string }[] = [];
  for (let from = first; from <= last; from += step) {
    const to = from + window - 1;
    out.push({ from, to, label: window === 1 ? String(from) : `${from}-${to}` });
    if (to >= last) break;
  }
  return out;
}

/** A graph as records: each tie one shared activity of its two ends (no dates, places or fields). */
export function recordsFromGraph(g: Graph): Records {
  const activities: Activity[] = [];
  const participations: Participation[] = [];
  for (let i = 0; i < g.n; i++)
    for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++) {
      const j = g.targets[k];
      if (j < i) continue;
      const id = `tie ${activities.length + 1}`;
      activities.push({ id, type: 'other', keywords: [], fields: [] });
      participations.push({ activity: id, actor: g.ids[i], role: '' }, { activity: id, actor: g.ids[j], role: '' });
    }
  return { actors: g.ids.map((id) => ({ id, kind: 'person', name: id, disciplines: [] })), activities, participations };
}

/** Records of several sources in one: an activity already seen is skipped (exports overlap); actors merge by id, the first value of each field kept. */
export function mergeRecords(all: Records[]): { records: Records; skipped: number } {
  const actors = new Map<string, Actor>();
  const activities = new Map<string, Activity>();
  const participations: Participation[] = [];
  let skipped = 0;
  for (const r of all) {
    const fresh = new Set<string>();
    for (const a of r.activities) {
      if (activities.has(a.id)) skipped++;
      else {
        activities.set(a.id, a);
        fresh.add(a.id);
      }
    }
    for (const p of r.participations) if (fresh.has(p.activity)) participations.push(p);
    for (const a of r.actors) {
      const known = actors.get(a.id);
      if (known) actors.set(a.id, { ...a, ...Object.fromEntries(Object.entries(known).filter(([, v]) => v !== undefined)) } as Actor);
      else actors.set(a.id, a);
    }
  }
  const used = new Set(participations.map((p) => p.actor));
  return { records: { actors: [...actors.values()].filter((a) => used.has(a.id)), activities: [...activities.values()], participations }, skipped };
}
