/**
 * The networks of imported records, one graph model for all: collaboration (the projection of who took part in
 * what, at a level), co-citation, bibliographic coupling, direct citation, keyword co-occurrence, term maps and the
 * co-classification of subject fields. Every graph
 * command (metrics, communities, brokerage, export, themes) takes any of them.
 */
import { citedAtLeast, citedReferences, coCitation, coupling, directCitation, type CouplingUnit } from './citation.js';
import { withMinWeight, type Graph } from './graph.js';
import { documentKeywords, keywordCooccurrence, keywordOccurrences, type KeywordKind, type Thesaurus } from './keywords.js';
import { DEFAULT_TERM_OCCURRENCES, selectTerms, termCooccurrence } from './terms.js';
import { coOccurrence } from './co-occurrence.js';
import { activityUnits, incidence, keptActivities, project, unitsOfActivities, type ProjectionOptions, type Records } from './records.js';

export const MAPS = ['collaboration', 'cocitation', 'coupling', 'citation', 'keywords', 'terms', 'fields'] as const;
export type MapKind = (typeof MAPS)[number];

export interface MapOptions extends ProjectionOptions {
  map?: MapKind;
  /** coupling: the units coupled (default documents). */
  unit?: CouplingUnit;
  /** keywords: which keywords (default the authors'), synonyms, and the minimum occurrences. */
  keywords?: KeywordKind;
  thesaurus?: Thesaurus;
  minOccurrences?: number;
  /** cocitation: the minimum citations of a reference. */
  minCitations?: number;
  /** terms: each activity's noun phrases (noun-phrases.ts, run by the caller, as it loads a language model), and the share of terms kept by relevance. */
  termPhrases?: ReadonlyMap<string, readonly string[]>;
  relevantShare?: number;
}

/** The term options of a map: its phrases per kept activity and the selection settings. */
function termInput(activities: readonly { id: string }[], options: MapOptions) {
  const phrases = activities.map((a) => options.termPhrases?.get(a.id) ?? []);
  return { phrases, options: { minOccurrences: options.minOccurrences ?? DEFAULT_TERM_OCCURRENCES, ...(options.relevantShare !== undefined && { relevantShare: options.relevantShare }), ...(options.thesaurus && { thesaurus: options.thesaurus }), counting: options.weighting ?? 'full' } };
}

export function mapGraph(records: Records, options: MapOptions = {}): Graph {
  const map = options.map ?? 'collaboration';
  if (map === 'collaboration') return project(records, options);
  // citation and keyword maps count documents, so the author cap does not apply
  const activities = keptActivities(records, { ...options, maxParticipants: undefined });
  const counting = options.weighting ?? 'full';
  let g: Graph;
  const minWeight = options.minWeight ?? 0;
  if (map === 'cocitation') g = coCitation(records, { activities, counting, minWeight, ...(options.minCitations !== undefined && { minCitations: options.minCitations }) });
  else if (map === 'coupling') g = coupling(records, options.unit ?? 'document', { activities, counting, minWeight });
  else if (map === 'citation') g = directCitation(records, { activities });
  else if (map === 'terms') {
    const t = termInput(activities, options);
    g = termCooccurrence(t.phrases, t.options);
  } else if (map === 'fields') g = coOccurrence(incidence(activityFields(activities)), counting, minWeight);
  else g = keywordCooccurrence(records, { activities, counting, kind: options.keywords ?? 'author', ...(options.thesaurus && { thesaurus: options.thesaurus }), ...(options.minOccurrences !== undefined && { minOccurrences: options.minOccurrences }) });
  return options.minWeight ? withMinWeight(g, options.minWeight) : g;
}

/**
 * Each activity's distinct subject fields: a grant's subjects, a paper's research areas. Two fields on one activity
 * co-classify it; over many activities their co-occurrence is the science map of the fields (Leydesdorff & Rafols
 * 2009), and interdisciplinarity is read from how activities span it.
 */
function activityFields(activities: readonly { fields: readonly string[] }[]): string[][] {
  return activities.map((a) => [...new Set(a.fields)]);
}

/** A map's nodes in words, for messages ("cited references", "documents"…). */
export function mapNodes(options: MapOptions): string {
  switch (options.map ?? 'collaboration') {
    case 'collaboration':
      return `${options.level ?? 'person'}`;
    case 'cocitation':
      return 'cited-reference';
    case 'coupling':
      return `${options.unit ?? 'document'} coupling`;
    case 'citation':
      return 'document citation';
    case 'keywords':
      return `${options.keywords ?? 'author'}-keyword`;
    case 'terms':
      return 'term';
    case 'fields':
      return 'subject-field co-classification';
  }
}

/**
 * Each node's documents in a map (VOSviewer's "Documents" weight): the activities a unit took part in, the citations
 * of a cited reference, the documents carrying a keyword; for coupling, the coupled units' documents.
 */
export function mapDocuments(records: Records, options: MapOptions = {}): Map<string, number> {
  const out = new Map<string, number>();
  const add = (k: string) => out.set(k, (out.get(k) ?? 0) + 1);
  const map = options.map ?? 'collaboration';
  const activities = keptActivities(records, map === 'collaboration' ? options : { ...options, maxParticipants: undefined });
  if (map === 'collaboration') for (const { units } of activityUnits(records, options)) units.forEach(add);
  else if (map === 'cocitation') {
    // labelled as coCitation labels its nodes: the references cited often enough, in key order
    const inc = citedReferences(activities, { labels: false });
    const { kept, cites } = citedAtLeast(inc, options.minCitations ?? 1);
    inc.labelsOf(kept).forEach((label, x) => out.set(label, cites[kept[x]]));
  } else if (map === 'keywords') {
    for (const [k, n] of keywordOccurrences(documentKeywords(activities, options.keywords ?? 'author', options.thesaurus))) out.set(k, n);
  } else if (map === 'terms') {
    const t = termInput(activities, options);
    for (const term of selectTerms(t.phrases, t.options).terms) if (term.kept) out.set(term.term, term.occurrences);
  } else if (map === 'fields') {
    for (const [k, n] of keywordOccurrences(activityFields(activities))) out.set(k, n);
  } else if (map === 'citation') for (const a of activities) out.set(a.id, 1);
  else for (const units of unitsOfActivities(records, activities, options.unit ?? 'document').values()) units.forEach(add);
  return out;
}
