import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { bibtexWorks, resolveAuthors, scopusCsvWorks } from '../../src/formats/bibliographic.js';
import { parseScopusReference, scopusReferenceList } from '../../src/formats/bibliographic/references.js';
import { annualProduction, bradford, gIndex, growthRate, hIndex, impact, lotka, threeFields, topUnits } from '../../src/networks/bibliometrics.js';
import { coCitation, coupling, directCitation, localCitations } from '../../src/networks/citation.js';
import { coOccurrence } from '../../src/networks/co-occurrence.js';
import { communityLinks } from '../../src/networks/community-links.js';
import type { Graph } from '../../src/networks/graph.js';
import { documentKeywords, keywordCooccurrence, keywordOccurrences } from '../../src/networks/keywords.js';
import { incidence, type Activity, type Records } from '../../src/networks/records.js';
import { mapDocuments, mapGraph } from '../../src/networks/maps.js';
import { nounPhrases } from '../../src/networks/noun-phrases.js';
import { selectTerms, termCooccurrence, termRelevance, termText } from '../../src/networks/terms.js';
import { quadrantOf, thematicEvolution, thematicMap } from '../../src/networks/themes.js';
import { formatReference, parseReference } from '../../src/networks/references.js';
import { fixture } from '../helpers/fixtures.js';

const close = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

/** The 300 Web of Science records bibliometrix ships (its vignette's data). */
const wos: Records = resolveAuthors(bibtexWorks(gunzipSync(readFileSync(fixture('networks', 'savedrecs.bib.gz'))).toString('utf8'), 'savedrecs.bib').works).records;

function weight(g: Graph, a: string, b: string): number {
  const i = g.ids.indexOf(a);
  const j = g.ids.indexOf(b);
  assert.ok(i >= 0 && j >= 0, `${a} or ${b} is not a node`);
  for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++) if (g.targets[k] === j) return g.weights[k];
  return 0;
}

describe('cited references', () => {
  it("one layout for every database's references", () => {
    assert.deepEqual(parseReference('Aria M, 2017, J INFORMETR, V11, P959, DOI 10.1016/j.joi.2017.08.007'), { author: 'Aria M', year: '2017', source: 'J INFORMETR', volume: '11', page: '959', doi: '10.1016/j.joi.2017.08.007' });
    // Scopus, older layout (litstudy's export) and newer (bibliometrix's sample)
    assert.equal(formatReference(parseScopusReference('Kalé, L., Skeel, R., Bhandarkar, M., (1999) J Comp Phys, 151, p. 283')), 'KALE L, 1999, J COMP PHYS, V151, P283');
    // a volume written with its issue
    assert.equal(formatReference(parseScopusReference('Steggles, L.J., Qualitatively modelling (2007) Bioinformatics, 23 (3), pp. 336-343')), 'STEGGLES LJ, 2007, BIOINFORMATICS, V23, P336');
    const newer = 'Cheng M.; Xue Y.; Cui M., Global, regional, and national burden of low back pain, Spine (Phila Pa 1976), 50, pp. E128-E139, (2025); Li T.; Yan J., Robot-assisted technique, Ann Med, 57, (2025)';
    const list = scopusReferenceList(newer);
    assert.equal(list.length, 2);
    assert.equal(formatReference(parseScopusReference(list[0])), 'CHENG M, 2025, SPINE (PHILA PA 1976), V50, PE128');
    assert.equal(formatReference(parseScopusReference(list[1])), 'LI T, 2025, ANN MED, V57');
  });
});

