/**
 * Bibliographic records → the knowledge-network model (actors, activities, participations): Web of Science
 * plain text (field-tagged) and Web of Science BibTeX. Authors are one actor each, keyed by ORCID when the
 * record gives one, else by their normalised name (family name and initials, case and diacritics folded, as
 * bibliometrix and VOSviewer match authors); each author's affiliation on a paper becomes the participation's
 * organisation and country.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { UserError } from '../errors.js';
import { countryName } from '../countries.js';
import type { Activity, Actor, Participation, Records } from '../networks/records.js';

/** Letters that Unicode does not decompose into a base letter and a mark. */
const FOLD: Record<string, string> = { ı: 'i', İ: 'I', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE' };

/** "Liao, Pin-Chao" → "liao pc"; "Toh, ML" and "Toh, Ming Liang" → "toh ml": family name and initials, folded. */
export function nameKey(name: string): string {
  const fold = (x: string) => x.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[ıİøØłŁđĐßæÆœŒ]/g, (c) => FOLD[c]);
  let [family = '', given = ''] = fold(name).split(',').map((x) => x.trim());
  // "Amoako P.T." (Scopus, no comma): trailing initials
  const bare = !name.includes(',') && /^(.*?)\s+((?:\p{Lu}\.?-?\s*)+)$/u.exec(family);
  if (bare) [family, given] = [bare[1], bare[2].replace(/[^\p{Lu}]/gu, '')];
  // initials as WoS writes them ("ML"), else the first letter of each given name
  const initials = /^\p{Lu}{1,4}$/u.test(given) ? given : given.split(/[\s.\-]+/).filter(Boolean).map((w) => w[0]).join('');
  return `${family.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} ${initials.toLowerCase()}`.trim();
}

const UK = new Set(['england', 'scotland', 'wales', 'north ireland', 'northern ireland']);

/** The country at the end of a WoS address ("…, Beijing 100084, Peoples R China." → "China"). */
export function countryOf(address: string): string | undefined {
  const last = address.replace(/\.\s*$/, '').split(',').pop()?.trim();
  if (!last) return undefined;
  const l = last.toLowerCase();
  if (/\busa$/.test(l)) return 'United States'; // as Intl names it, so every source agrees
  if (UK.has(l)) return 'United Kingdom';
  if (l === 'peoples r china') return 'China';
  return last
    .toLowerCase()
    .replace(/(^|[\s-])\p{L}/gu, (m) => m.toUpperCase())
    .replace(/\d+/g, '')
    .trim();
}

/** The organisation of a WoS address: its first part ("Tsinghua Univ, Dept …" → "Tsinghua Univ"). */
export function organisationOf(address: string): string {
  return address.split(',')[0].trim();
}

interface Work {
  id: string;
  year?: string;
  title?: string;
  authors: string[];
  keywords: string[];
  fields: string[];
  orcids: Map<string, string>;
  /** author name key → the source's own author id (e.g. `scopus:57193852372`), used when there is no ORCID */
  authorIds?: Map<string, string>;
  /** author name key → first address */
  addresses: Map<string, string>;
  /** addresses given for all authors */
  shared: string[];
  line: number;
}

