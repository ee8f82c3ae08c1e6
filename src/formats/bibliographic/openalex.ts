/** OpenAlex works (JSON in any layout, or the web app's CSV) and Lens.org scholarly CSV. */
import { UserError } from '../../errors.js';
import { countryName } from '../../countries.js';
import { csvTable } from './csv-table.js';
import { familyFirst } from './names.js';
import { abstractOf, count, firstPage, normaliseDoi, splitList, type Authorship, type Work } from './work.js';

const OPENALEX_TYPES: Record<string, string> = { education: 'university', company: 'business', government: 'policy body', facility: 'research institute', nonprofit: 'other', healthcare: 'other', archive: 'other', funder: 'other', other: 'other' };

export interface OpenAlexWork {
  id?: string;
  doi?: string | null;
  display_name?: string;
  title?: string;
  publication_year?: number;
  publication_date?: string;
  authorships?: { author?: { id?: string; display_name?: string; orcid?: string | null }; institutions?: { id?: string; display_name?: string; country_code?: string | null; type?: string | null; ror?: string | null }[]; countries?: string[] }[];
  keywords?: { display_name?: string }[];
  primary_topic?: { display_name?: string; field?: { display_name?: string } } | null;
  primary_location?: { source?: { display_name?: string | null } | null } | null;
  host_venue?: { display_name?: string | null } | null;
  biblio?: { volume?: string | null; first_page?: string | null } | null;
  cited_by_count?: number;
  abstract_inverted_index?: Record<string, number[]> | null;
  /** The web app's CSV writes the abstract as text. */
  abstract?: string;
  referenced_works?: string[];
}

/** OpenAlex's abstract, stored as word → positions, back into its text. */
export function invertedAbstract(index: Record<string, number[]> | null | undefined): string | undefined {
  if (!index) return undefined;
  const words: string[] = [];
  for (const [word, positions] of Object.entries(index)) for (const p of positions) if (Number.isInteger(p) && p >= 0 && p < 1e6) words[p] = word;
  // a gap means a cut-down index: the words before it only
  const gap = words.findIndex((w) => w === undefined);
  const text = (gap < 0 ? words : words.slice(0, gap)).join(' ');
  return text || undefined;
}

const shortId = (url: string | undefined | null) => (url ?? '').replace(/^https?:\/\/(openalex\.org|orcid\.org|ror\.org)\//, '');

/**
 * The works of an OpenAlex JSON file in any layout: one work (as `curl … | jq .` saves it), an array of works, an API
 * page `{meta, results: […]}`, or JSON lines (one work per line).
 */
export function openAlexJsonList(text: string, file: string): OpenAlexWork[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    // JSON lines: each non-empty line one work
    const lines = trimmed.split('\n');
    return lines.flatMap((l, i) => {
      if (!l.trim()) return [];
      try {
        return [JSON.parse(l) as OpenAlexWork];
      } catch (err) {
        throw new UserError(`not OpenAlex JSON (a work, an array of works, an API page or one work per line): ${(err as Error).message}`, { file, line: i + 1 });
      }
    });
  }
  if (Array.isArray(whole)) return whole as OpenAlexWork[];
  if (whole && typeof whole === 'object') {
    const o = whole as { results?: unknown; id?: unknown };
    if (Array.isArray(o.results)) return o.results as OpenAlexWork[];
    if (typeof o.id === 'string') return [whole as OpenAlexWork];
  }
  throw new UserError('not OpenAlex JSON: expected a work (with an id), an array of works, an API page {results: […]} or one work per line', { file });
}

/**
 * OpenAlex works: authors by ORCID, else OpenAlex author id; each authorship's first institution (with its type) and
 * country; keywords; the primary topic's field as the activity's field.
 */
export function openAlexWorks(list: readonly OpenAlexWork[], file: string): Work[] {
  if (list.length === 0) throw new UserError('no OpenAlex works found', { file });
  return list.map((w, i) => {
    const id = shortId(w?.id);
    if (!id) throw new UserError(`work ${i + 1} has no id`, { file, field: 'id' });
    const authors: Authorship[] = (w.authorships ?? []).map((a) => {
      const inst = a.institutions?.[0];
      const code = inst?.country_code ?? a.countries?.[0];
      const organisation = inst?.display_name?.replace(/,/g, ' ');
      const organisationType = inst?.type ? (OPENALEX_TYPES[inst.type] ?? 'other') : undefined;
      return {
        name: familyFirst(a.author?.display_name ?? shortId(a.author?.id)),
        ids: { ...(a.author?.orcid && { orcid: shortId(a.author.orcid) }), ...(a.author?.id && { openalex: shortId(a.author.id) }) },
        ...(organisation && { organisation }),
        ...(organisation && organisationType && { organisationType }),
        ...(code && { country: countryName(code) }),
      };
    });
    const field = w.primary_topic?.field?.display_name ?? w.primary_topic?.display_name;
    const doi = normaliseDoi(w.doi);
    return {
      id,
      ...(doi && { doi }),
      year: w.publication_date ?? (w.publication_year ? String(w.publication_year) : undefined),
      title: w.display_name ?? w.title,
      ...abstractOf(w.abstract ?? invertedAbstract(w.abstract_inverted_index)),
      authors,
      keywords: (w.keywords ?? []).map((k) => k.display_name ?? '').filter(Boolean),
      indexKeywords: (w.keywords ?? []).map((k) => k.display_name ?? '').filter(Boolean),
      fields: field ? [field] : [],
      source: w.primary_location?.source?.display_name ?? w.host_venue?.display_name ?? undefined,
      volume: w.biblio?.volume ?? undefined,
      page: firstPage(w.biblio?.first_page ?? undefined),
      ...(typeof w.cited_by_count === 'number' && { citedBy: w.cited_by_count }),
      references: (w.referenced_works ?? []).map((r) => `openalex:${shortId(r)}`),
      file,
      line: i + 1,
    };
  });
}

