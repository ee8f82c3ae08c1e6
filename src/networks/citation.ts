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
import { coOccurrence, type CoOccurrenceCounting, type Incidence } from './co-occurrence.js';
import { fromIndexedEdges, type Graph } from './graph.js';
import { unitsOfActivities, yearOf, type Activity, type DocumentUnit, type Records } from './records.js';
import { formatReference, parseReference, type CitedReference } from './references.js';

/** References are stored folded (no accents) and in upper case: keys need only lower case without punctuation. */
const fold = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, '').replace(/ {2,}/g, ' ').trim();

/** References are stored in one layout (upper case, folded), so author, volume and page compare as written. */
function avpKey(r: CitedReference): string | undefined {
  return r.author && r.year && r.volume && r.page ? `${r.author.toLowerCase()}|${r.year}|v${r.volume.toLowerCase()}|p${r.page.toLowerCase()}` : undefined;
}

function aysKey(r: CitedReference): string | undefined {
  return r.author && r.year && r.source ? `${fold(r.author)}|${r.year}|${fold(r.source)}` : undefined;
}

/**
 * The documents' references matched: each document's distinct references as numbers (references[i] their names:
 * the match key's most frequent form, without the DOI), in compressed rows, an incidence for the co-occurrence kernel.
 * Each distinct reference string is parsed once. Without `labels` (coupling, which names documents, not references),
 * the ids are the match keys and no label is made.
 */
export function citedReferences(activities: readonly Activity[], { labels = true }: { labels?: boolean } = {}): Incidence & { keyOf: string[]; labelsOf: (keys: ArrayLike<number>) => string[] } {
  // distinct texts, and how often each is written; each document's texts in one flat array
  const textIndex = new Map<string, number>();
  const texts: string[] = [];
  let textCount = new Int32Array(1024);
  let total = 0;
  for (const a of activities) total += a.references?.length ?? 0;
  const docStart = new Int32Array(activities.length + 1);
  const docTexts = new Int32Array(total);
  let e = 0;
  activities.forEach((a, d) => {
    for (const text of a.references ?? []) {
      let t = textIndex.get(text);
      if (t === undefined) {
        t = texts.push(text) - 1;
        textIndex.set(text, t);
        if (t === textCount.length) {
          const grown = new Int32Array(t * 2);
          grown.set(textCount);
          textCount = grown;
        }
      }
      textCount[t]++;
      docTexts[e++] = t;
    }
    docStart[d + 1] = e;
  });
  const parsed = texts.map((text) => (/^(openalex|lens):/.test(text) ? undefined : parseReference(text)));
  // references with a DOI lend it to those without that share their author, year, volume and page (or, when only
  // one work of that author, year and source has a DOI, their author, year and source)
  const avp = parsed.map((r) => (r ? avpKey(r) : undefined));
  // the author-year-source key, made only where it is used: to lend a DOI, or as the key of a reference without volume and page
  const ays = new Array<string | undefined>(texts.length);
  const dois = new Map<string, Set<string>>();
  parsed.forEach((r, t) => {
    if (!r?.doi) return;
    ays[t] = aysKey(r);
    for (const k of [avp[t], ays[t]]) if (k) (dois.get(k) ?? dois.set(k, new Set()).get(k)!).add(r.doi);
  });
  const doiOf = new Map<string, string>();
  for (const [k, set] of dois) if (set.size === 1) doiOf.set(k, [...set][0]);
  const lendsBySource = [...doiOf.keys()].some((k) => !k.includes('|v'));
  parsed.forEach((r, t) => {
    if (r && ays[t] === undefined && (lendsBySource || !avp[t])) ays[t] = aysKey(r);
  });
  // each distinct text's key, numbered; each key's most written text gives its label
  const keyIndex = new Map<string, number>();
  const keyOf: string[] = [];
  const best: number[] = [];
  const textKey = Int32Array.from(texts, (text, t) => {
    const r = parsed[t];
    let key: string;
    if (!r) key = text;
    else {
      const doi = r.doi ?? (avp[t] && doiOf.get(avp[t]!)) ?? (ays[t] && doiOf.get(ays[t]!));
      key = doi ? `doi:${doi}` : (avp[t] ?? ays[t] ?? fold(text));
    }
    let k = keyIndex.get(key);
    if (k === undefined) {
      k = keyOf.push(key) - 1;
      keyIndex.set(key, k);
      best.push(t);
    } else if (textCount[t] > textCount[best[k]] || (textCount[t] === textCount[best[k]] && text.length > texts[best[k]].length)) best[k] = t;
    return k;
  });
  /** The labels of some references: each one's most written form without its DOI; two works with one label (two
   * "SMITH J, 2010" without volume or page) are told apart by their keys. */
  const labelsOf = (keys: ArrayLike<number>): string[] => {
    const out: string[] = [];
    const used = new Map<string, number>();
    for (let x = 0; x < keys.length; x++) {
      const k = keys[x];
      const r = parsed[best[k]];
      const l = r ? formatReference({ ...r, doi: undefined }) : texts[best[k]];
      const n = used.get(l) ?? 0;
      used.set(l, n + 1);
      out.push(n === 0 ? l : `${l} [${keyOf[k]}]`);
    }
    return out;
  };
  const ids = labels ? labelsOf(Int32Array.from(keyOf, (_, k) => k)) : keyOf;
  const offsets = new Int32Array(activities.length + 1);
  const units = new Int32Array(total);
  const seen = new Int32Array(keyOf.length).fill(-1);
  let u = 0;
  for (let d = 0; d < activities.length; d++) {
    for (let x = docStart[d]; x < docStart[d + 1]; x++) {
      const k = textKey[docTexts[x]];
      if (seen[k] === d) continue;
      seen[k] = d;
      units[u++] = k;
    }
    offsets[d + 1] = u;
  }
  return { ids, offsets, units: units.slice(0, u), keyOf, labelsOf };
}

