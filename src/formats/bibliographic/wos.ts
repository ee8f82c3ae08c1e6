/** Web of Science exports: plain text (field-tagged) and BibTeX. */
import { UserError } from '../../errors.js';
import { countryOf, organisationOf } from './addresses.js';
import { field, type BibtexEntry } from './bibtex.js';
import { nameKey, personName } from './names.js';
import { parseReference } from '../../networks/references.js';
import { references } from './references.js';
import { abstractOf, count, firstPage, normaliseDoi, splitList, type Authorship, type Work } from './work.js';

/** A name folded in full ("Li, Lingling" → "li lingling"), for matching a name to its address or identifier within one record. */
function fullKey(name: string): string {
  const n = personName(name);
  return `${n.family} ${n.given.join(' ')}`;
}

/**
 * Values given per author ("Name/value; …"): an author's first value, found by full name, else by family name and
 * initials when that is unambiguous both among the values and among the record's authors ("Li, L" says nothing of
 * which of "Li, Lingling" and "Li, Lidong" it is).
 */
class PerAuthor {
  private full = new Map<string, string>();
  private short = new Map<string, string | null>();
  add(name: string, value: string): void {
    if (this.full.has(fullKey(name))) return;
    this.full.set(fullKey(name), value);
    const k = nameKey(name);
    this.short.set(k, this.short.has(k) && this.short.get(k) !== value ? null : value);
  }
  /** `shortUnique`: no other author of the record has this family name and these initials. */
  get(name: string, shortUnique: boolean): string | undefined {
    return this.full.get(fullKey(name)) ?? (shortUnique ? (this.short.get(nameKey(name)) ?? undefined) : undefined);
  }
  get size(): number {
    return this.full.size;
  }
}

/** "Name/0000-0002-7401-8575; Name2/…" (ORCID, OI) or "Name/ABC-1234-2010; …" (ResearcherID, RI). */
function identifiers(text: string | undefined, pattern: RegExp): PerAuthor {
  const out = new PerAuthor();
  for (const part of splitList(text)) {
    const at = part.lastIndexOf('/');
    if (at < 0) continue;
    const value = part.slice(at + 1).trim();
    if (pattern.test(value)) out.add(part.slice(0, at), value);
  }
  return out;
}

const ORCID = /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/;
const RESEARCHER_ID = /^[A-Z]{1,3}-\d{4}-\d{4}$/;

/** The authorships of a WoS record: each author with their identifiers and first address (a record's only address when none is linked to names). */
function authorships(authors: string[], addresses: PerAuthor, unlinked: string[], orcids: PerAuthor, researcherIds: PerAuthor): Authorship[] {
  const shared = addresses.size === 0 && unlinked.length === 1 ? unlinked[0] : undefined;
  const keys = new Map<string, number>();
  for (const name of authors) keys.set(nameKey(name), (keys.get(nameKey(name)) ?? 0) + 1);
  return authors.map((name) => {
    const unique = keys.get(nameKey(name)) === 1;
    const address = addresses.get(name, unique) ?? shared;
    const orcid = orcids.get(name, unique);
    const researcherid = researcherIds.get(name, unique);
    const country = address ? countryOf(address) : undefined;
    return {
      name: name.trim(),
      ids: { ...(orcid && { orcid }), ...(researcherid && { researcherid }) },
      ...(address && { organisation: organisationOf(address) }),
      ...(country && { country }),
    };
  });
}

/** Web of Science plain text: records from PT to ER, two-letter tags, continuation lines indented. */
export function wosTextWorks(text: string, file: string): Work[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const works: Work[] = [];
  let fields: Map<string, string[]> | undefined;
  let tag = '';
  let start = 0;
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.startsWith('FN ') || raw.startsWith('VR ') || raw === 'EF') return;
    if (raw.startsWith('   ')) {
      if (!fields) throw new UserError('continuation line outside a record', { file, line, column: 1 });
      fields.get(tag)!.push(raw.trim());
      return;
    }
    const m = /^([A-Z][A-Z0-9]) ?(.*)$/.exec(raw);
    if (!m) throw new UserError(`expected a two-letter field tag, found "${raw.slice(0, 20)}": not a Web of Science plain-text export`, { file, line, column: 1 });
    tag = m[1];
    if (tag === 'PT') {
      if (fields) throw new UserError('a record starts (PT) before the previous one ended (ER)', { file, line, column: 1 });
      fields = new Map();
      start = line;
    }
    if (!fields) throw new UserError(`field ${tag} outside a record (records start with PT)`, { file, line, column: 1 });
    if (tag === 'ER') {
      works.push(wosWork(fields, file, start));
      fields = undefined;
      return;
    }
    if (!fields.has(tag)) fields.set(tag, []);
    fields.get(tag)!.push(m[2]);
  });
  if (fields) throw new UserError('the last record has no ER line', { file, line: start });
  if (works.length === 0) throw new UserError('no Web of Science records (PT … ER) found', { file });
  return works;
}