describe('citation maps (300 WoS records, checked by hand against the raw Cited-References)', () => {
  it('co-citation: Hirsch 2005 is cited by 33 records, 9 of which also cite Egghe 2006; Kessler 1963 and Small 1973, 9', () => {
    const g = coCitation(wos);
    const hirsch = 'HIRSCH JE, 2005, P NATL ACAD SCI USA, V102, P16569';
    assert.equal(weight(g, hirsch, 'EGGHE L, 2006, SCIENTOMETRICS, V69, P131'), 9);
    assert.equal(weight(g, 'KESSLER MM, 1963, AM DOC, V14, P10', 'SMALL H, 1973, J AM SOC INFORM SCI, V24, P265'), 9);
    // 30 records give it with its DOI, 3 with "{" before it (BibTeX's first line): 33; the arXiv preprint is another work
    const citing = wos.activities.filter((a) => (a.references ?? []).some((r) => r.startsWith('HIRSCH JE, 2005, P NATL ACAD SCI USA')));
    assert.equal(citing.length, 33);
    const min = coCitation(wos, { minCitations: 20 });
    assert.ok(min.ids.includes(hirsch) && min.n < 20);
  });
  it('coupling: two documents share as many references as they have in common', () => {
    const g = coupling(wos, 'document');
    const a = wos.activities.find((x) => x.id === 'ISI:000234381600001')!;
    const b = wos.activities.find((x) => x.id === 'ISI:000234381600003')!;
    const refs = (x: typeof a) => new Set((x.references ?? []).map((r) => r.replace(/, DOI .*$/, '')));
    const shared = [...refs(a)].filter((r) => refs(b).has(r)).length;
    // 60 written alike, and Lindsey's 1978 paper, written "SOC STUD SCI, V8, P349" in one and "SOC STUD SCI, V83" in the
    // other: matched by author, year and source to the one such work with a DOI
    assert.equal(shared, 60);
    assert.ok((b.references ?? []).includes('LINDSEY D, 1978, SOC STUD SCI, V83'));
    assert.equal(weight(g, a.id, b.id), 61);
    // countries: Σ_r n_ar n_br (bibliometrix), symmetric and on the country names
    const countries = coupling(wos, 'country');
    assert.ok(countries.ids.includes('United States') && weight(countries, 'United States', 'Belgium') > 0);
  });
  it("local citations reproduce bibliometrix's vignette: Broadus 1987 5 (global 38), Holden 2005 5 (22), Abramo 2009 5 (43)", () => {
    const local = localCitations(wos);
    for (const [doi, lcs, gcs] of [
      ['10.1007/bf02016680', 5, 38],
      ['10.1300/j010v41n03_01', 5, 22],
      ['10.1016/j.respol.2008.11.001', 5, 43],
    ] as const) {
      const a = wos.activities.find((x) => x.doi === doi)!;
      assert.ok(a, doi);
      assert.deepEqual([local.get(a.id), a.citedBy], [lcs, gcs], doi);
    }
    const g = directCitation(wos);
    assert.equal(g.n, 300);
    assert.ok(g.m > 100);
  });
});

describe('citation maps on a Scopus export (litstudy\'s 12 older-layout records, checked by hand against the raw References)', () => {
  const scopus: Records = resolveAuthors(scopusCsvWorks(gunzipSync(readFileSync(fixture('networks', 'scopus_old_litstudy.csv.gz'))).toString('utf8'), 'scopus_old_litstudy.csv')).records;
  const byId = (id: string) => scopus.activities.find((a) => a.id === id)!;
  it('co-citation: one work written two ways is one node; pairs counted over the citing records', () => {
    const g = coCitation(scopus);
    // Chaouiya 2007 is "Briefings Bioinf., 8, pp. 210-219" in 2-s2.0-85098716401 and "Brief Bioinform., 8, pp. 210-219"
    // in 2-s2.0-85044334291; both records also cite Heiner, Koch & Will 2004 (Biosystems 75) and Li et al. 2006
    const chaouiya = 'CHAOUIYA C, 2007, BRIEFINGS BIOINF, V8, P210';
    assert.equal(weight(g, chaouiya, 'HEINER M, 2004, BIOSYSTEMS, V75, P15'), 2);
    assert.equal(weight(g, chaouiya, 'LI C, 2006, J. BIOINFORM. COMPUT. BIOL, V4, P1119'), 2);
    // Steggles 2007 "Bioinformatics, 23 (3), pp. 336-343" in three records (one writes "Bioin- formatics"): the volume
    // with its issue is read, so all three match by author, year, volume and page
    const steggles = scopus.activities.filter((a) => (a.references ?? []).some((r) => r.startsWith('STEGGLES LJ, 2007') && r.endsWith('V23, P336')));
    assert.equal(steggles.length, 3);
    assert.equal(weight(g, 'STEGGLES LJ, 2007, BIOINFORMATICS, V23, P336', 'GOINES PE, 2013, NEUROTOXICOLOGY AND TERATOLOGY, V36, P67'), 2);
  });
  it('coupling: the two records share exactly those three works (first author and year compared by hand: no other pair)', () => {
    const g = coupling(scopus, 'document');
    assert.ok(byId('2-s2.0-85044334291') && byId('2-s2.0-85098716401'));
    assert.equal(weight(g, '2-s2.0-85044334291', '2-s2.0-85098716401'), 3);
  });
  it("keyword occurrences, and Lotka's coefficients by hand", () => {
    // "Petri nets" is an author keyword of 4 records, and an author or index keyword of 7
    assert.equal(keywordOccurrences(documentKeywords(scopus.activities, 'author')).get('petri nets'), 4);
    assert.equal(keywordOccurrences(documentKeywords(scopus.activities, 'all')).get('petri nets'), 7);
    // 57 authors: 56 with one record, 1 with two; the line through (log 1, log 56/57) and (log 2, log 1/57) has
    // slope −log₂ 56 and C = 56/57
    const people = topUnits(scopus, scopus.activities, 'person');
    assert.equal(people.length, 57);
    const l = lotka(people.map((p) => p.documents));
    close(l.beta, Math.log2(56));
    close(l.c, 56 / 57);
    // h-index of a source with one cited record is 1; a source whose record is uncited, 0
    const sources = impact(scopus, scopus.activities, 'source');
    assert.equal(sources.find((x) => x.unit === 'Journal of Computational Chemistry')!.h, 1);
    assert.ok(sources.some((x) => x.citations === 0 && x.h === 0));
  });
});

