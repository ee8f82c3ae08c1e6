/**
 * Term maps from titles and abstracts, as VOSviewer makes them (van Eck & Waltman 2011, "Text mining and
 * visualization using VOSviewer", ISSI Newsletter 7(3); van Eck et al. 2010, Scientometrics 82:581–596):
 * 1. each document's candidate terms are its noun phrases (noun-phrases.ts), counted once per document (binary
 *    counting, VOSviewer's default) after the thesaurus;
 * 2. terms in fewer than `minOccurrences` documents are left out (VOSviewer's default 10);
 * 3. each remaining term gets a relevance score, and the `relevantShare` most relevant are kept (default 60%).
 *    General terms ("study", "paper", "new method") co-occur evenly with all others; specific ones with a few.
 *    Relevance is the Kullback–Leibler divergence of a term's co-occurrences from everyone's:
 *      r_i = Σ_j p_ij ln(p_ij / q_j),  p_ij = c_ij / c_i,  q_j = c_j / Σ_k c_k,
 *    with c_ij the documents holding both terms and c_i = Σ_j c_ij. VOSviewer compares second-order co-occurrences,
 *    whose exact form it does not publish; this is the first-order form of the same idea;
 * 4. the kept terms are tied by co-occurrence in documents (full, fractional or association counting).
 */
import { coOccurrence, type CoOccurrenceCounting } from './co-occurrence.js';
import type { Graph } from './graph.js';
import { distinctLabels, type Thesaurus } from './keywords.js';
import { incidence, type Activity } from './records.js';

export interface TermOptions {
  /** Keep terms in at least this many documents (VOSviewer's default 10). */
  minOccurrences?: number;
  /** The share of terms kept, most relevant first (VOSviewer's default 0.6); 1 keeps all. */
  relevantShare?: number;
  thesaurus?: Thesaurus;
  counting?: CoOccurrenceCounting;
}

export const DEFAULT_TERM_OCCURRENCES = 10;
export const DEFAULT_RELEVANT_SHARE = 0.6;

export interface TermSelection {
  /** Each document's kept terms, distinct. */
  documents: string[][];
  /** Every candidate that met the minimum occurrences: documents holding it, relevance, and whether it was kept. */
  terms: { term: string; occurrences: number; relevance: number; kept: boolean }[];
}

export const TERM_SOURCES = ['title', 'abstract', 'both'] as const;
export type TermSource = (typeof TERM_SOURCES)[number];

/** The text a document's terms are read from: its title, its abstract, or both (VOSviewer's "title and abstract fields"). */
export function termText(a: Activity, from: TermSource = 'both'): string {
  const title = a.title && sentenceCase(a.title);
  const parts = from === 'title' ? [title] : from === 'abstract' ? [a.abstract] : [title, a.abstract];
  return parts.filter(Boolean).map((p) => p!.replace(/[.\s]*$/, '.')).join(' ');
}

/**
 * A title in Title Case or CAPITALS in lower case, so the tagger reads its words as words, not names ("Bibliometric
 * Applications in Libraries" → "bibliometric applications in libraries"); other titles unchanged.
 */
export function sentenceCase(title: string): string {
  const words = title.split(/\s+/).filter((w) => /^\p{L}{4,}/u.test(w));
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return words.length >= 2 && capitalised / words.length >= 0.7 ? title.toLowerCase() : title;
}

/** Each document's distinct terms, through the thesaurus (a term mapped to '' is dropped). */
export function documentTerms(phrases: readonly (readonly string[])[], thesaurus?: Thesaurus): string[][] {
  return phrases.map((list) => distinctLabels(list, thesaurus));
}

/** Relevance of each node of a co-occurrence graph (the formula above); 0 for a node tied to none. */
export function termRelevance(g: Graph): Float64Array {
  const strength = new Float64Array(g.n);
  let total = 0;
  for (let i = 0; i < g.n; i++) {
    for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++) strength[i] += g.weights[k];
    total += strength[i];
  }
  const out = new Float64Array(g.n);
  for (let i = 0; i < g.n; i++) {
    if (strength[i] === 0) continue;
    let r = 0;
    for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++) {
      const p = g.weights[k] / strength[i];
      r += p * Math.log(p / (strength[g.targets[k]] / total));
    }
    out[i] = r;
  }
  return out;
}

/** Steps 1–3: the terms kept and each document's kept terms. */
export function selectTerms(phrases: readonly (readonly string[])[], options: TermOptions = {}): TermSelection {
  const min = options.minOccurrences ?? DEFAULT_TERM_OCCURRENCES;
  const share = options.relevantShare ?? DEFAULT_RELEVANT_SHARE;
  const docs = documentTerms(phrases, options.thesaurus);
  const occurrences = new Map<string, number>();
  for (const d of docs) for (const t of d) occurrences.set(t, (occurrences.get(t) ?? 0) + 1);
  const frequent = docs.map((d) => d.filter((t) => occurrences.get(t)! >= min));
  const g = coOccurrence(incidence(frequent), 'full');
  const relevance = termRelevance(g);
  const order = [...g.ids.keys()].sort((a, b) => relevance[b] - relevance[a] || (g.ids[a] < g.ids[b] ? -1 : 1));
  const keep = new Set(order.slice(0, Math.ceil(share * g.n)).map((i) => g.ids[i]));
  return {
    documents: frequent.map((d) => d.filter((t) => keep.has(t))),
    terms: order.map((i) => ({ term: g.ids[i], occurrences: occurrences.get(g.ids[i])!, relevance: relevance[i], kept: keep.has(g.ids[i]) })),
  };
}

/** The term map: the kept terms tied by the documents holding both. */
export function termCooccurrence(phrases: readonly (readonly string[])[], options: TermOptions = {}): Graph {
  return coOccurrence(incidence(selectTerms(phrases, options).documents), options.counting ?? 'full');
}
