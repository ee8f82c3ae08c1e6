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
  authors: Authorship[];
  keywords: string[];
  fields: string[];
  file: string;
  line: number;
}

/** "https://doi.org/10.1002/JCC.20289" → "10.1002/jcc.20289"; undefined when it is not a DOI. */
export function normaliseDoi(text: string | undefined | null): string | undefined {
  const m = /(10\.\d{4,9}\/\S+)/.exec((text ?? '').trim());
  return m ? m[1].replace(/[.,;]+$/, '').toLowerCase() : undefined;
}

/** ";"-separated list, trimmed, empty parts left out. */
export const splitList = (s: string | undefined) => (s ?? '').split(';').map((x) => x.trim()).filter(Boolean);