/** Each document's references as match keys. */
export function citedKeys(activities: readonly Activity[]): string[][] {
  const inc = citedReferences(activities, { labels: false });
  return activities.map((_, d) => Array.from(inc.units.subarray(inc.offsets[d], inc.offsets[d + 1]), (k) => inc.keyOf[k]));
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
  /** Ties lighter than this are dropped while the map is made (full or fractional counts; not with association). */
  minWeight?: number;
}

/** The references (numbers of an incidence of citedReferences) cited by at least `min` documents, in order, and every reference's citations. */
export function citedAtLeast(inc: Incidence, min: number): { kept: number[]; cites: Int32Array } {
  const cites = new Int32Array(inc.ids.length);
  for (const k of inc.units) cites[k]++;
  const kept: number[] = [];
  for (let k = 0; k < cites.length; k++) if (cites[k] >= min) kept.push(k);
  return { kept, cites };
}

/** Co-citation: references tied by the documents that cite both (Small 1973; Marshakova 1973). Nodes are the references' labels. */
export function coCitation(records: Records, options: CitationOptions = {}): Graph {
  const min = options.minCitations ?? 1;
  const inc = citedReferences(options.activities ?? records.activities, { labels: min <= 1 });
  const counting = options.counting ?? 'full';
  const minWeight = counting === 'association' ? 0 : (options.minWeight ?? 0);
  if (min <= 1) return coOccurrence(inc, counting, minWeight);
  // only the references cited often enough, renumbered, and only they labelled
  const { kept } = citedAtLeast(inc, min);
  const renumber = new Int32Array(inc.keyOf.length).fill(-1);
  kept.forEach((k, x) => (renumber[k] = x));
  const ids = inc.labelsOf(kept);
  const offsets = new Int32Array(inc.offsets.length);
  const units: number[] = [];
  for (let d = 0; d + 1 < inc.offsets.length; d++) {
    for (let e = inc.offsets[d]; e < inc.offsets[d + 1]; e++) if (renumber[inc.units[e]] >= 0) units.push(renumber[inc.units[e]]);
    offsets[d + 1] = units.length;
  }
  return coOccurrence({ ids, offsets, units: Int32Array.from(units) }, counting, minWeight);
}

