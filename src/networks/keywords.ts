/**
 * Keyword co-occurrence (Callon et al. 1983; bibliometrix's biblioNetwork "co-occurrences"; VOSviewer's co-occurrence
 * map): keywords tied by the documents that carry both. Keywords are compared in lower case with runs of spaces as
 * one; a thesaurus merges synonyms or drops terms, and a minimum number of occurrences keeps the frequent ones.
 */
import { coOccurrence, type CoOccurrenceCounting } from './co-occurrence.js';
import type { Graph } from './graph.js';
import { incidence, type Activity, type Records } from './records.js';

export const KEYWORD_KINDS = ['author', 'index', 'all'] as const;
export type KeywordKind = (typeof KEYWORD_KINDS)[number];

/** Synonyms: term (lower case) → the term it becomes (as written), or '' to drop it (VOSviewer's thesaurus file: label, replace by). */
export type Thesaurus = ReadonlyMap<string, string>;

export interface KeywordOptions {
  kind?: KeywordKind;
  thesaurus?: Thesaurus;
  /** Keep keywords in at least this many documents (VOSviewer's "minimum number of occurrences of a keyword"). */
  minOccurrences?: number;
  counting?: CoOccurrenceCounting;
  activities?: readonly Activity[];
}

export const normaliseKeyword = (k: string) => k.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

/** A list's distinct labels, normalised and through the thesaurus (a label mapped to '' is dropped): keywords and terms alike. */
export function distinctLabels(list: readonly string[], thesaurus?: Thesaurus): string[] {
  const out = new Set<string>();
  for (const k of list) {
    let t = normaliseKeyword(k);
    if (thesaurus?.has(t)) t = normaliseKeyword(thesaurus.get(t)!);
    if (t) out.add(t);
  }
  return [...out];
}

/** Each document's distinct keywords of a kind, normalised and through the thesaurus. */
export function documentKeywords(activities: readonly Activity[], kind: KeywordKind = 'author', thesaurus?: Thesaurus): string[][] {
  return activities.map((a) => distinctLabels(kind === 'author' ? (a.authorKeywords ?? (a.indexKeywords ? [] : a.keywords)) : kind === 'index' ? (a.indexKeywords ?? []) : a.keywords, thesaurus));
}

/** Occurrences: the number of documents carrying each keyword. */
export function keywordOccurrences(groups: readonly (readonly string[])[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const g of groups) for (const k of g) n.set(k, (n.get(k) ?? 0) + 1);
  return n;
}

export function keywordCooccurrence(records: Records, options: KeywordOptions = {}): Graph {
  let groups = documentKeywords(options.activities ?? records.activities, options.kind, options.thesaurus);
  const min = options.minOccurrences ?? 1;
  if (min > 1) {
    const n = keywordOccurrences(groups);
    groups = groups.map((g) => g.filter((k) => n.get(k)! >= min));
  }
  return coOccurrence(incidence(groups), options.counting ?? 'full');
}