function wosWork(f: Map<string, string[]>, file: string, line: number): Work {
  const one = (t: string) => f.get(t)?.join(' ');
  const id = one('UT');
  if (!id) throw new UserError('record without an accession number (UT)', { file, line, field: 'UT' });
  const addresses = new PerAuthor();
  const unlinked: string[] = [];
  for (const c1 of f.get('C1') ?? []) {
    const m = /^\[(.*?)\]\s*(.*)$/.exec(c1);
    if (!m) unlinked.push(c1);
    else for (const name of m[1].split(';')) addresses.add(name, m[2]);
  }
  const doi = normaliseDoi(one('DI'));
  return {
    id,
    ...(doi && { doi }),
    year: one('PY'),
    title: one('TI'),
    ...abstractOf(one('AB')),
    authors: authorships(f.get('AF') ?? f.get('AU') ?? [], addresses, unlinked, identifiers(one('OI'), ORCID), identifiers(one('RI'), RESEARCHER_ID)),
    keywords: [...splitList(one('DE')), ...splitList(one('ID'))],
    authorKeywords: splitList(one('DE')),
    indexKeywords: splitList(one('ID')),
    fields: splitList(one('SC')),
    source: one('SO'),
    volume: one('VL'),
    page: firstPage(one('BP') ?? one('AR')),
    citedBy: count(one('TC')),
    references: references(f.get('CR') ?? [], parseReference),
    file,
    line,
  };
}

/** BibTeX as Web of Science exports it: `@article{ ISI:…, Author = {…}, Affiliation = {…}, Unique-ID = {…}, …}`. */
export function wosBibtexWorks(entries: readonly BibtexEntry[], file: string): Work[] {
  return entries.map((e) => {
    const authors = (field(e, 'author') ?? '').split(/\s+and\s+/).map((s) => s.trim()).filter(Boolean);
    const addresses = new PerAuthor();
    const unlinked: string[] = [];
    for (const entry of (e.fields.get('affiliation') ?? '').split(/\.\s*\n/).map((x) => x.replace(/\s+/g, ' ').replace(/\.$/, '').trim()).filter(Boolean)) {
      if (entry.includes('(Reprint Author)')) continue;
      // "Family, Given; Family2, Given2, Org, Dept, …, Country": names are the leading "Family, Given" pairs
      const chunks = entry.split('; ');
      const lastParts = chunks.pop()!.split(',').map((s) => s.trim());
      const names = [...chunks, `${lastParts[0]}, ${lastParts[1] ?? ''}`];
      const address = lastParts.slice(2).join(', ');
      if (!address) {
        unlinked.push(entry);
        continue;
      }
      for (const n of names) addresses.add(n, address);
    }
    const doi = normaliseDoi(field(e, 'doi'));
    return {
      id: field(e, 'unique-id') ?? e.key,
      ...(doi && { doi }),
      year: field(e, 'year'),
      title: field(e, 'title'),
      ...abstractOf(field(e, 'abstract')),
      authors: authorships(authors, addresses, unlinked, identifiers(field(e, 'orcid-numbers'), ORCID), identifiers(field(e, 'researcherid-numbers'), RESEARCHER_ID)),
      keywords: [...splitList(field(e, 'keywords')), ...splitList(field(e, 'keywords-plus'))],
      authorKeywords: splitList(field(e, 'keywords')),
      indexKeywords: splitList(field(e, 'keywords-plus')),
      fields: splitList(field(e, 'research-areas') ?? field(e, 'web-of-science-categories')),
      source: field(e, 'journal') ?? field(e, 'booktitle'),
      volume: field(e, 'volume'),
      page: firstPage(field(e, 'pages') ?? field(e, 'article-number')),
      citedBy: count(field(e, 'times-cited')),
      references: references((e.fields.get('cited-references') ?? '').split('\n').map((x) => x.trim()).filter(Boolean), parseReference),
      file,
      line: e.line,
    };
  });
}