function toRecords(works: Work[], file: string): Records {
  const actors = new Map<string, Actor>();
  const activities: Activity[] = [];
  const participations: Participation[] = [];
  const seen = new Set<string>();
  for (const w of works) {
    if (seen.has(w.id)) throw new UserError(`record ${w.id} appears twice`, { file, line: w.line });
    seen.add(w.id);
    activities.push({ id: w.id, type: 'publication', ...(w.year && { date: w.year }), ...(w.title && { title: w.title }), keywords: w.keywords, fields: w.fields });
    const authors = new Set<string>();
    w.authors.forEach((name, position) => {
      const key = nameKey(name);
      const orcid = w.orcids.get(key);
      const id = orcid ? `orcid:${orcid}` : (w.authorIds?.get(key) ?? key);
      if (authors.has(id)) return;
      authors.add(id);
      const address = w.addresses.get(key) ?? w.shared[0];
      const organisation = address ? organisationOf(address) : undefined;
      const country = address ? countryOf(address) : undefined;
      let actor = actors.get(id);
      if (!actor) {
        actor = { id, kind: 'person', name: name.trim(), disciplines: [], ...(orcid && { orcid }) };
        actors.set(id, actor);
      }
      actor.organisation ??= organisation;
      actor.country ??= country;
      for (const f of w.fields) {
        const d = actor.disciplines.find((x) => x.code === f);
        if (d) d.weight += 1 / w.fields.length;
        else actor.disciplines.push({ code: f, weight: 1 / w.fields.length });
      }
      participations.push({ activity: w.id, actor: id, role: position === 0 ? 'first author' : 'author', ...(organisation && { organisation }), ...(country && { country }) });
    });
  }
  return { actors: [...actors.values()], activities, participations };
}

const split = (s: string | undefined) => (s ?? '').split(';').map((x) => x.trim()).filter(Boolean);

/** "Name/0000-0002-7401-8575; Name2/…" → name key → ORCID iD. */
function orcidMap(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of split(text)) {
    const m = /^(.*)\/(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$/.exec(part);
    if (m) out.set(nameKey(m[1]), m[2]);
  }
  return out;
}

/** Web of Science plain text: records from PT to ER, two-letter tags, continuation lines indented. */
export function parseWosText(text: string, file: string): Records {
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
    if (!m) throw new UserError(`expected a two-letter field tag, found "${raw.slice(0, 20)}"`, { file, line, column: 1 });
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
  return toRecords(works, file);
}

function wosWork(f: Map<string, string[]>, file: string, line: number): Work {
  const one = (t: string) => f.get(t)?.join(' ');
  const id = one('UT');
  if (!id) throw new UserError('record without an accession number (UT)', { file, line, field: 'UT' });
  const authors = f.get('AF') ?? f.get('AU') ?? [];
  const addresses = new Map<string, string>();
  const shared: string[] = [];
  for (const c1 of f.get('C1') ?? []) {
    const m = /^\[(.*?)\]\s*(.*)$/.exec(c1);
    if (!m) shared.push(c1);
    else for (const name of m[1].split(';')) if (!addresses.has(nameKey(name))) addresses.set(nameKey(name), m[2]);
  }
  return {
    id,
    year: one('PY'),
    title: one('TI'),
    authors,
    keywords: [...split(one('DE')), ...split(one('ID'))],
    fields: split(one('SC')),
    orcids: orcidMap(one('OI')),
    addresses,
    shared,
    line,
  };
}

