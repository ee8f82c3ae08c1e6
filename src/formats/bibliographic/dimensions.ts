/**
 * Dimensions (app.dimensions.ai) publication exports, both kinds the web app writes:
 * - "Export full record" (up to 500 records): "Authors", per-author "Authors Affiliations" ("Family, Given (Org; Org)")
 *   and "Authors (Raw Affiliation)", the standardised organisations with their countries, MeSH terms, Fields of
 *   Research;
 * - "Export for bibliometric mapping" (up to 2,500 records, what VOSviewer and bibliometrix read): "Authors", the
 *   organisations and their countries in "Authors Affiliations - Name of Research organization" / "- Country of
 *   Research organization", and "Cited references".
 * Both start with a line "About the data: Exported on …" above the header, which is skipped (line numbers stay the
 * file's). Cited references are written "[Family, Given; …]|[researcher ids]|Source|Year|Volume|Issue|Pages|DOI|pub id|…"
 * and separated by ";[" (as bibliometrix's dimensions2df reads them).
 */
import { UserError } from '../../errors.js';
import { countryFromName } from '../../countries.js';
import { countryOf } from './addresses.js';
import { csvTable } from './csv-table.js';
import { nameKey } from './names.js';
import { formatReference, type CitedReference } from '../../networks/references.js';
import { abstractOf, count, firstPage, normaliseDoi, splitList, type Authorship, type Work } from './work.js';

/** The preamble line Dimensions writes above the header. */
export const DIMENSIONS_PREAMBLE = /^\uFEFF?"?About the data:/;

/** ";"-separated parts at parenthesis depth 0: "A, B (X; Y); C, D (Z)" → ["A, B (X; Y)", "C, D (Z)"]. */
export function topLevelList(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((x) => x.trim()).filter(Boolean);
}

/** "Family, Given (Org A; Org B)" → the name and the affiliations in the last parentheses. */
function nameAndAffiliations(entry: string): { name: string; affiliations: string[] } {
  const m = /^(.*?)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*$/.exec(entry);
  if (!m) return { name: entry.trim(), affiliations: [] };
  return { name: m[1].trim(), affiliations: splitList(m[2]) };
}

