/**
 * Bibliographic records → the knowledge-network model (actors, activities, participations). The readers
 * (bibliographic/: Web of Science plain text and BibTeX, Scopus CSV and BibTeX, OpenAlex JSON and CSV, Lens CSV, Dimensions CSV, PubMed,
 * Gateway to Research extracts) give works with their authorships; resolveAuthors (bibliographic/authors.ts) decides
 * who is who across them.
 */
import type { Records } from '../networks/records.js';
import { resolveAuthors } from './bibliographic/authors.js';
import { bibtexEntries, isScopusBibtex } from './bibliographic/bibtex.js';
import { lensCsvWorks, openAlexCsvWorks, openAlexJsonList, openAlexWorks } from './bibliographic/openalex.js';
import { dimensionsCsvWorks } from './bibliographic/dimensions.js';
import { pubmedWorks } from './bibliographic/pubmed.js';
import { scopusBibtexWorks, scopusCsvWorks } from './bibliographic/scopus.js';
import type { Work } from './bibliographic/work.js';
import { wosBibtexWorks, wosTextWorks } from './bibliographic/wos.js';

export { countryOf, organisationOf } from './bibliographic/addresses.js';
export { resolveAuthors, type AuthorReport } from './bibliographic/authors.js';
export { parseGtr } from './bibliographic/gtr.js';
export { compatibleNames, familyFirst, nameKey, personName } from './bibliographic/names.js';
export type { Authorship, Work } from './bibliographic/work.js';
export { dimensionsCsvWorks, lensCsvWorks, openAlexCsvWorks, pubmedWorks, scopusCsvWorks, wosTextWorks };

/** The works of a BibTeX file: a Scopus export (source={Scopus}) or a Web of Science one. */
export function bibtexWorks(text: string, file: string): { works: Work[]; source: 'scopus' | 'wos' } {
  const entries = bibtexEntries(text, file);
  return isScopusBibtex(entries) ? { works: scopusBibtexWorks(entries, file), source: 'scopus' } : { works: wosBibtexWorks(entries, file), source: 'wos' };
}

/** The works of an OpenAlex JSON file in any layout. */
export const openAlexJsonWorks = (text: string, file: string) => openAlexWorks(openAlexJsonList(text, file), file);

const records = (works: Work[]): Records => resolveAuthors(works).records;

export const parseWosText = (text: string, file: string) => records(wosTextWorks(text, file));
export const parseBibtex = (text: string, file: string) => records(bibtexWorks(text, file).works);
export const parseScopusCsv = (text: string, file: string) => records(scopusCsvWorks(text, file));
export const parseOpenAlexJson = (text: string, file: string) => records(openAlexJsonWorks(text, file));
export const parseOpenAlexCsv = (text: string, file: string) => records(openAlexCsvWorks(text, file));
export const parseLensCsv = (text: string, file: string) => records(lensCsvWorks(text, file));
export const parseDimensionsCsv = (text: string, file: string) => records(dimensionsCsvWorks(text, file));
export const parsePubmed = (text: string, file: string) => records(pubmedWorks(text, file));