/** BibTeX as Web of Science exports it: `@type{key, Field = {{value}}, …}`. */
export function parseWosBibtex(text: string, file: string): Records {
  const src = text.replace(/^\uFEFF/, '');
  const works: Work[] = [];
  let i = 0;
  const lineAt = (pos: number) => src.slice(0, pos).split('\n').length;
  while ((i = src.indexOf('@', i)) >= 0) {
    const entryStart = i;
    const open = src.indexOf('{', i);
    if (open < 0) throw new UserError('an entry without "{"', { file, line: lineAt(i) });
    const comma = src.indexOf(',', open);
    if (comma < 0) throw new UserError('an entry without a key', { file, line: lineAt(i) });
    const key = src.slice(open + 1, comma).trim();
    i = comma + 1;
    const fields = new Map<string, string>();
    for (;;) {
      while (/[\s,]/.test(src[i] ?? '')) i++;
      if (src[i] === '}') {
        i++;
        break;
      }
      if (i >= src.length) throw new UserError(`entry ${key} is not closed`, { file, line: lineAt(entryStart) });
      const eq = src.indexOf('=', i);
      if (eq < 0) throw new UserError(`entry ${key}: a field without "="`, { file, line: lineAt(i) });
      const name = src.slice(i, eq).trim().toLowerCase();
      i = eq + 1;
      while (/\s/.test(src[i] ?? '')) i++;
      let value: string;
      if (src[i] === '{') {
        let depth = 0;
        const s = i;
        for (; i < src.length; i++) {
          if (src[i] === '\\') {
            i++;
            continue;
          }
          if (src[i] === '{') depth++;
          else if (src[i] === '}' && --depth === 0) break;
        }
        if (depth !== 0) throw new UserError(`entry ${key}: field ${name} has unbalanced braces`, { file, line: lineAt(s), field: name });
        value = src.slice(s + 1, i);
        i++;
      } else if (src[i] === '"') {
        const s = ++i;
        while (i < src.length && src[i] !== '"') i++;
        value = src.slice(s, i++);
      } else {
        const s = i;
        while (i < src.length && !/[,}]/.test(src[i])) i++;
        value = src.slice(s, i);
      }
      fields.set(name, unescape(value));
    }
    const get = (k: string) => fields.get(k)?.replace(/\s+/g, ' ');
    const authors = (get('author') ?? '').split(/\s+and\s+/).map((s) => s.trim()).filter(Boolean);
    const addresses = new Map<string, string>();
    const shared: string[] = [];
    for (const entry of (fields.get('affiliation') ?? '').split(/\.\s*\n/).map((x) => x.replace(/\s+/g, ' ').replace(/\.$/, '').trim()).filter(Boolean)) {
      if (entry.includes('(Reprint Author)')) continue;
      // "Family, Given; Family2, Given2, Org, Dept, …, Country": names are the leading "Family, Given" pairs
      const chunks = entry.split('; ');
      const lastParts = chunks.pop()!.split(',').map((s) => s.trim());
      const names = [...chunks, `${lastParts[0]}, ${lastParts[1] ?? ''}`];
      const address = lastParts.slice(2).join(', ');
      if (!address) {
        shared.push(entry);
        continue;
      }
      for (const n of names) if (!addresses.has(nameKey(n))) addresses.set(nameKey(n), address);
    }
    works.push({
      id: get('unique-id') ?? key,
      year: get('year'),
      title: get('title'),
      authors,
      keywords: [...split(get('keywords')), ...split(get('keywords-plus'))],
      fields: split(get('research-areas') ?? get('web-of-science-categories')),
      orcids: orcidMap(get('orcid-numbers')),
      addresses,
      shared,
      line: lineAt(entryStart),
    });
  }
  if (works.length === 0) throw new UserError('no BibTeX entries found', { file });
  return toRecords(works, file);
}