describe('keyword co-occurrence', () => {
  it("occurrences, co-occurrences and VOSviewer's thesaurus", () => {
    const occ = keywordOccurrences(documentKeywords(wos.activities, 'author'));
    assert.equal(occ.get('bibliometrics'), 64);
    assert.equal(occ.get('h-index'), 5);
    const g = keywordCooccurrence(wos, { kind: 'author', minOccurrences: 5 });
    assert.ok(g.ids.every((k) => occ.get(k)! >= 5));
    const both = wos.activities.filter((a) => documentKeywords([a], 'author')[0].includes('bibliometrics') && documentKeywords([a], 'author')[0].includes('citation analysis')).length;
    assert.equal(weight(g, 'bibliometrics', 'citation analysis'), both);
    const merged = keywordOccurrences(documentKeywords(wos.activities, 'author', new Map([['scientometrics', 'bibliometrics'], ['h-index', '']])));
    assert.ok(!merged.has('scientometrics') && !merged.has('h-index'));
    assert.ok(merged.get('bibliometrics')! > 64);
  });
  it('fractional counting: each document of n keywords adds n/2 in all (co-occurrence kernel, hand case)', () => {
    const g = coOccurrence(incidence([['a', 'b', 'c'], ['a', 'b'], ['c']]), 'fractional');
    assert.equal(weight(g, 'a', 'b'), 0.5 + 1);
    assert.equal(weight(g, 'a', 'c'), 0.5);
    let total = 0;
    for (const w of g.weights) total += w / 2;
    assert.equal(total, 3 / 2 + 1);
    // counts (an author's several documents citing one reference) multiply: Σ_g c_ga c_gb
    assert.equal(weight(coOccurrence(incidence([['a', 'a', 'b']])), 'a', 'b'), 2);
  });
});