/** OpenAlex CSV (the web app's export): authorship columns joined by "|", aligned by author. */
export function openAlexCsvWorks(text: string, file: string): Work[] {
  const { rows, need, get } = csvTable(text, file, 'OpenAlex');
  const id = need('id');
  need('authorships.author.display_name');
  const pipes = (v: string) => (v === '' ? [] : v.split('|').map((x) => x.trim()));
  const list: OpenAlexWork[] = rows.map(({ record, info }) => {
    if (!record[id]?.trim()) throw new UserError('record without an id', { file, line: info.lines, column: id + 1, field: 'id' });
    const display = pipes(get(record, 'authorships.author.display_name'));
    const ids = pipes(get(record, 'authorships.author.id'));
    const orcid = pipes(get(record, 'authorships.author.orcid'));
    const countries = pipes(get(record, 'authorships.countries'));
    const insts = pipes(get(record, 'authorships.institutions.display_name'));
    const aligned = insts.length === display.length;
    return {
      id: record[id],
      doi: get(record, 'doi') || null,
      display_name: get(record, 'display_name') || get(record, 'title'),
      abstract: get(record, 'abstract'),
      publication_date: get(record, 'publication_date') || undefined,
      publication_year: Number(get(record, 'publication_year')) || undefined,
      authorships: display.map((n, k) => ({
        author: { id: ids[k], display_name: n, orcid: orcid[k] || null },
        institutions: aligned && insts[k] ? [{ display_name: insts[k], country_code: countries[k] || null }] : [],
        countries: countries[k] ? [countries[k]] : [],
      })),
      keywords: pipes(get(record, 'keywords.display_name')).map((k) => ({ display_name: k })),
      primary_location: { source: { display_name: get(record, 'primary_location.source.display_name') || null } },
      ...(count(get(record, 'cited_by_count')) !== undefined && { cited_by_count: count(get(record, 'cited_by_count')) }),
      referenced_works: pipes(get(record, 'referenced_works')),
      primary_topic: get(record, 'primary_topic.display_name') ? { display_name: get(record, 'primary_topic.display_name'), ...(get(record, 'primary_topic.field.display_name') && { field: { display_name: get(record, 'primary_topic.field.display_name') } }) } : null,
    };
  });
  const works = openAlexWorks(list, file);
  rows.forEach(({ info }, k) => (works[k].line = info.lines));
  return works;
}

/** Lens.org scholarly CSV: Lens ID, authors (given names first, no affiliations in the export), fields of study, keywords. */
export function lensCsvWorks(text: string, file: string): Work[] {
  const { rows, need, get } = csvTable(text, file, 'Lens');
  const id = need('Lens ID');
  const authorsCol = need('Author/s');
  return rows.map(({ record, info }) => {
    const lens = record[id]?.trim();
    if (!lens) throw new UserError('record without a Lens ID', { file, line: info.lines, column: id + 1, field: 'Lens ID' });
    const doi = normaliseDoi(get(record, 'DOI'));
    return {
      id: `lens:${lens}`,
      ...(doi && { doi }),
      year: get(record, 'Date Published') || get(record, 'Publication Year') || undefined,
      title: get(record, 'Title') || undefined,
      ...abstractOf(get(record, 'Abstract')),
      authors: splitList(record[authorsCol]).map((a) => ({ name: familyFirst(a), ids: {} })),
      keywords: splitList(get(record, 'Keywords')),
      authorKeywords: splitList(get(record, 'Keywords')),
      fields: splitList(get(record, 'Fields of Study')),
      source: get(record, 'Source Title') || undefined,
      volume: get(record, 'Volume') || undefined,
      page: firstPage(get(record, 'Start Page')),
      ...(count(get(record, 'Citing Works Count')) !== undefined && { citedBy: count(get(record, 'Citing Works Count')) }),
      references: splitList(get(record, 'References')).map((r) => `lens:${r}`),
      file,
      line: info.lines,
    };
  });
}
