/**
 * Citation maps of imported records (bibliometrix's biblioNetwork; VOSviewer's citation, co-citation and bibliographic
 * coupling maps): co-citation of cited references, bibliographic coupling of documents, authors, sources,
 * organisations and countries, and direct citation among the records.
 *
 * References are matched by DOI; else by first author, year, volume and first page (robust to the source's name, which
 * Web of Science abbreviates one way and Scopus another); else by first author, year and source. A reference without a
 * DOI takes the DOI of another reference with its author, year, volume and page, or, when that is the only work with a
 * DOI of that author, year and source, with its author, year and source (a reference written "LINDSEY D, 1978, SOC
 * STUD SCI, V83" is then Lindsey's 1978 paper in V8, P349), so the two are one.
 */
import { coOccurrence, type CoOccurrenceCounting } from './co-occurrence.js';
import { fromIndexedEdges, type Graph } from './graph.js';
import { incidence, yearOf, type Activity, type Records } from './records.js';
import { formatReference, parseReference, referenceLabel, type CitedReference } from './references.js';

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, '').replace(/\s+/g, ' ').trim();

function avpKey(r: CitedReference): string | undefined {
  return r.author && r.year && r.volume && r.page ? `${fold(r.author)}|${r.year}|v${fold(r.volume)}|p${fold(r.page)}` : undefined;
}

function aysKey(r: CitedReference): string | undefined {
  return r.author && r.year && r.source ? `${fold(r.author)}|${r.year}|${fold(r.source)}` : undefined;
}

/** Each document's references as match keys, and each key's label (its most frequent form, without the DOI). */
export function citedKeys(records: Records, activities: readonly Activity[] = records.activities): { keys: string[][]; label: Map<string, string> } {
  const parsed = activities.map((a) => (a.references ?? []).map((text) => ({ text, r: /^(openalex|lens):/.test(text) ? undefined : parseReference(text) })));
  // references with a DOI lend it to those without that share their author, year, volume and page (or, when only
  // one work of that author, year and source has a DOI, their author, year and source)
  const dois = new Map<string, Set<string>>();
  for (const list of parsed) {
    for (const { r } of list) {
      if (!r?.doi) continue;
      for (const k of [avpKey(r), aysKey(r)]) if (k) (dois.get(k) ?? dois.set(k, new Set()).get(k)!).add(r.doi);
    }
  }
  const doiOf = new Map<string, string>();
  for (const [k, set] of dois) if (set.size === 1) doiOf.set(k, [...set][0]);
  const forms = new Map<string, Map<string, number>>();
  const keys = parsed.map((list) => {
    const out = new Set<string>();
    for (const { text, r } of list) {
      let key: string;
      if (!r) key = text;
      else {
        const avp = avpKey(r);
        const ays = aysKey(r);
        const doi = r.doi ?? (avp && doiOf.get(avp)) ?? (ays && doiOf.get(ays));
        key = doi ? `doi:${doi}` : (avp ?? ays ?? fold(text));
      }
      out.add(key);
      let f = forms.get(key);
      if (!f) forms.set(key, (f = new Map()));
      const l = referenceLabel(text);
      f.set(l, (f.get(l) ?? 0) + 1);
    }
    return [...out];
  });
  const label = new Map<string, string>();
  const used = new Map<string, number>();
  for (const [key, f] of forms) {
    let best = '';
    let n = -1;
    for (const [l, c] of f) if (c > n || (c === n && l.length > best.length)) [best, n] = [l, c];
    // two works with one label (two "SMITH J, 2010" without volume or page) are told apart by their keys
    const k = used.get(best) ?? 0;
    used.set(best, k + 1);
    label.set(key, k === 0 ? best : `${best} [${key}]`);
  }
  return { keys, label };
}

/** The keys by which each record itself can be cited: its DOI, its id (OpenAlex, Lens), its first author, year, volume and page. */
export function ownKeys(records: Records): Map<string, string[]> {
  const first = new Map<string, string>();
  const names = new Map(records.actors.map((a) => [a.id, a.name]));
  for (const p of records.participations) if (!first.has(p.activity)) first.set(p.activity, names.get(p.actor) ?? p.actor);
  const out = new Map<string, string[]>();
  for (const a of records.activities) {
    const keys: string[] = [];
    if (a.doi) keys.push(`doi:${a.doi}`);
    keys.push(/^lens:/.test(a.id) ? a.id : `openalex:${a.id}`);
    const author = first.get(a.id);
    const year = yearOf(a);
    if (author && year !== undefined) {
      const [family, given = ''] = author.split(',').map((x) => x.trim());
      const initials = given.split(/[\s.\-]+/).filter(Boolean).map((w) => (/^\p{Lu}+$/u.test(w) ? w : w[0])).join('');
      const r = parseReference(formatReference({ author: `${family} ${initials}`, year: String(year), ...(a.volume && { volume: a.volume }), ...(a.page && { page: a.page }), ...(a.source && { source: a.source }) }));
      const avp = avpKey(r);
      if (avp) keys.push(avp);
    }
    out.set(a.id, keys);
  }
  return out;
}

