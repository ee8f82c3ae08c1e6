/**
 * `proximity networks import`: reads each file once (gunzipped when named .gz), tells its format from its
 * name and first line unless one is given, parses it, and merges the records of all the files. Gateway to
 * Research extracts (projects, subjects, topics, locations) are parsed together.
 */
import { existsSync, statSync } from 'node:fs';
import { UserError } from '../errors.js';
import { mergeRecords, type Records } from '../networks/records.js';
import { parseGtr, parseLensCsv, parseOpenAlexCsv, parseOpenAlexJson, parseScopusCsv, parseWosBibtex, parseWosText } from './bibliographic.js';
import { readText } from './input.js';
import { readTables } from './network-tables.js';

export const IMPORT_FORMATS = ['wos', 'bibtex', 'scopus', 'openalex', 'lens', 'gtr', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The format of a file's text, from its name and first line. */
export function detectFormat(file: string, text: string): Exclude<ImportFormat, 'csv'> {
  if (/\.bib(\.gz)?$/i.test(file)) return 'bibtex';
  const head = text.slice(0, 4000).replace(/^\uFEFF/, '');
  const first = head.split('\n')[0];
  if (/^(FN |PT )/.test(head)) return 'wos';
  if (/^"?Authors"?,/.test(first) && /\bEID\b/.test(first)) return 'scopus';
  if (/^"?Lens ID"?,/.test(first)) return 'lens';
  if (/\b(ProjectReference|grantReference)\b/.test(first) || /^"?Location"?,"?Latitude/.test(first)) return 'gtr';
  if (/authorships\.author\.display_name/.test(first) || /^\s*[[{]/.test(head)) return 'openalex';
  if (/^\s*@\w+\s*\{/.test(head)) return 'bibtex';
  throw new UserError(`cannot tell the format; name it with --format (${IMPORT_FORMATS.join(', ')})`, { file });
}

function parse(file: string, text: string, format: Exclude<ImportFormat, 'csv' | 'gtr'>): Records {
  switch (format) {
    case 'wos':
      return parseWosText(text, file);
    case 'scopus':
      return parseScopusCsv(text, file);
    case 'lens':
      return parseLensCsv(text, file);
    case 'openalex':
      return /^\s*[[{]/.test(text) ? parseOpenAlexJson(text, file) : parseOpenAlexCsv(text, file);
    case 'bibtex':
      return parseWosBibtex(text, file);
  }
}

/** The records of all the files (directories are table directories), merged; `skipped` counts repeated activities. */
export async function importRecords(files: readonly string[], given?: string): Promise<{ records: Records; skipped: number }> {
  if (given !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(given)) {
    throw new UserError(`unknown --format "${given}"; supported: ${IMPORT_FORMATS.join(', ')}`, { field: '--format' });
  }
  const all: Records[] = [];
  const gtr: { file: string; text: string }[] = [];
  for (const file of files) {
    if (given === 'csv' || (given === undefined && existsSync(file) && statSync(file).isDirectory())) {
      all.push(await readTables(file));
      continue;
    }
    const text = readText(file);
    const format = (given as ImportFormat | undefined) ?? detectFormat(file, text);
    if (format === 'gtr') gtr.push({ file, text });
    else if (format !== 'csv') all.push(parse(file, text, format));
  }
  if (gtr.length) all.push(parseGtr(gtr));
  return mergeRecords(all);
}
