/** Scopus exports: CSV (the current layout with "Author full names", and the older one with "Authors" separated by commas and "Author(s) ID"), and BibTeX. */
import { UserError } from '../../errors.js';
import { countryOf, institutionOf } from './addresses.js';
import { field, type BibtexEntry } from './bibtex.js';
import { csvTable } from './csv-table.js';
import { nameKey } from './names.js';
import { parseScopusReference, references, scopusReferenceList } from './references.js';
import { abstractOf, count, firstPage, normaliseDoi, splitList, type Authorship, type Work } from './work.js';

const NO_AUTHOR = /^\[No author name available\]$/i;
/** Initials as Scopus writes them after a family name: "J.C.", "R.", "D.-Q.". */
const INITIALS = /^(?:\p{Lu}\.?-?)+$/u;

/** The authors of the "Authors" column: ";"-separated now, ","-separated in older exports ("Phillips J.C., Braun R."). */
function authorList(text: string): string[] {
  const list = text.includes(';') ? splitList(text) : text.split(/,\s+/).map((x) => x.trim()).filter(Boolean);
  return list.filter((a) => !NO_AUTHOR.test(a));
}

/**
 * "Authors with affiliations": "Name, Address; Name, Address" in author order. Older exports write the name as
 * "Phillips, J.C." (two parts), newer ones as "Abdullah S.M." (one part); a name without an address shares the next one's.
 */
function affiliationList(text: string): { name: string; parts: string[] }[] {
  const out: { name: string; parts: string[] }[] = [];
  let waiting: { name: string; parts: string[] }[] = [];
  for (const entry of splitList(text)) {
    const parts = entry.split(',').map((x) => x.trim());
    const name = parts.length > 1 && INITIALS.test(parts[1]) ? `${parts.shift()}, ${parts.shift()}` : parts.shift()!;
    const item = { name, parts };
    out.push(item);
    waiting.push(item);
    if (parts.length === 0) continue;
    for (const w of waiting) w.parts = parts;
    waiting = [];
  }
  return out;
}

function placed(name: string, parts: string[] | undefined, ids: Authorship['ids']): Authorship {
  const address = parts?.length ? parts.join(', ') : undefined;
  const organisation = parts?.length ? institutionOf(parts) : undefined;
  const country = address ? countryOf(address) : undefined;
  return { name, ids, ...(organisation && { organisation }), ...(country && { country }) };
}

/**
 * Scopus CSV: EID as the id; authors from "Author full names" with their Scopus author ids ("Liu, Fengyuan
 * (60410297700)"), else from "Authors" with "Author(s) ID" in the same order; each author's address from
 * "Authors with affiliations" (by position when it lists every author, else by name); author and index keywords.
 * Scopus CSV has no subject areas, so activities have no fields.
 */
export function scopusCsvWorks(text: string, file: string): Work[] {
  const { rows, col, need, get } = csvTable(text, file, 'Scopus', 'Funding Text');
  const eid = need('EID');
  need('Authors');
  const full = col('Author full names');
  return rows.map(({ record, info }) => {
    const id = record[eid]?.trim();
    if (!id) throw new UserError('record without an EID', { file, line: info.lines, column: eid + 1, field: 'EID' });
    let names: string[];
    let ids: (string | undefined)[];
    if (full >= 0 && record[full]?.trim()) {
      const parsed = splitList(record[full]).map((a) => /^(.*?)\s*\((\d+)\)$/.exec(a));
      names = parsed.map((m, k) => m?.[1] ?? splitList(record[full])[k]);
      ids = parsed.map((m) => m?.[2]);
    } else {
      names = authorList(get(record, 'Authors'));
      const given = get(record, 'Author(s) ID').split(';').map((x) => x.trim()).filter(Boolean);
      ids = given.length === names.length ? given : names.map(() => undefined);
    }
    const affiliations = affiliationList(get(record, 'Authors with affiliations'));
    const byPosition = affiliations.length === names.length;
    const byName = new Map<string, string[]>();
    for (const a of affiliations) if (!byName.has(nameKey(a.name))) byName.set(nameKey(a.name), a.parts);
    const authors = names.map((name, k) => placed(name, byPosition ? affiliations[k].parts : byName.get(nameKey(name)), ids[k] ? { scopus: ids[k] } : {}));
    const doi = normaliseDoi(get(record, 'DOI'));
    return {
      id,
      ...(doi && { doi }),
      year: get(record, 'Year') || undefined,
      title: get(record, 'Title') || undefined,
      ...abstractOf(get(record, 'Abstract')),
      authors,
      keywords: [...splitList(get(record, 'Author Keywords')), ...splitList(get(record, 'Index Keywords'))],
      authorKeywords: splitList(get(record, 'Author Keywords')),
      indexKeywords: splitList(get(record, 'Index Keywords')),
      fields: [],
      source: get(record, 'Source title') || undefined,
      volume: get(record, 'Volume') || undefined,
      page: firstPage(get(record, 'Page start') || get(record, 'Art. No.')),
      citedBy: count(get(record, 'Cited by')) ?? 0,
      references: references(scopusReferenceList(get(record, 'References')), parseScopusReference),
      file,
      line: info.lines,
    };
  });
}

/**
 * Scopus BibTeX: the EID from the record's URL, authors "Family, I." joined by "and", author keywords and index
 * keywords. Its `affiliation` field lists a paper's organisations without saying whose they are, so an author is
 * placed only when the paper has one organisation, or as many as authors (then in order, as Scopus lists them).
 */
export function scopusBibtexWorks(entries: readonly BibtexEntry[], file: string): Work[] {
  return entries.map((e) => {
    const eid = /eid=([^&}\s]+)/.exec(field(e, 'url') ?? '')?.[1];
    const names = (field(e, 'author') ?? '').split(/\s+and\s+/).map((s) => s.trim()).filter((a) => a && !NO_AUTHOR.test(a));
    const organisations = splitList(field(e, 'affiliations') ?? field(e, 'affiliation')).map((a) => a.split(',').map((x) => x.trim()));
    const aligned = organisations.length === 1 || organisations.length === names.length;
    const authors = names.map((name, k) => placed(name, aligned ? organisations[organisations.length === 1 ? 0 : k] : undefined, {}));
    const doi = normaliseDoi(field(e, 'doi'));
    return {
      id: eid ?? e.key,
      ...(doi && { doi }),
      year: field(e, 'year'),
      title: field(e, 'title'),
      ...abstractOf(field(e, 'abstract')),
      authors,
      keywords: [...splitList(field(e, 'author_keywords')), ...splitList(field(e, 'keywords'))],
      authorKeywords: splitList(field(e, 'author_keywords')),
      indexKeywords: splitList(field(e, 'keywords')),
      fields: [],
      source: field(e, 'journal'),
      volume: field(e, 'volume'),
      page: firstPage(field(e, 'pages') ?? field(e, 'art_number')),
      citedBy: count(/cited By (\d+)/i.exec(field(e, 'note') ?? '')?.[1]) ?? 0,
      references: references(scopusReferenceList(field(e, 'references') ?? ''), parseScopusReference),
      file,
      line: e.line,
    };
  });
}