function unescape(v: string): string {
  let s = v.trim();
  while (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1).trim();
  return s.replace(/\\([&%$#_{}])/g, '$1');
}

/** Words naming an institution, strongest first (Scopus puts departments, schools and centres first). */
const INSTITUTION = [
  /univ/i,
  /institut|hospital|academy|compan|ltd|inc\b|corporation|council|agency|ministry|foundation|gmbh|llc|plc/i,
  /college|school|centre|center|laborator/i,
];

/** The address from its institution on. */
function fromInstitution(parts: string[]): string {
  for (const re of INSTITUTION) {
    const at = parts.findIndex((x) => re.test(x.normalize('NFKD').replace(/\p{M}/gu, '')));
    if (at >= 0) return parts.slice(at).join(', ');
  }
  return parts.join(', ');
}

/**
 * Scopus CSV export: EID as the id; authors from "Author full names" with their Scopus author ids
 * ("Liu, Fengyuan (60410297700)"), else "Authors"; each author's address from "Authors with affiliations"
 * (the institution is the first part naming a university, else an institute, hospital, company…, else a
 * college, school, centre or laboratory; the country is the last part); author and index keywords. Scopus CSV has no subject areas, so activities have no fields.
 */
export function parseScopusCsv(text: string, file: string): Records {
  const { rows, col, need } = csvTable(text, file, 'Scopus');
  const eid = need('EID');
  const authorsCol = need('Authors');
  const full = col('Author full names');
  const withAff = col('Authors with affiliations');
  const year = col('Year');
  const title = col('Title');
  const kw = [col('Author Keywords'), col('Index Keywords')].filter((i) => i >= 0);
  const works: Work[] = rows.slice(1).map(({ record, info }) => {
    const id = record[eid]?.trim();
    if (!id) throw new UserError('record without an EID', { file, line: info.lines, column: eid + 1, field: 'EID' });
    const authorIds = new Map<string, string>();
    let authors: string[];
    if (full >= 0 && record[full]?.trim()) {
      authors = split(record[full]).map((a) => {
        const m = /^(.*?)\s*\((\d+)\)$/.exec(a);
        if (m) authorIds.set(nameKey(m[1]), `scopus:${m[2]}`);
        return m ? m[1] : a;
      });
    } else authors = split(record[authorsCol]);
    const addresses = new Map<string, string>();
    // "A B.; C D., Address; E F., Address2": a name without an address shares the next one's
    let waiting: string[] = [];
    for (const entry of withAff >= 0 ? split(record[withAff]) : []) {
      const parts = entry.split(',').map((x) => x.trim());
      const name = parts.shift()!;
      waiting.push(name);
      if (parts.length === 0) continue;
      for (const n of waiting) if (!addresses.has(nameKey(n))) addresses.set(nameKey(n), fromInstitution(parts));
      waiting = [];
    }
    return {
      id,
      year: year >= 0 ? record[year]?.trim() : undefined,
      title: title >= 0 ? record[title]?.trim() : undefined,
      authors,
      keywords: kw.flatMap((i) => split(record[i])),
      fields: [],
      orcids: new Map(),
      authorIds,
      addresses,
      shared: [],
      line: info.lines,
    };
  });
  return toRecords(works, file);
}

/** A whole CSV held in memory, with column lookups that name the file on failure. */
function csvTable(text: string, file: string, what: string) {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseCsv(text, { bom: true, info: true, relax_column_count: false, skip_empty_lines: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw new UserError(e.message ?? 'malformed CSV', { file, line: e.lines });
  }
  if (rows.length === 0) throw new UserError('the file is empty', { file });
  const header = rows[0].record.map((h) => h.trim().replace(/^\uFEFF/, ''));
  const col = (name: string) => header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  const need = (name: string) => {
    const i = col(name);
    if (i < 0) throw new UserError(`not a ${what} CSV export: no "${name}" column (found ${header.slice(0, 6).join(', ')}…)`, { file, line: 1 });
    return i;
  };
  return { rows, col, need };
}

const PARTICLES = new Set(['de', 'del', 'della', 'der', 'den', 'di', 'da', 'dos', 'du', 'la', 'le', 'van', 'von', 'ter', 'ten', 'bin', 'al', 'el']);

/** "Jason R. C. Nurse" → "Nurse, Jason R. C."; "David De Roure" → "De Roure, David" (given names first, as Lens and OpenAlex write them). */
export function familyFirst(name: string): string {
  const words = name.trim().split(/\s+/);
  if (words.length < 2 || name.includes(',')) return name.trim();
  let at = words.length - 1;
  while (at > 1 && PARTICLES.has(words[at - 1].toLowerCase())) at--;
  return `${words.slice(at).join(' ')}, ${words.slice(0, at).join(' ')}`;
}

const OPENALEX_TYPES: Record<string, string> = { education: 'university', company: 'business', government: 'policy body', facility: 'research institute', nonprofit: 'other', healthcare: 'other', archive: 'other', funder: 'other', other: 'other' };

interface OpenAlexWork {
  id?: string;
  display_name?: string;
  title?: string;
  publication_year?: number;
  publication_date?: string;
  authorships?: { author?: { id?: string; display_name?: string; orcid?: string | null }; institutions?: { id?: string; display_name?: string; country_code?: string | null; type?: string | null; ror?: string | null }[]; countries?: string[] }[];
  keywords?: { display_name?: string }[];
  concepts?: { display_name?: string; level?: number }[];
  primary_topic?: { display_name?: string; field?: { display_name?: string } } | null;
}

const shortId = (url: string | undefined | null) => (url ?? '').replace(/^https?:\/\/(openalex\.org|orcid\.org|ror\.org)\//, '');

/**
 * OpenAlex works as JSON (an array, an API page `{results: […]}`, or one work per line): authors by ORCID, else
 * OpenAlex author id; each authorship's first institution (with its ROR and type) and country; keywords; the
 * primary topic's field as the activity's field.
 */
export function parseOpenAlexJson(text: string, file: string): Records {
  let works: OpenAlexWork[];
  const trimmed = text.trim();
  try {
    if (trimmed.startsWith('[')) works = JSON.parse(trimmed);
    else if (trimmed.startsWith('{') && /^\{\s*"(meta|results)"/.test(trimmed)) works = JSON.parse(trimmed).results ?? [];
    else works = trimmed.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  } catch (err) {
    throw new UserError(`not OpenAlex JSON: ${(err as Error).message}`, { file });
  }
  if (!Array.isArray(works) || works.length === 0) throw new UserError('no OpenAlex works found', { file });
  const orgTypes = new Map<string, string>();
  const records = toRecords(
    works.map((w, i) => {
      const id = shortId(w.id);
      if (!id) throw new UserError(`work ${i + 1} has no id`, { file, field: 'id' });
      const authors: string[] = [];
      const orcids = new Map<string, string>();
      const authorIds = new Map<string, string>();
      const addresses = new Map<string, string>();
      for (const a of w.authorships ?? []) {
        const name = familyFirst(a.author?.display_name ?? shortId(a.author?.id));
        const key = nameKey(name);
        authors.push(name);
        if (a.author?.orcid) orcids.set(key, shortId(a.author.orcid));
        if (a.author?.id) authorIds.set(key, `openalex:${shortId(a.author.id)}`);
        const inst = a.institutions?.[0];
        if (inst?.display_name) {
          const country = inst.country_code ?? a.countries?.[0];
          addresses.set(key, `${inst.display_name.replace(/,/g, ' ')}, ${country ? countryName(country) : ''}`);
          if (inst.type) orgTypes.set(inst.display_name.replace(/,/g, ' '), OPENALEX_TYPES[inst.type] ?? 'other');
        }
      }
      const field = w.primary_topic?.field?.display_name ?? w.primary_topic?.display_name;
      return {
        id,
        year: w.publication_date ?? (w.publication_year ? String(w.publication_year) : undefined),
        title: w.display_name ?? w.title,
        authors,
        keywords: (w.keywords ?? []).map((k) => k.display_name ?? '').filter(Boolean),
        fields: field ? [field] : [],
        orcids,
        authorIds,
        addresses,
        shared: [],
        line: i + 1,
      } satisfies Work;
    }),
    file,
  );
  for (const a of records.actors) if (a.organisation && orgTypes.has(a.organisation)) a.organisationType = orgTypes.get(a.organisation);
  return records;
}

/** OpenAlex CSV (the web app's export): authorship columns joined by "|", aligned by author. */
export function parseOpenAlexCsv(text: string, file: string): Records {
  const { rows, col, need } = csvTable(text, file, 'OpenAlex');
  const id = need('id');
  const names = need('authorships.author.display_name');
  const get = (record: string[], name: string) => {
    const i = col(name);
    return i >= 0 ? (record[i] ?? '') : '';
  };
  const pipes = (v: string) => (v === '' ? [] : v.split('|').map((x) => x.trim()));
  const works: OpenAlexWork[] = rows.slice(1).map(({ record, info }) => {
    if (!record[id]?.trim()) throw new UserError('record without an id', { file, line: info.lines, column: id + 1, field: 'id' });
    const display = pipes(record[names]);
    const ids = pipes(get(record, 'authorships.author.id'));
    const orcid = pipes(get(record, 'authorships.author.orcid'));
    const countries = pipes(get(record, 'authorships.countries'));
    const insts = pipes(get(record, 'authorships.institutions.display_name'));
    const aligned = insts.length === display.length;
    return {
      id: record[id],
      display_name: get(record, 'display_name') || get(record, 'title'),
      publication_date: get(record, 'publication_date') || undefined,
      publication_year: Number(get(record, 'publication_year')) || undefined,
      authorships: display.map((n, k) => ({
        author: { id: ids[k], display_name: n, orcid: orcid[k] || null },
        institutions: aligned && insts[k] ? [{ display_name: insts[k], country_code: countries[k] || null }] : [],
        countries: countries[k] ? [countries[k]] : [],
      })),
      keywords: pipes(get(record, 'keywords.display_name')).map((k) => ({ display_name: k })),
      primary_topic: get(record, 'primary_topic.display_name') ? { display_name: get(record, 'primary_topic.display_name'), field: get(record, 'primary_topic.field.display_name') ? { display_name: get(record, 'primary_topic.field.display_name') } : undefined } : null,
    } as OpenAlexWork;
  });
  return parseOpenAlexJson(JSON.stringify(works), file);
}

/** Lens.org scholarly CSV: Lens ID, authors (given names first, no affiliations in the export), fields of study, keywords. */
export function parseLensCsv(text: string, file: string): Records {
  const { rows, col, need } = csvTable(text, file, 'Lens');
  const id = need('Lens ID');
  const authorsCol = need('Author/s');
  const get = (record: string[], name: string) => {
    const i = col(name);
    return i >= 0 ? (record[i] ?? '').trim() : '';
  };
  const works: Work[] = rows.slice(1).map(({ record, info }) => {
    const lens = record[id]?.trim();
    if (!lens) throw new UserError('record without a Lens ID', { file, line: info.lines, column: id + 1, field: 'Lens ID' });
    return {
      id: `lens:${lens}`,
      year: get(record, 'Date Published') || get(record, 'Publication Year') || undefined,
      title: get(record, 'Title') || undefined,
      authors: split(record[authorsCol]).map(familyFirst),
      keywords: split(get(record, 'Keywords')),
      fields: split(get(record, 'Fields of Study')),
      orcids: new Map(),
      addresses: new Map(),
      shared: [],
      line: info.lines,
    };
  });
  return toRecords(works, file);
}

/**
 * UKRI Gateway to Research CSV extracts, read together: project exports (ProjectReference, Title, StartDate,
 * LeadROName, Department, Region, PISurname, PIFirstName, PI ORCID iD, PIId, Student… columns) give projects
 * with their principal investigator (and student) and lead organisation; subject extracts (grantReference,
 * text) give each project's subjects as fields; topic extracts (told apart by a file name containing "topic",
 * else by their column order) give keywords; a location table (Location, Latitude, Longitude) places the lead
 * organisations. "Unclassified" subjects and topics are left out.
 */
export function parseGtr(files: { file: string; text: string }[]): Records {
  const projects = new Map<string, { activity: { id: string; date?: string; title?: string; keywords: string[]; fields: string[] }; people: { id: string; name: string; orcid?: string; role: string }[]; organisation?: string; region?: string }>();
  const project = (ref: string) => {
    let p = projects.get(ref);
    if (!p) projects.set(ref, (p = { activity: { id: ref, keywords: [], fields: [] }, people: [] }));
    return p;
  };
  const places = new Map<string, { latitude: number; longitude: number }>();
  const kinds: string[] = [];
  for (const { file, text } of files) {
    const { rows, col } = csvTable(text, file, 'Gateway to Research');
    const get = (record: string[], name: string) => {
      const i = col(name);
      return i >= 0 ? (record[i] ?? '').trim() : '';
    };
    if (col('ProjectReference') >= 0) {
      kinds.push('projects');
      for (const { record, info } of rows.slice(1)) {
        const ref = get(record, 'ProjectReference');
        if (!ref) throw new UserError('project without a ProjectReference', { file, line: info.lines, column: col('ProjectReference') + 1, field: 'ProjectReference' });
        const p = project(ref);
        p.activity.title = get(record, 'Title') || p.activity.title;
        const start = get(record, 'StartDate');
        const iso = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(start); // GtR writes dd/mm/yyyy
        p.activity.date = iso ? `${iso[3]}-${iso[2]}-${iso[1]}` : start || p.activity.date;
        p.organisation = get(record, 'LeadROName') || p.organisation;
        p.region = get(record, 'Region') || p.region;
        for (const [prefix, role] of [['PI', 'principal investigator'], ['Student', 'student']] as const) {
          const surname = get(record, `${prefix}Surname`);
          if (!surname) continue;
          const name = `${surname}, ${[get(record, `${prefix}FirstName`), get(record, `${prefix}OtherNames`)].filter(Boolean).join(' ')}`;
          const orcid = /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/.exec(get(record, `${prefix} ORCID iD`))?.[1];
          const gtrId = get(record, `${prefix}Id`);
          const id = orcid ? `orcid:${orcid}` : gtrId ? `gtr:${gtrId}` : nameKey(name);
          if (!p.people.some((x) => x.id === id)) p.people.push({ id, name, ...(orcid && { orcid }), role });
        }
      }
    } else if (col('grantReference') >= 0 && col('text') >= 0) {
      const topics = /topic/i.test(file) || col('encodedText') < col('percentage');
      kinds.push(topics ? 'topics' : 'subjects');
      for (const { record, info } of rows.slice(1)) {
        const ref = get(record, 'grantReference');
        const term = get(record, 'text');
        if (!ref) throw new UserError('row without a grantReference', { file, line: info.lines, column: col('grantReference') + 1, field: 'grantReference' });
        if (!term || term === 'Unclassified') continue;
        const list = topics ? project(ref).activity.keywords : project(ref).activity.fields;
        if (!list.includes(term)) list.push(term);
      }
    } else if (col('Location') >= 0 && col('Latitude') >= 0) {
      kinds.push('locations');
      for (const { record } of rows.slice(1)) {
        const lat = Number(get(record, 'Latitude'));
        const lon = Number(get(record, 'Longitude'));
        if (Number.isFinite(lat) && Number.isFinite(lon) && get(record, 'Location') !== 'NA') places.set(get(record, 'Location'), { latitude: lat, longitude: lon });
      }
    } else throw new UserError('not a Gateway to Research extract: expected ProjectReference (projects), grantReference and text (subjects, topics) or Location, Latitude, Longitude columns', { file, line: 1 });
  }
  const actors = new Map<string, Actor>();
  const activities: Activity[] = [];
  const participations: Participation[] = [];
  for (const p of projects.values()) {
    activities.push({ id: p.activity.id, type: 'project', ...(p.activity.date && { date: p.activity.date }), ...(p.activity.title && { title: p.activity.title }), keywords: p.activity.keywords, fields: p.activity.fields });
    for (const person of p.people) {
      let a = actors.get(person.id);
      if (!a) {
        const place = p.organisation ? places.get(p.organisation) : undefined;
        a = { id: person.id, kind: 'person', name: person.name, disciplines: [], country: 'United Kingdom', ...(person.orcid && { orcid: person.orcid }), ...(p.organisation && { organisation: p.organisation }), ...(p.region && { region: p.region }), ...place };
        actors.set(person.id, a);
      }
      for (const f of p.activity.fields) {
        const d = a.disciplines.find((x) => x.code === f);
        if (d) d.weight += 1 / p.activity.fields.length;
        else a.disciplines.push({ code: f, weight: 1 / p.activity.fields.length });
      }
      participations.push({ activity: p.activity.id, actor: person.id, role: person.role, ...(p.organisation && { organisation: p.organisation }), country: 'United Kingdom' });
    }
  }
  if (activities.length === 0) throw new UserError(`no projects found in ${files.map((f) => f.file).join(', ')}`, { file: files[0]?.file ?? '' });
  return { actors: [...actors.values()], activities, participations };
}
