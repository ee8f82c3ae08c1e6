/**
 * Cited references in one layout, Web of Science's: "FIRST AUTHOR, YEAR, SOURCE, V<volume>, P<page>, DOI <doi>"
 * (upper case but the DOI). The importers write every database's references in it (formats/bibliographic/references.ts);
 * references to records by id are kept as the id ("openalex:W…", "lens:…").
 */

import { foldAccents } from '../text.js';

export interface CitedReference {
  author?: string;
  year?: string;
  source?: string;
  volume?: string;
  page?: string;
  doi?: string;
}

const fold = (s: string) => foldAccents(s).replace(/\s+/g, ' ').trim();

/** "10.1016/J.JOI.2017.08.007" or "https://doi.org/…" → "10.1016/j.joi.2017.08.007"; undefined when it is not a DOI. */
export function normaliseDoi(text: string | undefined | null): string | undefined {
  const m = /(10\.\d{4,9}\/\S+)/.exec((text ?? '').trim());
  return m ? m[1].replace(/[.,;\]]+$/, '').toLowerCase() : undefined;
}

/** A reference in the one layout: "ARIA M, 2017, J INFORMETR, V11, P959, DOI 10.1016/j.joi.2017.08.007". */
export function formatReference(r: CitedReference): string {
  const parts = [r.author ? fold(r.author).toUpperCase() : '[ANONYMOUS]'];
  if (r.year) parts.push(r.year);
  if (r.source) parts.push(fold(r.source).toUpperCase());
  if (r.volume) parts.push(`V${r.volume}`);
  if (r.page) parts.push(`P${r.page}`);
  if (r.doi) parts.push(`DOI ${r.doi}`);
  return parts.join(', ');
}

/** A reference in the one layout read back into its parts. */
export function parseReference(text: string): CitedReference {
  const parts = text.split(/,\s*/).map((p) => p.trim());
  const out: CitedReference = {};
  const author = parts[0] && !/^\d{4}$/.test(parts[0]) ? parts.shift()! : undefined;
  if (author && !/^\[?anonymous\]?$/i.test(author)) out.author = author.replace(/\.$/, '');
  if (parts[0] && /^\d{4}$/.test(parts[0])) out.year = parts.shift();
  const rest: string[] = [];
  for (const p of parts) {
    const doi = /^DOI\s+\[?(.*?)\]?$/i.exec(p);
    if (doi) {
      out.doi ??= normaliseDoi(doi[1]);
      continue;
    }
    if (/^V[\w-]+$/.test(p) && !out.volume) out.volume = p.slice(1);
    else if (/^P[\w-]+$/.test(p) && !out.page) out.page = p.slice(1);
    else if (!out.source && !out.volume && !out.page) rest.push(p);
  }
  if (rest.length) out.source = rest.join(', ');
  return out;
}
