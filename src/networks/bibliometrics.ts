/**
 * Descriptive bibliometrics of imported records, as bibliometrix's biblioAnalysis, summary, Hindex, lotka and bradford
 * compute them: annual production and its growth rate, the most productive units, the most cited documents, h-, g-
 * and m-indices, Lotka's law, Bradford's zones, and the three-field table.
 */
import { documentKeywords, type KeywordKind, type Thesaurus } from './keywords.js';
import { unitsOfActivities, yearOf, type Activity, type Records } from './records.js';

/** Documents per year, every year from the first to the last (zeros included). */
export function annualProduction(activities: readonly Activity[]): { year: number; documents: number }[] {
  const years = activities.map(yearOf).filter((y): y is number => y !== undefined);
  if (years.length === 0) return [];
  const first = Math.min(...years);
  const last = Math.max(...years);
  const out = Array.from({ length: last - first + 1 }, (_, i) => ({ year: first + i, documents: 0 }));
  for (const y of years) out[y - first].documents++;
  return out;
}

/**
 * Annual percentage growth rate (bibliometrix summary): ((last / first)^(1 / (years − 1)) − 1) · 100 over the first and
 * last years' documents. NaN when it is undefined (one year, or no document in the first).
 */
export function growthRate(production: readonly { year: number; documents: number }[]): number {
  if (production.length < 2) return NaN;
  const first = production[0].documents;
  const last = production[production.length - 1].documents;
  return first > 0 ? ((last / first) ** (1 / (production.length - 1)) - 1) * 100 : NaN;
}