describe('co-classification of subject fields', () => {
  const activity = (id: string, fields: string[]): Activity => ({ id, type: 'project', keywords: [], fields });
  const grants: Records = { actors: [], participations: [], activities: [activity('g1', ['Economics', 'Geography', 'Economics']), activity('g2', ['Economics', 'Geography', 'Sociology']), activity('g3', ['Sociology']), activity('g4', ['Management', 'Economics'])] };
  it('two fields on one activity co-classify it once, however often a field repeats (hand case)', () => {
    const g = mapGraph(grants, { map: 'fields' });
    assert.equal(weight(g, 'Economics', 'Geography'), 2);
    assert.equal(weight(g, 'Economics', 'Sociology'), 1);
    assert.equal(weight(g, 'Economics', 'Management'), 1);
    assert.equal(weight(g, 'Geography', 'Management'), 0);
    assert.equal(g.m, 4);
    assert.deepEqual(Object.fromEntries(mapDocuments(grants, { map: 'fields' })), { Economics: 3, Geography: 2, Sociology: 2, Management: 1 });
  });
  it('fractional counting: a grant of three fields adds 3/2 in all', () => {
    const g = mapGraph({ ...grants, activities: [grants.activities[1]] }, { map: 'fields', weighting: 'fractional' });
    let total = 0;
    for (const w of g.weights) total += w / 2;
    assert.equal(total, 3 / 2);
  });
  it('the Web of Science research areas of the 300 records: every co-classified record counted', () => {
    const g = mapGraph(wos, { map: 'fields' });
    const both = wos.activities.filter((a) => a.fields.includes(g.ids[0]) && a.fields.includes(g.ids[g.targets[g.offsets[0]]])).length;
    assert.ok(g.m > 0 && both > 0);
    assert.equal(g.weights[g.offsets[0]], both);
  });
});

describe('term maps from titles and abstracts', () => {
  it('noun phrases: the longest runs of adjectives and nouns ending in a noun, the last word singular', () => {
    assert.deepEqual(nounPhrases('We present VOSviewer, a computer program for constructing bibliometric maps of co-citation networks.'), ['vosviewer', 'computer program', 'bibliometric map', 'co-citation network']);
    // "data" is not made "datum"; a phrase never ends in an adjective
    assert.deepEqual(nounPhrases('Citation data are scarce. Regional innovation systems are complex.'), ['citation data', 'regional innovation system']);
  });
  it('structured-abstract labels and copyright sentences are left out', () => {
    assert.deepEqual(nounPhrases('BACKGROUND: Knowledge spillovers were studied. (C) 2016 Elsevier Ltd. All rights reserved.'), ['knowledge spillover']);
    assert.deepEqual(nounPhrases('Design/methodology/approach: Patent citations are counted.'), ['patent citation']);
  });
  it("relevance, by hand: the Kullback–Leibler divergence of a term's co-occurrences from everyone's", () => {
    // documents {a,b} {a,b} {a,c} {b,c}: c_ab = 2, c_ac = c_bc = 1; strengths a 3, b 3, c 2 of 8
    const g = coOccurrence(incidence([['a', 'b'], ['a', 'b'], ['a', 'c'], ['b', 'c']]));
    const r = termRelevance(g);
    const at = (id: string) => r[g.ids.indexOf(id)];
    assert.ok(Math.abs(at('a') - ((2 / 3) * Math.log(16 / 9) + (1 / 3) * Math.log(4 / 3))) < 1e-12);
    assert.ok(Math.abs(at('c') - Math.log(4 / 3)) < 1e-12);
  });
  it('selection: minimum occurrences (binary per document), then the most relevant share, then co-occurrence of the kept terms', () => {
    // "method" is everywhere (general), the two topics keep to themselves
    const docs = [
      ['method', 'patent citation', 'knowledge spillover'],
      ['method', 'patent citation', 'knowledge spillover', 'method'],
      ['method', 'co-word analysis', 'thematic map'],
      ['method', 'co-word analysis', 'thematic map'],
      ['method', 'rare term'],
    ];
    const s = selectTerms(docs, { minOccurrences: 2, relevantShare: 0.8 });
    assert.deepEqual(s.terms.map((t) => [t.term, t.occurrences, t.kept]).sort(), [
      ['co-word analysis', 2, true],
      ['knowledge spillover', 2, true],
      ['method', 5, false],
      ['patent citation', 2, true],
      ['thematic map', 2, true],
    ]);
    const g = termCooccurrence(docs, { minOccurrences: 2, relevantShare: 0.8 });
    assert.deepEqual([g.n, g.m], [4, 2]);
    // a thesaurus merges synonyms before counting
    const merged = selectTerms(docs, { minOccurrences: 2, relevantShare: 1, thesaurus: new Map([['thematic map', 'co-word analysis']]) });
    assert.equal(merged.terms.find((t) => t.term === 'co-word analysis')!.occurrences, 2);
    assert.equal(merged.terms.some((t) => t.term === 'thematic map'), false);
  });
  it('the text of a record: title, abstract or both', () => {
    const a = { id: 'w', type: 'publication', title: 'A title', abstract: 'An abstract.', keywords: [], fields: [] } as Activity;
    assert.equal(termText(a), 'A title. An abstract.');
    assert.equal(termText(a, 'title'), 'A title.');
    assert.equal(termText({ ...a, abstract: undefined }, 'abstract'), '');
    // Title Case is read as words, not names
    assert.equal(termText({ ...a, title: 'Bibliometric Applications in Academic Libraries' }, 'title'), 'bibliometric applications in academic libraries.');
    assert.deepEqual(nounPhrases(termText({ ...a, title: 'Bibliometric Applications in Academic Libraries' }, 'title')), ['bibliometric application', 'academic library']);
    assert.equal(termText({ ...a, title: 'Mapping the VOSviewer user community' }, 'title'), 'Mapping the VOSviewer user community.');
  });
});

