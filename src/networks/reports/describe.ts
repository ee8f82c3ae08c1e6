import { UserError } from '../../errors.js';
import { annualProduction, bradford, growthRate, impact, latestYear, lotka, mostCited, threeFields, topUnits, UNIT_KINDS, unitsOfDocuments, type UnitKind } from '../bibliometrics.js';
import { localCitations } from '../citation.js';
import type { KeywordKind } from '../keywords.js';
import { keptActivities, yearOf, type Records } from '../records.js';
import type { Report, Row } from '../../report.js';

export const DESCRIBE_REPORTS = ['summary', 'production', 'authors', 'sources', 'organisations', 'countries', 'keywords', 'cited', 'local', 'hindex', 'lotka', 'bradford', 'three-fields'] as const;
export type DescribeReport = (typeof DESCRIBE_REPORTS)[number];

export interface DescribeOptions {
  report: DescribeReport;
  /** hindex: of authors or sources. */
  unit?: 'person' | 'source';
  /** three-fields: the left, middle and right fields. */
  fields?: readonly string[];
  /** Rows of the top-unit reports, items per field of three-fields. */
  top?: number;
  keywords?: KeywordKind;
  thesaurus?: ReadonlyMap<string, string>;
  /** The year per-year rates and m-indices count to (default: the latest publication year). */
  asOf?: number;
  from?: number;
  to?: number;
}

/**
 * Descriptive bibliometrics of records, as bibliometrix: the summary, annual production, top authors, sources,
 * organisations, countries and keywords, most cited (globally and locally), h-, g- and m-indices, Lotka's law,
 * Bradford's zones and the three-fields plot's flows.
 */
export function describeReport(records: Records, o: DescribeOptions): Report {
  const activities = keptActivities(records, { ...(o.from !== undefined && { from: o.from }), ...(o.to !== undefined && { to: o.to }) });
  if (activities.length === 0) throw new UserError('no activity in the years asked', { field: 'from' });
  const top = o.top ?? 20;
  const asOf = o.asOf ?? latestYear(activities);
  const kw = { keywords: o.keywords ?? 'author', ...(o.thesaurus && { thesaurus: o.thesaurus as Map<string, string> }) };
  const names = new Map(records.actors.map((a) => [a.id, a.name]));
  const name = (unit: string, kind: string) => (kind === 'person' ? (names.get(unit) ?? unit) : unit);
  const meta = { report: o.report, documents: activities.length, asOf };
  const out = (columns: string[], rows: readonly Row[], notices: string[] = []): Report => ({ columns, rows, notices, meta });
  switch (o.report) {
    case 'summary': {
      const production = annualProduction(activities);
      const authorsOf = unitsOfDocuments(records, activities, 'person');
      const perDoc = activities.map((a) => (authorsOf.get(a.id) ?? []).length);
      const single = activities.filter((_, i) => perDoc[i] === 1);
      const multi = activities.filter((_, i) => perDoc[i] > 1);
      const authors = new Set(activities.flatMap((a) => authorsOf.get(a.id) ?? []));
      const singleAuthors = new Set(single.flatMap((a) => authorsOf.get(a.id) ?? []));
      const refs = new Set(activities.flatMap((a) => a.references ?? []));
      const cited = activities.filter((a) => a.citedBy !== undefined);
      const rows: [string, string | number][] = [
        ['timespan', production.length ? `${production[0].year}:${production[production.length - 1].year}` : ''],
        ['sources', new Set(activities.map((a) => a.source).filter(Boolean)).size],
        ['documents', activities.length],
        ['annual growth rate %', growthRate(production)],
        ['average citations per document', cited.length ? cited.reduce((s, a) => s + a.citedBy!, 0) / cited.length : NaN],
        ['references', refs.size],
        ['keywords plus / index keywords', new Set(activities.flatMap((a) => (a.indexKeywords ?? []).map((k) => k.toLowerCase()))).size],
        ["author's keywords", new Set(activities.flatMap((a) => (a.authorKeywords ?? []).map((k) => k.toLowerCase()))).size],
        ['authors', authors.size],
        ['author appearances', perDoc.reduce((s, x) => s + x, 0)],
        ['authors of single-authored documents', singleAuthors.size],
        ['single-authored documents', single.length],
        ['authors per document', perDoc.reduce((s, x) => s + x, 0) / activities.length],
        ['collaboration index', multi.length ? multi.reduce((s, a) => s + (authorsOf.get(a.id) ?? []).length, 0) / multi.length : NaN],
      ];
      return out(['measure', 'value'], rows.map(([measure, value]) => ({ measure, value })));
    }
    case 'production':
      return out(['year', 'documents'], annualProduction(activities));
    case 'authors':
    case 'sources':
    case 'organisations':
    case 'countries':
    case 'keywords': {
      const kind = ({ authors: 'person', sources: 'source', organisations: 'organisation', countries: 'country', keywords: 'keyword' } as const)[o.report];
      return out(['unit', 'documents', 'fractional', 'citations'], topUnits(records, activities, kind, kw).slice(0, top).map((u) => ({ ...u, unit: name(u.unit, kind) })));
    }
    case 'cited':
      return out(['id', 'title', 'year', 'citations', 'per_year'], mostCited(activities, asOf).slice(0, top).map((d) => ({ id: d.id, title: d.title, year: d.year, citations: d.citations, per_year: d.perYear })));
    case 'local': {
      const local = localCitations(records, activities);
      const rows = activities.map((a) => ({ id: a.id, title: a.title, year: yearOf(a), local_citations: local.get(a.id) ?? 0, global_citations: a.citedBy })).sort((x, y) => y.local_citations - x.local_citations || (x.id < y.id ? -1 : 1));
      return out(['id', 'title', 'year', 'local_citations', 'global_citations'], rows.slice(0, top));
    }
    case 'hindex': {
      const unit = o.unit ?? 'person';
      return out(['unit', 'h', 'g', 'm', 'citations', 'documents', 'first_year'], impact(records, activities, unit, asOf).slice(0, top).map((x) => ({ unit: name(x.unit, unit), h: x.h, g: x.g, m: x.m, citations: x.citations, documents: x.documents, first_year: x.firstYear })));
    }
    case 'lotka': {
      const l = lotka(topUnits(records, activities, 'person').map((u) => u.documents));
      return out(['documents', 'authors', 'share'], l.distribution.map((d) => ({ ...d })), [`Lotka: beta ${l.beta.toFixed(4)}, C ${l.c.toFixed(4)}, R² ${l.r2.toFixed(4)}, Kolmogorov–Smirnov p ${l.p.toFixed(4)} against beta = 2`]);
    }
    case 'bradford':
      return out(['source', 'rank', 'documents', 'cumulative', 'zone'], bradford(activities).map((b) => ({ ...b })));
    case 'three-fields': {
      const fields = (o.fields ?? ['person', 'keyword', 'source']).map((x) => x.trim());
      if (fields.length !== 3 || !fields.every((f) => (UNIT_KINDS as readonly string[]).includes(f))) throw new UserError(`fields takes three of ${UNIT_KINDS.join(', ')}, separated by commas`, { field: 'fields' });
      const rows = threeFields(records, activities, fields as [UnitKind, UnitKind, UnitKind], top, kw);
      return out(['from_field', 'from', 'to_field', 'to', 'documents'], rows.map((r) => ({ from_field: r.fromField, from: name(r.from, r.fromField), to_field: r.toField, to: name(r.to, r.toField), documents: r.documents })));
    }
  }
}
