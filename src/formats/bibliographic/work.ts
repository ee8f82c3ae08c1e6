/** A bibliographic record as the importers read it, before its authors are resolved into people (authors.ts). */

/** The author identifiers a database gives, strongest first. */
export const AUTHOR_ID_KINDS = ['orcid', 'researcherid', 'scopus', 'openalex'] as const;
export type AuthorIdKind = (typeof AUTHOR_ID_KINDS)[number];

/** One author of one work: the name as written (family name first) and what the record says of them there. */
export interface Authorship {
  name: string;
  ids: Partial<Record<AuthorIdKind, string>>;
  organisation?: string;
  country?: string;
  /** The organisation's kind (OpenAlex institution types). */
  organisationType?: string;
}

export interface Work {
  id: string;
  /** Normalised DOI ("10.1002/jcc.20289"), for de-duplication across databases. */
  doi?: string;
  year?: string;
  title?: string;
  abstract?: string;
  authors: Authorship[];
  /** All keywords; and by kind, the authors' own and the database's (Keywords Plus, index terms). */
  keywords: string[];
  authorKeywords?: string[];
  indexKeywords?: string[];
  fields: string[];
  source?: string;
  volume?: string;
  page?: string;
  citedBy?: number;
  /** Cited references in one layout (references.ts). */
  references?: string[];
  file: string;
  line: number;
}

/** The bibliographic details of a work that its activity keeps. */
export function details(w: Work): Partial<Pick<Work, 'doi' | 'abstract' | 'source' | 'volume' | 'page' | 'citedBy' | 'references' | 'authorKeywords' | 'indexKeywords'>> {
  const out: Partial<Pick<Work, 'doi' | 'abstract' | 'source' | 'volume' | 'page' | 'citedBy' | 'references' | 'authorKeywords' | 'indexKeywords'>> = {};
  if (w.doi) out.doi = w.doi;
  if (w.abstract) out.abstract = w.abstract;
  if (w.source) out.source = w.source;
  if (w.volume) out.volume = w.volume;
  if (w.page) out.page = w.page;
  if (w.citedBy !== undefined && Number.isFinite(w.citedBy)) out.citedBy = w.citedBy;
  if (w.references?.length) out.references = w.references;
  if (w.authorKeywords?.length) out.authorKeywords = w.authorKeywords;
  if (w.indexKeywords?.length) out.indexKeywords = w.indexKeywords;
  return out;
}

/** A whole number from a field ("12", "cited By 12"), or undefined. */
export function count(text: string | undefined): number | undefined {
  const m = /(\d+)/.exec(text ?? '');
  return m ? Number(m[1]) : undefined;
}

/** The first page of "2255-2260", "e1234", "959". */
export const firstPage = (text: string | undefined) => (text ?? '').trim().split(/[-–]/)[0].trim() || undefined;

export { normaliseDoi } from '../../networks/references.js';

/** An abstract as the work keeps it: absent when the database says there is none ("[No abstract available]"). */
export function abstractOf(text: string | undefined): { abstract?: string } {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  return t && !/^\[?no abstract available\]?\.?$/i.test(t) ? { abstract: t } : {};
}

/** ";"-separated list, trimmed, empty parts left out. */
export const splitList = (s: string | undefined) => (s ?? '').split(';').map((x) => x.trim()).filter(Boolean);
