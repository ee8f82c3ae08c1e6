import { bibtexName, familyName, parseAuthorName, risName, withoutNotes } from './author-name.js';

/**
 * Citation exports of a library item: BibTeX and RIS. Types map to the closest entry type of each
 * (BibTeX: article, techreport, misc, dataset via misc; RIS: JOUR, RPRT, GEN, DATA, VIDEO, SOUND, CASE, NEWS, COMP, GRANT).
 */
export interface Citable {
  id: string;
  type: string;
  title: string;
  summary: string;
  authors: { name: string }[];
  organisations: { name: string }[];
  publishedOn: string | null;
  doi: string | null;
  url: string | null;
  keywords: string[];
  licence: string | null;
}

const BIBTEX_TYPE: Record<string, string> = {
  journal_article: 'article',
  working_paper: 'techreport',
  briefing_paper: 'techreport',
  policy_brief: 'techreport',
  report: 'techreport',
  systematic_review: 'techreport',
  research_summary: 'techreport',
};

const RIS_TYPE: Record<string, string> = {
  journal_article: 'JOUR',
  working_paper: 'RPRT',
  briefing_paper: 'RPRT',
  policy_brief: 'RPRT',
  report: 'RPRT',
  systematic_review: 'RPRT',
  research_summary: 'RPRT',
  case_study: 'CASE',
  dataset: 'DATA',
  tool: 'COMP',
  webinar_recording: 'VIDEO',
  video: 'VIDEO',
  podcast: 'SOUND',
  news: 'NEWS',
  research_project: 'GRANT',
};

/** BibTeX braces and the characters LaTeX treats specially. */
function tex(s: string): string {
  return s.replace(/[\\{}]/g, '').replace(/([&%$#_])/g, '\\$1').replace(/~/g, '\\textasciitilde{}').replace(/\^/g, '\\textasciicircum{}').replace(/\s+/g, ' ');
}

export function citationKey(c: Citable): string {
  const first = c.authors[0] ? familyName(parseAuthorName(c.authors[0].name)) : c.organisations[0] ? withoutNotes(c.organisations[0].name) : 'item';
  const family = first.normalize('NFKD').replace(/[^A-Za-z0-9]/g, '');
  return `${family || 'item'}${c.publishedOn?.slice(0, 4) ?? ''}${c.id.slice(0, 4)}`;
}

export function toBibtex(c: Citable, url: string): string {
  const type = BIBTEX_TYPE[c.type] ?? 'misc';
  const fields: [string, string | null][] = [
    ['title', `{${tex(c.title)}}`],
    ['author', c.authors.length ? c.authors.map((a) => bibtexName(parseAuthorName(tex(a.name)))).join(' and ') : null],
    [type === 'techreport' ? 'institution' : 'organization', c.organisations.length ? c.organisations.map((o) => tex(withoutNotes(o.name))).join(' and ') : null],
    ['year', c.publishedOn?.slice(0, 4) ?? null],
    ['month', c.publishedOn ? String(Number(c.publishedOn.slice(5, 7))) : null],
    ['doi', c.doi],
    ['url', c.url ?? url],
    ['abstract', tex(c.summary)],
    ['keywords', c.keywords.length ? tex(c.keywords.join(', ')) : null],
    ['note', c.licence ? `Licence: ${tex(c.licence)}` : null],
  ];
  if (type === 'techreport' && !fields.some(([k, v]) => k === 'institution' && v)) fields.push(['institution', '{Proximity}']);
  const body = fields.filter(([, v]) => v).map(([k, v]) => `  ${k} = {${v}}`).join(',\n');
  return `@${type}{${citationKey(c)},\n${body}\n}\n`;
}

export function toRis(c: Citable, url: string): string {
  const lines: [string, string][] = [['TY', RIS_TYPE[c.type] ?? 'GEN'], ['TI', c.title]];
  for (const a of c.authors) lines.push(['AU', risName(parseAuthorName(a.name))]);
  for (const o of c.organisations) lines.push(['PB', withoutNotes(o.name)]);
  if (c.publishedOn) {
    lines.push(['PY', c.publishedOn.slice(0, 4)]);
    lines.push(['DA', c.publishedOn.replace(/-/g, '/')]);
  }
  if (c.doi) lines.push(['DO', c.doi]);
  lines.push(['UR', c.url ?? url]);
  lines.push(['AB', c.summary.replace(/\s+/g, ' ')]);
  for (const k of c.keywords) lines.push(['KW', k]);
  lines.push(['ER', '']);
  return lines.map(([tag, v]) => `${tag}  - ${v.replace(/[\r\n]+/g, ' ')}`.trimEnd()).join('\r\n') + '\r\n';
}