export { DOCUMENT_UNITS as COUPLING_UNITS, type DocumentUnit as CouplingUnit } from './records.js';

/**
 * Bibliographic coupling (Kessler 1963): units tied by the references their documents share. For documents, the number
 * of shared references; for authors, sources, organisations and countries, as bibliometrix's biblioNetwork
 * ("coupling"): Σ_r n_ar n_br, n_ar the unit's documents citing r.
 */
export function coupling(records: Records, unit: DocumentUnit, options: CitationOptions = {}): Graph {
  const activities = options.activities ?? records.activities;
  const inc = citedReferences(activities, { labels: false });
  // each document's units, numbered (a document is its own unit)
  let ids: string[];
  let unitStart: Int32Array;
  let unitList: Int32Array;
  if (unit === 'document') {
    ids = activities.map((a) => a.id);
    unitStart = Int32Array.from({ length: activities.length + 1 }, (_, d) => d);
    unitList = Int32Array.from(activities, (_, d) => d);
  } else {
    const of = unitsOfActivities(records, activities, unit);
    const index = new Map<string, number>();
    ids = [];
    const list: number[] = [];
    unitStart = new Int32Array(activities.length + 1);
    activities.forEach((a, d) => {
      for (const u of of.get(a.id) ?? []) {
        let i = index.get(u);
        if (i === undefined) index.set(u, (i = ids.push(u) - 1));
        list.push(i);
      }
      unitStart[d + 1] = list.length;
    });
    unitList = Int32Array.from(list);
  }
  // the transpose: each reference's citing documents' units, a group per reference (a unit repeated counts n_ar times)
  const refs = inc.keyOf.length;
  const offsets = new Int32Array(refs + 1);
  for (let d = 0; d < activities.length; d++) {
    const n = unitStart[d + 1] - unitStart[d];
    for (let e = inc.offsets[d]; e < inc.offsets[d + 1]; e++) offsets[inc.units[e] + 1] += n;
  }
  for (let r = 0; r < refs; r++) offsets[r + 1] += offsets[r];
  const fill = offsets.slice(0, refs);
  const members = new Int32Array(offsets[refs]);
  for (let d = 0; d < activities.length; d++) {
    for (let e = inc.offsets[d]; e < inc.offsets[d + 1]; e++) {
      const r = inc.units[e];
      for (let x = unitStart[d]; x < unitStart[d + 1]; x++) members[fill[r]++] = unitList[x];
    }
  }
  const counting = options.counting ?? 'full';
  return coOccurrence(collapseRepeats({ ids, offsets, units: members }), counting, counting === 'association' ? 0 : (options.minWeight ?? 0));
}

/** An incidence whose groups may name a unit more than once, with each unit once per group and its count. */
function collapseRepeats(inc: Incidence): Incidence {
  const last = new Int32Array(inc.ids.length).fill(-1);
  const at = new Int32Array(inc.ids.length);
  const offsets = new Int32Array(inc.offsets.length);
  const units = new Int32Array(inc.units.length);
  const counts = new Float64Array(inc.units.length);
  let u = 0;
  let repeated = false;
  for (let g = 0; g + 1 < inc.offsets.length; g++) {
    for (let k = inc.offsets[g]; k < inc.offsets[g + 1]; k++) {
      const b = inc.units[k];
      if (last[b] === g) {
        counts[at[b]]++;
        repeated = true;
      } else {
        last[b] = g;
        at[b] = u;
        units[u] = b;
        counts[u++] = 1;
      }
    }
    offsets[g + 1] = u;
  }
  return { ids: inc.ids, offsets, units: units.subarray(0, u), ...(repeated && { counts: counts.subarray(0, u) }) };
}

/** Local citations (bibliometrix localCitations, "LCS"): how many of the records cite each record. */
export function localCitations(records: Records, activities: readonly Activity[] = records.activities): Map<string, number> {
  const own = ownKeys(records);
  const byKey = new Map<string, string>();
  for (const a of activities) for (const k of own.get(a.id) ?? []) if (!byKey.has(k)) byKey.set(k, a.id);
  const keys = citedKeys(activities);
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
  const keys = citedKeys(activities);
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