describe("descriptive bibliometrics: bibliometrix's vignette values", () => {
  it("Lotka's law on the vignette's author productivity: β 3.043039, C 0.688399, R² 0.917464, p 0.2031888", () => {
    const table = [
      [1, 453],
      [2, 48],
      [3, 13],
      [4, 5],
      [5, 1],
      [6, 1],
      [8, 2],
    ];
    const l = lotka(table.flatMap(([n, authors]) => Array<number>(authors).fill(n)));
    close(l.beta, 3.043039);
    close(l.c, 0.688399);
    close(l.r2, 0.917464);
    close(l.p, 0.2031888);
    assert.equal(l.distribution[0].authors, 453);
  });
  it('annual growth rate: 4 documents in 1985, 32 in 2015: 7.177346%', () => {
    const counts = [4, 3, 6, 7, 8, 6, 7, 6, 5, 7, 1, 8, 4, 5, 2, 7, 8, 5, 1, 3, 12, 5, 5, 8, 14, 17, 20, 25, 21, 29, 32];
    close(growthRate(counts.map((documents, i) => ({ year: 1985 + i, documents }))), 7.177346);
    const production = annualProduction(wos.activities);
    assert.equal(production.reduce((s, p) => s + p.documents, 0), 300);
    assert.equal(production[0].year, 1985);
  });
  it("Bornmann's h 4, g 7 from his 8 papers' citations; m 4/9 in 2020 from 2012", () => {
    const cites = [0, 1, 2, 3, 5, 10, 11, 18];
    assert.deepEqual([hIndex(cites), gIndex(cites)], [4, 7]);
    const records: Records = {
      actors: [{ id: 'b', kind: 'person', name: 'Bornmann, L', disciplines: [] }],
      activities: cites.map((c, i) => ({ id: `w${i}`, type: 'publication', date: String(2012 + (i % 4)), keywords: [], fields: [], citedBy: c })),
      participations: cites.map((_, i) => ({ activity: `w${i}`, actor: 'b', role: 'author' })),
    };
    const [b] = impact(records, records.activities, 'person', 2020);
    assert.deepEqual([b.h, b.g, b.citations, b.documents, b.firstYear], [4, 7, 50, 8, 2012]);
    close(b.m, 4 / 9);
  });
  it("Bradford's zones: through the source that passes a third, then two thirds, of the documents", () => {
    const acts = [...Array(6).fill('A'), ...Array(3).fill('B'), ...Array(2).fill('C'), 'D', 'E', 'F'].map((source, i) => ({ id: `d${i}`, type: 'publication' as const, keywords: [], fields: [], source }));
    // 14 documents: no source's cumulative count is within a third (4.67), so zone 1 is A alone; A and B (9) are within
    // two thirds (9.33), so zone 2 runs to the next source, C; D, E and F are zone 3 (bibliometrix's rule)
    assert.deepEqual(bradford(acts).map((r) => [r.source, r.zone]), [['A', 1], ['B', 2], ['C', 2], ['D', 3], ['E', 3], ['F', 3]]);
  });
  it('three fields: the documents linking the top items of neighbouring fields', () => {
    const rows = threeFields(wos, wos.activities, ['country', 'keyword', 'source'], 5);
    assert.ok(rows.length > 0);
    const usa = rows.filter((r) => r.fromField === 'country' && r.from === 'United States' && r.to === 'bibliometrics');
    const count = wos.activities.filter((a) => documentKeywords([a], 'author')[0].includes('bibliometrics') && wos.participations.some((p) => p.activity === a.id && p.country === 'United States')).length;
    assert.deepEqual(usa.map((r) => r.documents), [count]);
  });
});

