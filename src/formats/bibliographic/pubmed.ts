/**
 * PubMed's MEDLINE format (.nbib, "PubMed" in the Save dialog): records separated by blank lines, four-character tags
 * ("PMID- ", "FAU - "), continuation lines indented six spaces. Authors from FAU (full names; else AU), each with the
 * affiliations (AD) and identifiers (AUID "ORCID: …") that follow it. Records indexed before 2014 carry one AD before
 * the authors, the first author's affiliation only (NLM recorded no other then): it places the first author alone. Author keywords from OT, MeSH headings from MH (as the
 * database's keywords), the DOI from AID or LID, the journal from JT. MEDLINE carries no cited references.
 */
import { UserError } from '../../errors.js';
import { countryOf, institutionOf } from './addresses.js';
import { abstractOf, firstPage, normaliseDoi, type Authorship, type Work } from './work.js';

/** An affiliation without its e-mail ("…, USA. david_kane@sra.com", "Electronic address: …"). */
function cleanAddress(ad: string): string {
  return ad
    .replace(/\s*Electronic address:.*$/i, '')
    .replace(/\s*\S+@\S+/g, '')
    .replace(/[.;\s]+$/, '')
    .trim();
}

function placed(name: string, addresses: string[], orcid: string | undefined): Authorship {
  const ad = addresses.length ? cleanAddress(addresses[0]) : '';
  const parts = ad.split(',').map((x) => x.trim()).filter(Boolean);
  const organisation = parts.length ? institutionOf(parts) : undefined;
  const country = ad ? countryOf(ad) : undefined;
  return { name, ids: orcid ? { orcid } : {}, ...(organisation && { organisation }), ...(country && { country }) };
}

export function pubmedWorks(text: string, file: string): Work[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const works: Work[] = [];
  let fields: { tag: string; value: string }[] = [];
  let start = 0;
  const flush = () => {
    if (fields.length === 0) return;
    works.push(pubmedWork(fields, file, start));
    fields = [];
  };
  lines.forEach((raw, i) => {
    if (raw.trim() === '') {
      flush();
      return;
    }
    if (/^ {6}\S/.test(raw) || /^ {2,}\S/.test(raw)) {
      if (fields.length === 0) throw new UserError('a continuation line outside a record', { file, line: i + 1, column: 1 });
      fields[fields.length - 1].value += ` ${raw.trim()}`;
      return;
    }
    const m = /^([A-Z]{2,4})\s*- ?(.*)$/.exec(raw);
    if (!m) throw new UserError(`expected a MEDLINE tag ("PMID- ", "TI  - "), found "${raw.slice(0, 20)}": not a PubMed (MEDLINE) export`, { file, line: i + 1, column: 1 });
    if (fields.length === 0) start = i + 1;
    fields.push({ tag: m[1], value: m[2].trim() });
  });
  flush();
  if (works.length === 0) throw new UserError('no PubMed records (PMID- …) found', { file });
  return works;
}

function pubmedWork(fields: { tag: string; value: string }[], file: string, line: number): Work {
  const all = (tag: string) => fields.filter((f) => f.tag === tag).map((f) => f.value);
  const one = (tag: string) => all(tag)[0];
  const pmid = one('PMID');
  if (!pmid) throw new UserError('record without a PMID', { file, line, field: 'PMID' });
  // each author with the AD and AUID lines that follow it; AD lines before the first author are the record's
  // FAU starts an author when the record has full names (its AU line then repeats the short form); else AU does
  const start = fields.some((f) => f.tag === 'FAU') ? 'FAU' : 'AU';
  const authors: { name: string; addresses: string[]; orcid?: string }[] = [];
  const recordAddresses: string[] = [];
  for (const f of fields) {
    if (f.tag === start) authors.push({ name: f.value, addresses: [] });
    else if (f.tag === 'AD') (authors.length ? authors[authors.length - 1].addresses : recordAddresses).push(f.value);
    else if (f.tag === 'AUID' && authors.length) {
      const orcid = /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/.exec(f.value)?.[1];
      if (orcid) authors[authors.length - 1].orcid = orcid;
    }
  }
  // before 2014 MEDLINE recorded the first author's affiliation only
  const firstAuthors = recordAddresses.slice(0, 1);
  const doi = normaliseDoi([...all('AID'), ...all('LID')].find((v) => /\[doi\]/.test(v))?.replace(/\s*\[doi\]/, ''));
  const mesh = all('MH').map((m) => m.replace(/\*/g, '').trim());
  const keywords = all('OT');
  const year = /\d{4}/.exec(one('DP') ?? '')?.[0];
  return {
    id: `pmid:${pmid}`,
    ...(doi && { doi }),
    year,
    title: one('TI'),
    ...abstractOf(one('AB')),
    authors: authors.map((a, k) => placed(a.name, a.addresses.length ? a.addresses : k === 0 ? firstAuthors : [], a.orcid)),
    keywords: [...keywords, ...mesh],
    authorKeywords: keywords,
    indexKeywords: mesh,
    fields: [],
    source: one('JT') ?? one('TA'),
    volume: one('VI'),
    page: firstPage(one('PG')),
    file,
    line,
  };
}
