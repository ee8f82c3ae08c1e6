/**
 * Cited references, from each database's own layout to one: Web of Science's cited-reference form,
 * "FIRST AUTHOR, YEAR, SOURCE, V<volume>, P<page>, DOI <doi>" (upper case, the DOI lower case), which the citation maps
 * (networks/citation.ts) match by DOI, else by first author, year, volume and page, else by first author, year and
 * source. References to records by id (OpenAlex's referenced_works, Lens's reference ids) are kept as the id.
 */
import { formatReference, normaliseDoi, type CitedReference } from '../../networks/references.js';
import { foldAccents } from '../../text.js';


const INITIALS = /^(?:\p{Lu}\.?-?\s?)+$/u;
/** "Cheng M.", "Acar A. K.", "Di Carlo S.": a family name and initials, as newer Scopus exports write cited authors. */
const SHORT_NAME = /^\p{Lu}[\p{L}'’\- ]*?\s+(?:\p{Lu}\.\s?-?)+$/u;
const ENDS_WITH_YEAR = /\((\d{4})\)\s*$/;

/**
 * The references of a Scopus "References" field. Older exports separate references by ";" and a reference's authors
 * by ","; newer ones separate both by ";" and end each reference with its year, "(2025)": there, the chunks up to one
 * ending in a year make one reference.
 */
export function scopusReferenceList(text: string): string[] {
  const chunks = text.split(/;\s+/).map((c) => c.trim()).filter(Boolean);
  const newer = chunks.filter((c) => ENDS_WITH_YEAR.test(c)).length * 2 > chunks.filter((c) => c.includes(',')).length;
  if (!newer) return chunks;
  const out: string[] = [];
  let pending: string[] = [];
  for (const c of chunks) {
    pending.push(c);
    if (ENDS_WITH_YEAR.test(c)) {
      out.push(pending.join('; '));
      pending = [];
    }
  }
  if (pending.length) out.push(pending.join('; '));
  return out;
}

/**
 * A Scopus reference, older layout: "Kalé, L., Skeel, R., …, (1999) J Comp Phys, 151, p. 283" (or with the title before
 * the year); newer layout: "Cheng M.; Xue Y.; Cui M., Title, Spine (Phila Pa 1976), 50, pp. E128-E139, (2025)".
 */
export function parseScopusReference(text: string): CitedReference {
  const out: CitedReference = {};
  const doi = normaliseDoi(/doi[:\s]+(\S+)/i.exec(text)?.[1] ?? '');
  if (doi) out.doi = doi;
  const newer = ENDS_WITH_YEAR.exec(text);
  if (newer) {
    out.year = newer[1];
    const body = text.slice(0, newer.index).replace(/,\s*$/, '');
    const first = body.split(/[;,]/)[0].trim();
    if (SHORT_NAME.test(first)) out.author = first.replace(/\.\s?/g, '').replace(/-/g, '');
    const tokens = body.split(/,\s*/).map((t) => t.trim());
    // from the end: pages, then the volume and issue numbers, then the source
    let at = tokens.length - 1;
    const page = /^pp?\.\s*([\w]+)/.exec(tokens[at] ?? '');
    if (page) {
      out.page = page[1];
      at--;
    }
    const numbers: string[] = [];
    while (at > 0 && /^[\w-]{1,8}$/.test(tokens[at]) && /\d/.test(tokens[at])) numbers.unshift(tokens[at--]);
    if (numbers.length) out.volume = numbers[0];
    if (at > 0) out.source = tokens[at];
    return out;
  }
  const year = /\((\d{4})\)/.exec(text);
  const before = year ? text.slice(0, year.index) : text;
  const after = year ? text.slice(year.index + year[0].length) : '';
  if (year) out.year = year[1];
  const tokens = before.split(/,\s*/).map((t) => t.trim()).filter(Boolean);
  if (tokens.length >= 2 && INITIALS.test(tokens[1])) out.author = `${tokens[0]} ${tokens[1].replace(/[.\-\s]/g, '')}`;
  const tail = after.split(/,\s*/).map((t) => t.trim()).filter(Boolean);
  if (tail.length) {
    out.source = tail.shift()!.replace(/\.$/, '');
    for (const t of tail) {
      const page = /^pp?\.\s*([\w]+)/.exec(t);
      if (page) {
        out.page ??= page[1];
        continue;
      }
      // "23", or "23 (3)" with the issue
      const volume = /^(\d+)(?:\s*\([^)]*\))?$/.exec(t);
      if (volume && !out.volume) out.volume = volume[1];
    }
  }
  return out;
}

/** A list of references in the one layout; references without an author or a year are kept as written (folded). */
export function references(list: readonly string[], parse: (s: string) => CitedReference): string[] {
  return list.map((s) => {
    const r = parse(s);
    return r.author || r.year ? formatReference(r) : foldAccents(s).replace(/\s+/g, ' ').trim().toUpperCase();
  });
}
