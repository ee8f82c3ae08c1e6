/**
 * `proximity networks import`: reads each file once (gunzipped when named .gz), tells its format from its
 * name and first line unless one is given, and reads the works of all the bibliographic files together: a paper
 * exported twice (the same DOI or id, from one database or several) is kept once, and the authors of all the works
 * are resolved into people at once (bibliographic/authors.ts). Gateway to Research extracts (projects, subjects,
 * topics, locations) are parsed together; table directories are read as they are. A quality report says what was read.
 */
import { existsSync, statSync } from 'node:fs';
import { UserError } from '../errors.js';
import { countryFromName } from '../countries.js';
import { DEFAULT_MAX_AUTHORS, mergeRecords, overParticipantCap, type Records } from '../networks/records.js';
import { bibtexWorks, dimensionsCsvWorks, lensCsvWorks, openAlexCsvWorks, openAlexJsonWorks, parseGtr, pubmedWorks, resolveAuthors, scopusCsvWorks, wosTextWorks, type AuthorReport, type Work } from './bibliographic.js';
import { DIMENSIONS_PREAMBLE } from './bibliographic/dimensions.js';
import { readText } from './input.js';
import { readTables } from './network-tables.js';

export const IMPORT_FORMATS = ['wos', 'bibtex', 'scopus', 'openalex', 'lens', 'dimensions', 'pubmed', 'gtr', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What each format's file looks like, for a message when the file does not fit the format given. */
const LOOKS: Record<Exclude<ImportFormat, 'csv'>, string> = {
  wos: 'a Web of Science plain-text export starts with "FN" or "PT" lines',
  bibtex: 'a BibTeX file has @article{…} entries',
  scopus: 'a Scopus CSV export has "Authors" and "EID" columns',
  openalex: 'OpenAlex data is JSON (a work, an array, an API page or JSON lines) or a CSV with authorships.author.display_name',
  lens: 'a Lens.org CSV export starts with a "Lens ID" column',
  dimensions: 'a Dimensions CSV export starts with an "About the data" line and has "Publication ID" and "Authors" columns',
  pubmed: 'a PubMed (MEDLINE, .nbib) export starts with "PMID- " lines',
  gtr: 'Gateway to Research extracts have ProjectReference, grantReference or Location columns',
};

/** The format of a file's text, from its name and first line. */
export function detectFormat(file: string, text: string): Exclude<ImportFormat, 'csv'> {
  if (/\.bib(\.gz)?$/i.test(file)) return 'bibtex';
  const head = text.slice(0, 4000).replace(/^\uFEFF/, '');
  const first = head.split('\n')[0];
  if (/^(FN |PT )/.test(head)) return 'wos';
  if (/^PMID- /.test(head.trimStart())) return 'pubmed';
  if (/^"?Authors"?,/.test(first) && /\bEID\b/.test(first)) return 'scopus';
  if (/^"?Lens ID"?,/.test(first)) return 'lens';
  if (DIMENSIONS_PREAMBLE.test(head) || (/"?Publication ID"?,/.test(first) && /\bPubYear\b/.test(first))) return 'dimensions';
  if (/\b(ProjectReference|grantReference)\b/.test(first) || /^"?Location"?,"?Latitude/.test(first)) return 'gtr';
  if (/authorships\.author\.display_name/.test(first) || /^\s*[[{]/.test(head)) return 'openalex';
  if (/^\s*@\w+\s*\{/.test(head)) return 'bibtex';
  throw new UserError(`cannot tell the format; name it with --format (${IMPORT_FORMATS.join(', ')})`, { file });
}

function works(file: string, text: string, format: Exclude<ImportFormat, 'csv' | 'gtr'>): Work[] {
  switch (format) {
    case 'wos':
      return wosTextWorks(text, file);
    case 'scopus':
      return scopusCsvWorks(text, file);
    case 'lens':
      return lensCsvWorks(text, file);
    case 'dimensions':
      return dimensionsCsvWorks(text, file);
    case 'pubmed':
      return pubmedWorks(text, file);
    case 'openalex':
      return /^\s*[[{]/.test(text.replace(/^\uFEFF/, '')) ? openAlexJsonWorks(text, file) : openAlexCsvWorks(text, file);
    case 'bibtex':
      return bibtexWorks(text, file).works;
  }
}

export interface ImportReport {
  files: number;
  /** Works read, and those kept after removing repeats (the same DOI, else the same id). */
  records: number;
  kept: number;
  duplicates: { byDoi: number; byId: number };
  authors?: AuthorReport;
  /** Documents with more authors than VOSviewer's default cap (co-authorship networks leave them out unless --max-authors says otherwise). */
  overAuthorCap: { cap: number; documents: { activity: string; participants: number }[] };
  /** Country names in the addresses that are not countries (as Intl names them): a misread address, or a name to add. */
  unknownCountries: string[];
  /** Warnings in words: low coverage, repeats. */
  warnings: string[];
}

/** Works seen twice (the same DOI, else the same id) kept once: the first file's copy. */
function distinct(all: Work[]): { kept: Work[]; byDoi: number; byId: number } {
  const dois = new Set<string>();
  const ids = new Set<string>();
  const kept: Work[] = [];
  let byDoi = 0;
  let byId = 0;
  for (const w of all) {
    if (w.doi && dois.has(w.doi)) byDoi++;
    else if (ids.has(w.id)) byId++;
    else {
      kept.push(w);
      if (w.doi) dois.add(w.doi);
      ids.add(w.id);
    }
  }
  return { kept, byDoi, byId };
}

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((100 * part) / whole));

/** The warnings a reader needs about what was imported. */
function warningsOf(report: ImportReport): string[] {
  const out: string[] = [];
  const a = report.authors;
  if (a && a.authorships > 0) {
    if (a.withCountry === 0) out.push('no author has a country: country-level networks will be empty (does the export include addresses? Lens CSV has none)');
    else if (percent(a.withCountry, a.authorships) < 50) out.push(`only ${percent(a.withCountry, a.authorships)}% of authorships have a country: country-level results cover part of the data`);
    if (a.withOrganisation === 0) out.push('no author has an organisation: organisation-level networks will be empty');
    else if (percent(a.withOrganisation, a.authorships) < 50) out.push(`only ${percent(a.withOrganisation, a.authorships)}% of authorships have an organisation: organisation-level results cover part of the data`);
  }
  const big = report.overAuthorCap.documents;
  if (big.length > 0) out.push(`${big.length} document(s) have more than ${report.overAuthorCap.cap} authors (the most: ${big[0].activity}, ${big[0].participants}); co-authorship networks leave them out unless --max-authors says otherwise`);
  if (report.unknownCountries.length > 0) out.push(`${report.unknownCountries.length} country name(s) are not countries: ${report.unknownCountries.slice(0, 8).join(', ')}${report.unknownCountries.length > 8 ? ', …' : ''}`);
  const repeats = report.duplicates.byDoi + report.duplicates.byId;
  if (repeats > 0) out.push(`${repeats} record(s) were in more than one file or twice in one (${report.duplicates.byDoi} by DOI, ${report.duplicates.byId} by id) and were kept once`);
  return out;
}

/** The records of all the files (directories are table directories), merged, with a report of what was read. */
export async function importRecords(files: readonly string[], given?: string): Promise<{ records: Records; report: ImportReport }> {
  if (given !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(given)) {
    throw new UserError(`unknown --format "${given}"; supported: ${IMPORT_FORMATS.join(', ')}`, { field: '--format' });
  }
  const tables: Records[] = [];
  const gtr: { file: string; text: string }[] = [];
  const read: Work[] = [];
  for (const file of files) {
    if (given === 'csv' || (given === undefined && existsSync(file) && statSync(file).isDirectory())) {
      tables.push(await readTables(file));
      continue;
    }
    const text = readText(file);
    const format = (given as ImportFormat | undefined) ?? detectFormat(file, text);
    if (format === 'gtr') gtr.push({ file, text });
    else if (format !== 'csv') {
      try {
        read.push(...works(file, text, format));
      } catch (err) {
        // a format given by hand that does not fit: say what the file should look like
        const seen = given !== undefined && err instanceof UserError ? detectFormatOrUndefined(file, text) : format;
        if (seen !== format) {
          throw new UserError(`this is not ${format} data (${LOOKS[format]})${seen ? `; it looks like ${seen}: try --format ${seen}` : ''}`, { file });
        }
        throw err;
      }
    }
  }
  const { kept, byDoi, byId } = distinct(read);
  const all = [...tables];
  let authors: AuthorReport | undefined;
  if (kept.length > 0) {
    const resolved = resolveAuthors(kept);
    authors = resolved.report;
    all.push(resolved.records);
  }
  if (gtr.length) all.push(parseGtr(gtr));
  const { records, skipped } = mergeRecords(all);
  const unknownCountries = [...new Set(records.participations.map((p) => p.country).filter((c): c is string => !!c && countryFromName(c) === undefined))].sort();
  const report: ImportReport = {
    files: files.length,
    records: read.length,
    kept: kept.length,
    duplicates: { byDoi, byId: byId + skipped },
    ...(authors && { authors }),
    overAuthorCap: { cap: DEFAULT_MAX_AUTHORS, documents: overParticipantCap(records, DEFAULT_MAX_AUTHORS) },
    unknownCountries,
    warnings: [],
  };
  report.warnings = warningsOf(report);
  return { records, report };
}

const FORMAT_NAMES: Record<Exclude<ImportFormat, 'csv'>, string> = { wos: 'Web of Science', bibtex: 'BibTeX', scopus: 'Scopus CSV', openalex: 'OpenAlex', lens: 'Lens.org CSV', dimensions: 'Dimensions CSV', pubmed: 'PubMed (MEDLINE)', gtr: 'Gateway to Research' };

/** When a file given as a graph is a bibliographic or project export, the message that says what to do instead. */
export function notAGraph(file: string, text: string): string | undefined {
  const head = text.slice(0, 4000);
  if (/^\s*(#|%|\*vertices)/im.test(head.split('\n')[0] ?? '')) return undefined;
  const format = detectFormatOrUndefined(file, text);
  return format ? `this is a ${FORMAT_NAMES[format]} export, not a graph: run \`proximity networks import ${file} --out DIR\` first, then give DIR` : undefined;
}

function detectFormatOrUndefined(file: string, text: string): Exclude<ImportFormat, 'csv'> | undefined {
  try {
    return detectFormat(file, text);
  } catch {
    return undefined;
  }
}