export interface CitationOptions {
  counting?: CoOccurrenceCounting;
  /** Keep only references cited at least this many times (co-citation; VOSviewer's "minimum number of citations of a cited reference"). */
  minCitations?: number;
  /** The activities to use (a period, a type): default all. */
  activities?: readonly Activity[];
}

/** Co-citation: references tied by the documents that cite both (Small 1973; Marshakova 1973). Nodes are the references' labels. */
export function coCitation(records: Records, options: CitationOptions = {}): Graph {
  const { keys, label } = citedKeys(records, options.activities);
  const min = options.minCitations ?? 1;
  let groups = keys;
  if (min > 1) {
    const cites = new Map<string, number>();
    for (const list of keys) for (const k of list) cites.set(k, (cites.get(k) ?? 0) + 1);
    groups = keys.map((list) => list.filter((k) => cites.get(k)! >= min));
  }
  const g = coOccurrence(incidence(groups), options.counting ?? 'full');
  return { ...g, ids: g.ids.map((k) => label.get(k) ?? k) };
}

export const COUPLING_UNITS = ['document', 'person', 'source', 'organisation', 'country'] as const;
export type CouplingUnit = (typeof COUPLING_UNITS)[number];

/**
 * Bibliographic coupling (Kessler 1963): units tied by the references their documents share. For documents, the number
 * of shared references; for authors, sources, organisations and countries, as bibliometrix's biblioNetwork
 * ("coupling"): Σ_r n_ar n_br, n_ar the unit's documents citing r.
 */
export function coupling(records: Records, unit: CouplingUnit, options: CitationOptions = {}): Graph {
  const activities = options.activities ?? records.activities;
  const { keys } = citedKeys(records, activities);
  const unitsOf = documentUnits(records, unit);
  const byRef = new Map<string, string[]>();
  activities.forEach((a, i) => {
    for (const k of keys[i]) {
      let list = byRef.get(k);
      if (!list) byRef.set(k, (list = []));
      list.push(...(unitsOf.get(a.id) ?? []));
    }
  });
  return coOccurrence(incidence([...byRef.values()]), options.counting ?? 'full');
}

/** Each document's units of a kind: itself, its authors, its source, its authors' organisations or countries (distinct). */
function documentUnits(records: Records, unit: CouplingUnit): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (unit === 'document' || unit === 'source') {
    for (const a of records.activities) out.set(a.id, unit === 'document' ? [a.id] : a.source ? [a.source] : []);
    return out;
  }
  const actors = new Map(records.actors.map((a) => [a.id, a]));
  const sets = new Map<string, Set<string>>();
  for (const p of records.participations) {
    const v = unit === 'person' ? p.actor : unit === 'organisation' ? (p.organisation ?? actors.get(p.actor)?.organisation) : (p.country ?? actors.get(p.actor)?.country);
    if (!v) continue;
    let s = sets.get(p.activity);
    if (!s) sets.set(p.activity, (s = new Set()));
    s.add(v);
  }
  for (const [k, s] of sets) out.set(k, [...s]);
  return out;
}

/** Local citations (bibliometrix localCitations, "LCS"): how many of the records cite each record. */
export function localCitations(records: Records, activities: readonly Activity[] = records.activities): Map<string, number> {
  const own = ownKeys(records);
  const byKey = new Map<string, string>();
  for (const a of activities) for (const k of own.get(a.id) ?? []) if (!byKey.has(k)) byKey.set(k, a.id);
  const { keys } = citedKeys(records, activities);
  const out = new Map<string, number>(activities.map((a) => [a.id, 0]));
  keys.forEach((list, i) => {
    const cited = new Set<string>();
    for (const k of list) {
      const id = byKey.get(k);
      if (id !== undefined && id !== activities[i].id) cited.add(id);
    }
    for (const id of cited) out.set(id, out.get(id)! + 1);
  });
  return out;
}

/** Direct citation among the records (Garfield 1955): a tie where one record cites another, by DOI, id, or first author, year, volume and page. */
export function directCitation(records: Records, options: CitationOptions = {}): Graph {
  const activities = options.activities ?? records.activities;
  const own = ownKeys(records);
  const byKey = new Map<string, number>();
  activities.forEach((a, i) => {
    for (const k of own.get(a.id) ?? []) if (!byKey.has(k)) byKey.set(k, i);
  });
  const { keys } = citedKeys(records, activities);
  const src: number[] = [];
  const dst: number[] = [];
  keys.forEach((list, i) => {
    const cited = new Set<number>();
    for (const k of list) {
      const j = byKey.get(k);
      if (j !== undefined && j !== i) cited.add(j);
    }
    for (const j of cited) {
      src.push(i);
      dst.push(j);
    }
  });
  return fromIndexedEdges(activities.map((a) => a.id), Int32Array.from(src), Int32Array.from(dst), new Float64Array(src.length).fill(1)).graph;
}