export const UNIT_KINDS = ['person', 'source', 'organisation', 'country', 'keyword'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Each document's units of a kind: its people, source, organisations, countries (records.ts), or keywords. */
export function unitsOfDocuments(records: Records, activities: readonly Activity[], kind: UnitKind, keywords: KeywordKind = 'author', thesaurus?: Thesaurus): Map<string, string[]> {
  if (kind !== 'keyword') return unitsOfActivities(records, activities, kind);
  const kw = documentKeywords(activities, keywords, thesaurus);
  return new Map(activities.map((a, i) => [a.id, kw[i]]));
}

export interface UnitProduction {
  unit: string;
  /** Documents. */
  documents: number;
  /** Documents counted fractionally: each document shared equally among its units (bibliometrix "Articles Fractionalized"). */
  fractional: number;
  /** Total citations of the documents (times cited as the database gave them). */
  citations: number;
}

/** The most productive units: documents, fractional documents and citations, most documents first. */
export function topUnits(records: Records, activities: readonly Activity[], kind: UnitKind, options: { keywords?: KeywordKind; thesaurus?: Thesaurus } = {}): UnitProduction[] {
  const units = unitsOfDocuments(records, activities, kind, options.keywords, options.thesaurus);
  const out = new Map<string, UnitProduction>();
  for (const a of activities) {
    const list = units.get(a.id) ?? [];
    for (const u of list) {
      let r = out.get(u);
      if (!r) out.set(u, (r = { unit: u, documents: 0, fractional: 0, citations: 0 }));
      r.documents++;
      r.fractional += 1 / list.length;
      r.citations += a.citedBy ?? 0;
    }
  }
  return [...out.values()].sort((x, y) => y.documents - x.documents || y.fractional - x.fractional || (x.unit < y.unit ? -1 : 1));
}

/** The latest publication year of the records: the default "now" of per-year rates, so that results do not depend on the day. */
export function latestYear(activities: readonly Activity[]): number {
  let y = -Infinity;
  for (const a of activities) y = Math.max(y, yearOf(a) ?? -Infinity);
  return Number.isFinite(y) ? y : new Date().getUTCFullYear();
}

/** The most cited documents: times cited, and per year since publication, (asOf − year + 1) years (bibliometrix "TC per Year"). */
export function mostCited(activities: readonly Activity[], asOf = latestYear(activities)): { id: string; title?: string; year?: number; citations: number; perYear: number }[] {
  return activities
    .filter((a) => a.citedBy !== undefined)
    .map((a) => {
      const year = yearOf(a);
      const citations = a.citedBy!;
      return { id: a.id, ...(a.title && { title: a.title }), ...(year !== undefined && { year }), citations, perYear: year !== undefined ? citations / Math.max(1, asOf - year + 1) : NaN };
    })
    .sort((x, y) => y.citations - x.citations || (x.id < y.id ? -1 : 1));
}

/** h-index (Hirsch 2005): the largest h with h documents cited at least h times each. */
export function hIndex(citations: readonly number[]): number {
  const c = [...citations].sort((a, b) => b - a);
  let h = 0;
  while (h < c.length && c[h] >= h + 1) h++;
  return h;
}

/** g-index (Egghe 2006): the largest g whose g most cited documents have at least g² citations together. */
export function gIndex(citations: readonly number[]): number {
  const c = [...citations].sort((a, b) => b - a);
  let sum = 0;
  let g = 0;
  for (let i = 0; i < c.length; i++) {
    sum += c[i];
    if (sum >= (i + 1) ** 2) g = i + 1;
  }
  return g;
}

export interface Impact {
  unit: string;
  h: number;
  g: number;
  /** m-index (Hirsch 2005): h / (asOf − first year + 1). */
  m: number;
  citations: number;
  documents: number;
  firstYear: number;
}

/** h-, g- and m-indices of authors or sources within the records (bibliometrix Hindex), highest h first. */
export function impact(records: Records, activities: readonly Activity[], kind: 'person' | 'source', asOf = latestYear(activities)): Impact[] {
  const units = unitsOfDocuments(records, activities, kind);
  const docs = new Map<string, Activity[]>();
  for (const a of activities) for (const u of units.get(a.id) ?? []) (docs.get(u) ?? docs.set(u, []).get(u)!).push(a);
  const out: Impact[] = [];
  for (const [unit, list] of docs) {
    const c = list.map((a) => a.citedBy ?? 0);
    const firstYear = Math.min(...list.map((a) => yearOf(a) ?? Infinity));
    const h = hIndex(c);
    out.push({ unit, h, g: gIndex(c), m: Number.isFinite(firstYear) ? h / (asOf - firstYear + 1) : NaN, citations: c.reduce((s, x) => s + x, 0), documents: list.length, firstYear });
  }
  return out.sort((x, y) => y.h - x.h || y.citations - x.citations || (x.unit < y.unit ? -1 : 1));
}

export interface Lotka {
  /** Authors with n documents: n, the number of such authors, their share. */
  distribution: { documents: number; authors: number; share: number }[];
  /** The fit log10(share) = log10(C) − β log10(n) by least squares over the distinct n (bibliometrix lotka). */
  beta: number;
  c: number;
  r2: number;
  /** Two-sample Kolmogorov–Smirnov p-value (asymptotic) of the shares against Lotka's inverse square with the fitted C. */
  p: number;
}

/** Lotka's law (Lotka 1926) from the number of documents of each author. */
export function lotka(documentsPerAuthor: readonly number[]): Lotka {
  const byN = new Map<number, number>();
  for (const n of documentsPerAuthor) byN.set(n, (byN.get(n) ?? 0) + 1);
  const total = documentsPerAuthor.length;
  const distribution = [...byN].sort((a, b) => a[0] - b[0]).map(([documents, authors]) => ({ documents, authors, share: authors / total }));
  const x = distribution.map((d) => Math.log10(d.documents));
  const y = distribution.map((d) => Math.log10(d.share));
  const k = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / k;
  const my = y.reduce((s, v) => s + v, 0) / k;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < k; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : NaN;
  const intercept = my - slope * mx;
  const theoretical = x.map((v) => 10 ** (intercept - 2 * v));
  return { distribution, beta: Math.abs(slope), c: 10 ** intercept, r2: sxx > 0 && syy > 0 ? (sxy * sxy) / (sxx * syy) : NaN, p: ksTwoSample(y.map((v) => 10 ** v), theoretical) };
}

/** The asymptotic p-value of the two-sample Kolmogorov–Smirnov test (R's ks.test(exact = FALSE)). */
export function ksTwoSample(a: readonly number[], b: readonly number[]): number {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  const m = x.length;
  const n = y.length;
  if (m === 0 || n === 0) return NaN;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < m && j < n) {
    const v = Math.min(x[i], y[j]);
    while (i < m && x[i] === v) i++;
    while (j < n && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / m - j / n));
  }
  const t = Math.sqrt((m * n) / (m + n)) * d;
  // 1 − K(t), K the Kolmogorov distribution: 2 Σ_k (−1)^(k−1) exp(−2 k² t²)
  if (t < 1e-3) return 1;
  let s = 0;
  for (let k = 1; k <= 100; k++) s += (k % 2 ? 1 : -1) * Math.exp(-2 * k * k * t * t);
  return Math.min(1, Math.max(0, 2 * s));
}