describe('themes (co-word analysis)', () => {
  /** Documents with the given keywords, one document per list, in the given year. */
  const docs = (lists: string[][], year = 2020): Activity[] => lists.map((keywords, i) => ({ id: `d${year}-${i}`, type: 'publication', date: String(year), keywords, authorKeywords: keywords, fields: [] }));
  it('quadrants by the ranks of centrality and density around their means (hand-built)', () => {
    assert.equal(quadrantOf(4, 4, 2.5, 2.5), 'motor');
    assert.equal(quadrantOf(1, 4, 2.5, 2.5), 'niche');
    assert.equal(quadrantOf(1, 1, 2.5, 2.5), 'emerging or declining');
    assert.equal(quadrantOf(4, 1, 2.5, 2.5), 'basic');
    // two tight pairs that never meet (dense, peripheral) and a hub pair tied to both (central)
    const lists = [
      ...Array(6).fill(['alpha', 'beta']),
      ...Array(6).fill(['gamma', 'delta']),
      ...Array(3).fill(['hub', 'spoke']),
      ['hub', 'alpha'],
      ['hub', 'gamma'],
      ['spoke', 'beta'],
      ['spoke', 'delta'],
    ];
    const themes = thematicMap(docs(lists), { minFrequency: 0 });
    const of = (k: string) => themes.find((t) => t.keywords.some((x) => x.keyword === k))!;
    assert.equal(themes.length, 3);
    assert.notEqual(of('alpha').label, of('hub').label);
    // the hub's theme has the most external links: highest centrality
    assert.ok(of('hub').centrality > of('alpha').centrality && of('hub').centrality > of('gamma').centrality);
    assert.equal(of('hub').centralityRank, 3);
    // centrality by hand: e = c_ij / (c_i c_j); hub 5, spoke 5, alpha 7, beta 7, gamma 7, delta 7 occurrences
    close(of('hub').centrality, 4 * (1 / (5 * 7)));
    close(of('alpha').density, (100 * (6 / (7 * 7))) / 2);
  });
  it('evolution: inclusion, weighted inclusion and stability of themes sharing keywords', () => {
    const early = docs([...Array(4).fill(['a', 'b']), ...Array(4).fill(['c', 'd'])], 2001);
    const late = docs([...Array(4).fill(['a', 'b', 'x']), ...Array(4).fill(['c', 'y'])], 2011);
    const ev = thematicEvolution([...early, ...late], [2010], { minFrequency: 0 });
    assert.deepEqual(ev.periods.map((p) => p.label), ['2001-2009', '2010-2011']);
    const ab = ev.links.find((l) => l.words.includes('a'))!;
    // {a, b} then {a, b, x}: 2 shared of min(2, 3); stability 2 / 3; weighted Σ min(occ) = 4 + 4 over min(8, 12)
    assert.deepEqual([ab.inclusion, ab.stability, ab.weightedInclusion], [1, 2 / 3, 1]);
    const cd = ev.links.find((l) => l.words.includes('c'))!;
    assert.deepEqual(cd.words, ['c']);
    assert.deepEqual([cd.inclusion, cd.stability], [1 / 2, 1 / 3]);
  });
});

describe('communities through time', () => {
  it('links between consecutive periods: shared members, Jaccard and inclusion (hand case)', () => {
    const links = communityLinks([
      { label: 'p1', ids: ['a', 'b', 'c', 'd'], membership: [0, 0, 1, 1] },
      { label: 'p2', ids: ['a', 'b', 'c', 'e'], membership: [0, 0, 0, 1] },
    ]);
    // {a, b} → {a, b, c}: 2 shared, Jaccard 2/3, inclusion 1; {c, d} → {a, b, c}: 1 shared, Jaccard 1/4, inclusion 1/2
    assert.deepEqual(links.map((l) => [l.from, l.to, l.shared, l.jaccard, l.inclusion]), [
      [0, 0, 2, 2 / 3, 1],
      [1, 0, 1, 1 / 4, 1 / 2],
    ]);
  });
});