/** One cited reference of the "Cited references" column, in the one layout's parts. */
export function parseDimensionsReference(text: string): CitedReference {
  const parts = text.replace(/^\[/, '').split('|');
  const out: CitedReference = {};
  const authors = (parts[0] ?? '').replace(/[[\]]/g, '').split(';')[0].trim();
  if (authors) {
    const [family, given = ''] = authors.split(',').map((x) => x.trim());
    const initials = given
      .split(/[\s.-]+/)
      .filter(Boolean)
      .map((g) => g[0])
      .join('');
    out.author = `${family}${initials ? ` ${initials}` : ''}`;
  }
  const source = parts[2]?.trim();
  if (source) out.source = source;
  if (/^\d{4}$/.test(parts[3]?.trim() ?? '')) out.year = parts[3].trim();
  if (parts[4]?.trim()) out.volume = parts[4].trim();
  const page = firstPage(parts[6]);
  if (page) out.page = page;
  const doi = normaliseDoi(parts[7]);
  if (doi) out.doi = doi;
  return out;
}

/** The references of a "Cited references" field, in the one layout (references.ts). */
export function dimensionsReferences(text: string): string[] {
  if (!text.trim()) return [];
  return text
    .split(/;\[/)
    .map((r) => r.trim())
    .filter(Boolean)
    .map((r) => formatReference(parseDimensionsReference(r)));
}

/**
 * Dimensions CSV: the Publication ID as the id; authors from "Authors" ("Family, Given; …"). An author's organisation
 * and country come, in this order of trust, from the per-author "Authors Affiliations" (the first organisation named;
 * its country from the standardised organisation list beside it, else from the raw affiliation's last part). The
 * mapping export names only the paper's organisations and countries, not whose they are: an author gets the
 * organisation when the paper has one, the country when all its organisations are in one. Anything else is left
 * unplaced rather than guessed; the import report shows the coverage.
 */
export function dimensionsCsvWorks(text: string, file: string): Work[] {
  // the preamble becomes an empty line, so line numbers stay the file's
  const body = DIMENSIONS_PREAMBLE.test(text) ? text.replace(/^[^\n]*/, '') : text;
  const { rows, need, get, col } = csvTable(body, file, 'Dimensions');
  const id = need('Publication ID');
  need('Authors');
  const mapping = col('Authors Affiliations - Name of Research organization') >= 0;
  return rows.map(({ record, info }) => {
    const pub = record[id]?.trim();
    if (!pub) throw new UserError('record without a Publication ID', { file, line: info.lines, column: id + 1, field: 'Publication ID' });
    const names = splitList(get(record, 'Authors'));
    let authors: Authorship[];
    if (mapping) {
      // these columns list the paper's organisations, not each author's: an organisation is placed only when it is
      // the only one, a country when every organisation is in it
      const orgs = [...new Set(splitList(get(record, 'Authors Affiliations - Name of Research organization')))];
      const countries = [...new Set(splitList(get(record, 'Authors Affiliations - Country of Research organization')).map((c) => countryFromName(c) ?? c))];
      const organisation = orgs.length === 1 ? orgs[0] : undefined;
      const country = countries.length === 1 ? countries[0] : undefined;
      authors = names.map((name) => ({ name, ids: {}, ...(organisation && { organisation }), ...(country && { country }) }));
    } else {
      // org → country from the standardised lists, which Dimensions writes in the same order
      const standard = splitList(get(record, 'Research Organizations - standardized'));
      const countries = splitList(get(record, 'Country of Research organization'));
      const countryOfOrg = new Map<string, string>();
      if (standard.length === countries.length) standard.forEach((o, k) => countryOfOrg.set(o.toLowerCase(), countryFromName(countries[k]) ?? countries[k]));
      const affiliated = new Map<string, string[]>();
      for (const e of topLevelList(get(record, 'Authors Affiliations'))) {
        const { name, affiliations } = nameAndAffiliations(e);
        if (!affiliated.has(nameKey(name))) affiliated.set(nameKey(name), affiliations);
      }
      const raw = new Map<string, string[]>();
      for (const e of topLevelList(get(record, 'Authors (Raw Affiliation)'))) {
        const { name, affiliations } = nameAndAffiliations(e);
        if (!raw.has(nameKey(name))) raw.set(nameKey(name), affiliations);
      }
      authors = names.map((name) => {
        const organisation = affiliated.get(nameKey(name))?.[0];
        const address = raw.get(nameKey(name))?.[0];
        const country = (organisation && countryOfOrg.get(organisation.toLowerCase())) || (address ? countryOf(address) : undefined);
        return { name, ids: {}, ...(organisation && { organisation }), ...(country && { country }) };
      });
    }
    const doi = normaliseDoi(get(record, 'DOI'));
    const mesh = splitList(get(record, 'MeSH terms'));
    return {
      id: `dimensions:${pub}`,
      ...(doi && { doi }),
      year: get(record, 'PubYear') || get(record, 'Publication Date').slice(0, 4) || undefined,
      title: get(record, 'Title') || undefined,
      ...abstractOf(get(record, 'Abstract')),
      authors,
      keywords: mesh,
      indexKeywords: mesh,
      fields: splitList(get(record, 'Fields of Research (ANZSRC 2020)') || get(record, 'Fields of Research (ANZSRC 2008)') || get(record, 'FOR (ANZSRC) Categories')),
      source: get(record, 'Source title') || get(record, 'Source title/Anthology title') || get(record, 'Anthology title') || undefined,
      volume: get(record, 'Volume') || undefined,
      page: firstPage(get(record, 'Pagination')),
      ...(count(get(record, 'Times cited')) !== undefined && { citedBy: count(get(record, 'Times cited')) }),
      references: dimensionsReferences(get(record, 'Cited references')),
      file,
      line: info.lines,
    };
  });
}