export interface BradfordSource {
  source: string;
  rank: number;
  documents: number;
  cumulative: number;
  zone: 1 | 2 | 3;
}

/**
 * Bradford's law (Bradford 1934) as bibliometrix's bradford: sources by documents, most first; zone 1 runs to the first
 * source whose cumulative documents pass a third of all, zone 2 to the first that passes two thirds, zone 3 the rest.
 */
export function bradford(activities: readonly Activity[]): BradfordSource[] {
  const counts = new Map<string, number>();
  for (const a of activities) if (a.source) counts.set(a.source, (counts.get(a.source) ?? 0) + 1);
  const sorted = [...counts].sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1));
  const total = sorted.reduce((s, [, c]) => s + c, 0);
  let cumulative = 0;
  const rows = sorted.map(([source, documents], i) => ({ source, rank: i + 1, documents, cumulative: (cumulative += documents), zone: 3 as 1 | 2 | 3 }));
  const zone1End = Math.min(rows.filter((r) => r.cumulative <= total / 3).length + 1, rows.length);
  const zone2End = Math.min(rows.filter((r) => r.cumulative <= (2 * total) / 3).length + 1, rows.length);
  rows.forEach((r) => (r.zone = r.rank <= zone1End ? 1 : r.rank <= zone2End ? 2 : 3));
  return rows;
}

/**
 * The three-field table (bibliometrix threeFieldsPlot): the n most frequent items of each field, and the documents
 * linking each left item to each middle item and each middle item to each right item.
 */
export function threeFields(records: Records, activities: readonly Activity[], fields: readonly [UnitKind, UnitKind, UnitKind], n = 20, options: { keywords?: KeywordKind; thesaurus?: Thesaurus } = {}): { from: string; fromField: UnitKind; to: string; toField: UnitKind; documents: number }[] {
  const per = fields.map((f) => unitsOfDocuments(records, activities, f, options.keywords, options.thesaurus));
  const top = fields.map((f) => new Set(topUnits(records, activities, f, options).slice(0, n).map((u) => u.unit)));
  const out: { from: string; fromField: UnitKind; to: string; toField: UnitKind; documents: number }[] = [];
  for (const [l, r] of [
    [0, 1],
    [1, 2],
  ] as const) {
    const links = new Map<string, number>();
    for (const a of activities) {
      for (const x of per[l].get(a.id) ?? []) {
        if (!top[l].has(x)) continue;
        for (const y of per[r].get(a.id) ?? []) if (top[r].has(y)) links.set(`${x}\u0000${y}`, (links.get(`${x}\u0000${y}`) ?? 0) + 1);
      }
    }
    for (const [k, documents] of links) {
      const [from, to] = k.split('\u0000');
      out.push({ from, fromField: fields[l], to, toField: fields[r], documents });
    }
  }
  return out.sort((p, q) => q.documents - p.documents || (p.from < q.from ? -1 : p.from > q.from ? 1 : p.to < q.to ? -1 : 1));
}
