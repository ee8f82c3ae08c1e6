import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, scratch } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';

const { dir: tmp, file } = scratch('proximity-networks-cli-');
const run = (...args: string[]) => runCli(args);

const EDGES = '# two triangles and a bridge, plus a pendant\nn1 n2\nn2 n3\nn3 n1\nn3 n4\nn4 n5\nn5 n6\nn6 n4\nn6 n7\n';

describe('proximity networks: CLI contract', () => {
  it('metrics: the contract columns, node ids as given, values as NetworkX defaults (closeness from the betweenness searches)', () => {
    const edges = file('edges.txt', EDGES);
    const r = run('networks', 'metrics', edges, '--format', 'csv');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n');
    assert.equal(lines[0], 'node,degree,strength,betweenness,closeness,pagerank,core,constraint,effective_size,community');
    const rows = lines.slice(1).map((l) => l.split(','));
    assert.deepEqual(rows.map((x) => x[0]), ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7']);
    // NetworkX 3.6.1 on this graph: betweenness_centrality, closeness_centrality, pagerank (run to convergence,
    // tol=1e-14) and constraint, node by node
    const NETWORKX = [
      [0.0, 0.42857142857142855, 0.12539655811503594, 1.0069444444444444],
      [0.0, 0.42857142857142855, 0.12539655811503594, 1.0069444444444444],
      [0.5333333333333333, 0.6, 0.17885099819146083, 0.6111111111111112],
      [0.6, 0.6666666666666666, 0.17941889070040637, 0.558641975308642],
      [0.0, 0.5, 0.12602090777399444, 0.8888888888888888],
      [0.3333333333333333, 0.5454545454545454, 0.1897305316951883, 0.558641975308642],
      [0.0, 0.375, 0.07518555540887797, 1.0],
    ];
    const near = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);
    rows.forEach((x, i) => {
      const [bc, cl, pr, con] = NETWORKX[i];
      near(Number(x[3]), bc, 1e-12);
      near(Number(x[4]), cl, 1e-12);
      near(Number(x[5]), pr, 1e-9);
      near(Number(x[7]), con, 1e-12);
    });
    // the bridge n3–n4 splits the triangles: n1..n3 one community, n4..n7 another
    assert.equal(new Set(rows.slice(0, 3).map((x) => x[9])).size, 1);
    assert.notEqual(rows[0][9], rows[3][9]);
  });
  it('communities: Louvain or Leiden, CPM, a report of the quality', () => {
    const edges = file('edges.txt', EDGES);
    const r = run('networks', 'communities', edges, '--method', 'louvain', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).length, 7);
    assert.match(r.err, /2 communities, modularity 0\.\d+/);
    const cpm = run('networks', 'communities', edges, '--objective', 'cpm', '--resolution', '2', '--format', 'csv');
    assert.match(cpm.err, /7 communities, CPM quality/);
  });
  it('brokerage: roles and E–I per node, per group, for the network', () => {
    const edges = file('star.txt', 'j i\nj k\nj l\n');
    const attrs = file('attrs.csv', 'node,region\nj,A\ni,A\nk,B\nl,C\n');
    const r = run('networks', 'brokerage', edges, '--attributes', attrs, '--attribute', 'region', '--format', 'csv');
    assert.equal(r.code, 0, r.err);
    const [head, j] = r.out.trim().split('\n');
    assert.ok(head.startsWith('node,region,coordinator,itinerant,representative,gatekeeper,liaison,total,z_coordinator'));
    assert.ok(j.startsWith('j,A,0,0,2,2,2,6,'));
    assert.ok(head.endsWith(',ei,participation'));
    const mixing = run('networks', 'brokerage', edges, '--attributes', attrs, '--attribute', 'region', '--report', 'mixing', '--format', 'csv');
    assert.equal(mixing.out, 'region,A,B,C\nA,1,1,1\nB,1,0,0\nC,1,0,0\n');
    const net = run('networks', 'brokerage', edges, '--attributes', attrs, '--attribute', 'region', '--report', 'network', '--format', 'csv');
    assert.match(net.out, /\ntotal,6,3,/);
    assert.match(net.out, /\nei_index,0\.3333333333333333/);
    const missing = run('networks', 'brokerage', edges, '--attributes', file('few.csv', 'node,region\nj,A\n'), '--attribute', 'region');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /few\.csv: node "i" has no region/);
  });
  it('brokerage of a Pajek network: the textbook strike network', () => {
    const r = run('networks', 'brokerage', fixture('networks', 'strike.net'), '--attributes', fixture('networks', 'strike-groups.csv'), '--attribute', 'group', '--format', 'csv');
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /strike\.net: 24 nodes, 38 edges/);
    assert.match(r.out, /\nBob,2,14,0,10,10,2,36,/);
  });
  it('diversity by unit, with cosine disparity', () => {
    const t = file('teams.csv', 'team,discipline,share\nt1,econ,0.5\nt1,geo,0.5\nt2,econ,1\n');
    const r = run('networks', 'diversity', t, '--by', 'team', '--category', 'discipline', '--weight', 'share', '--format', 'csv');
    assert.equal(r.code, 0, r.err);
    const [head, t1, t2] = r.out.trim().split('\n');
    assert.equal(head, 'team,total,variety,shannon,simpson,blau,hill1,hill2,rao_stirling,div');
    assert.ok(t1.startsWith(`t1,1,2,${Math.log(2)},0.5,0.5,2,2,`));
    assert.ok(t2.startsWith('t2,1,1,0,1,0,1,1,0,0'));
  });
  it('bad input: file, line and column; exit 2; no stack trace', () => {
    const bad = run('networks', 'metrics', file('bad.txt', 'a b\nc d 3\n'));
    assert.equal(bad.code, 2);
    assert.match(bad.err, /bad\.txt:2:1: every line needs the same number of fields/);
    assert.doesNotMatch(bad.err, /at .*\.js/);
    assert.equal(run('networks', 'metrics', join(tmp, 'absent.txt')).code, 2);
    const flag = run('networks', 'metrics', file('ok.txt', 'a b\n'), '--sample', 'many');
    assert.equal(flag.code, 2);
    assert.match(flag.err, /--sample expects a whole number/);
  });
});

describe('proximity networks: imported records', () => {
  const out = join(tmp, 'wos');
  it('import: Web of Science plain text into the three tables; unknown and unsupported formats refused', () => {
    const r = run('networks', 'import', fixture('networks', 'wos_sample.txt'), '--out', out);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /8 activities, 25 actors, 25 participations/);
    const unknown = run('networks', 'import', fixture('networks', 'wos_sample.txt'), '--format', 'endnote', '--out', join(tmp, 'x'));
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown --format "endnote"; supported: wos, bibtex, scopus, openalex, lens, dimensions, pubmed, gtr, csv/);
    const gtr = run('networks', 'import', ...['gtr-projects.csv', 'gtr-subjects.csv', 'gtr-topics.csv'].map((f) => fixture('networks', f)), '--out', join(tmp, 'gtr'));
    assert.match(gtr.err, /3 activities, 3 actors, 4 participations/); // GtR extracts read together
    const all = run('networks', 'import', ...['wos_sample.txt', 'scopus_sample.csv', 'openalex_sample.csv', 'lens_sample.csv'].map((f) => fixture('networks', f)), '--out', join(tmp, 'all'));
    // formats detected per file; bibliometrix's samples hold the same two papers in several databases: kept once by DOI
    assert.match(all.err, /30 activities/);
    assert.match(all.err, /32 records read from 4 file\(s\), 30 kept/);
    assert.match(all.err, /warning: 2 record\(s\) were in more than one file or twice in one \(2 by DOI, 0 by id\)/);
    const report = JSON.parse(readFileSync(join(tmp, 'all', 'import-report.json'), 'utf8'));
    assert.deepEqual([report.records, report.kept, report.duplicates, report.authors.authorships], [32, 30, { byDoi: 2, byId: 0 }, 108]);
    assert.deepEqual(report.unknownCountries, []);
    const lens = run('networks', 'import', fixture('networks', 'lens_sample.csv'), '--out', join(tmp, 'lens'));
    assert.match(lens.err, /warning: no author has a country/);
    assert.match(run('networks', 'import', file('plain.txt', 'hello'), '--out', join(tmp, 'x')).err, /plain\.txt: cannot tell the format/);
    // Dimensions: detected by its preamble; the mapping export's paper-level organisations are not placed, and the report says so
    const dim = run('networks', 'import', fixture('networks', 'dimensions_mapping.csv'), '--out', join(tmp, 'dim'));
    assert.match(dim.err, /2 activities, 4 actors, 4 participations/);
    assert.match(dim.err, /warning: no author has an organisation/);
    const local = run('networks', 'describe', join(tmp, 'dim'), '--report', 'local');
    assert.match(local.out, /dimensions:pub\.1032457929,"Software survey: VOSviewer, a computer program for bibliometric mapping",2009,1,9000/);
  });
  it('messages written for people: a wrong --format, an export given where a graph is expected', () => {
    const wrong = run('networks', 'import', fixture('networks', 'scopus_sample.csv'), '--format', 'wos', '--out', join(tmp, 'x'));
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /scopus_sample\.csv: this is not wos data \(a Web of Science plain-text export starts with "FN" or "PT" lines\); it looks like scopus: try --format scopus/);
    const lens = run('networks', 'import', fixture('networks', 'wos_sample.txt'), '--format', 'lens', '--out', join(tmp, 'x'));
    assert.match(lens.err, /this is not lens data .*try --format wos/);
    assert.doesNotMatch(lens.err + wrong.err, /Invalid Record Length|at .*\.js:\d+/);
    const raw = run('networks', 'metrics', fixture('networks', 'scopus_sample.csv'));
    assert.equal(raw.code, 2);
    assert.match(raw.err, /scopus_sample\.csv: this is a Scopus CSV export, not a graph: run `proximity networks import .*scopus_sample\.csv --out DIR` first, then give DIR/);
  });
  it('--max-authors leaves out documents with too many authors, and names them', () => {
    const dir = join(tmp, 'big');
    const bib = join(tmp, 'savedrecs.bib');
    writeFileSync(bib, gunzipSync(readFileSync(fixture('networks', 'savedrecs.bib.gz'))));
    assert.equal(run('networks', 'import', bib, '--out', dir).code, 0);
    const capped = run('networks', 'metrics', dir, '--format', 'csv');
    assert.equal(capped.code, 0, capped.err);
    assert.match(capped.err, /notice: 1 activity has more than 25 participants and is left out: ISI:000264418400001 \(35\)/);
    const all = run('networks', 'metrics', dir, '--format', 'csv', '--max-authors', '0');
    assert.doesNotMatch(all.err, /notice: .* left out/);
    // the 35 authors of that paper are in the graph only without the cap
    assert.ok(all.out.split('\n').length > capped.out.split('\n').length + 20);
  });
  it('metrics, brokerage and diversity read the tables at a level', () => {
    const m = run('networks', 'metrics', out, '--level', 'country', '--weighting', 'fractional', '--format', 'csv');
    assert.equal(m.code, 0, m.err);
    assert.match(m.err, /8 activities → country graph of \d+ nodes/);
    assert.ok(m.out.split('\n')[0].startsWith('node,degree,strength'));
    const b = run('networks', 'brokerage', out, '--attribute', 'country', '--report', 'group', '--format', 'csv');
    assert.equal(b.code, 0, b.err);
    assert.ok(b.out.startsWith('country,size,internal_ties,external_ties,ei,'));
    const d = run('networks', 'diversity', out, '--by', 'country', '--format', 'csv');
    assert.equal(d.code, 0, d.err);
    assert.match(d.out, /\nItaly,2,2,0\.69314718/); // two authors, two fields shared equally
    assert.equal(run('networks', 'metrics', out, '--types', 'poster').code, 2);
    // one graph per period: the WoS sample's papers run from 2017 to 2026
    const periods = run('networks', 'metrics', out, '--window', '5', '--format', 'csv');
    assert.equal(periods.code, 0, periods.err);
    const lines = periods.out.trim().split('\n');
    assert.ok(lines[0].startsWith('period,node,degree,'));
    assert.deepEqual([...new Set(lines.slice(1).map((l) => l.split(',')[0]))], ['2017-2021', '2022-2026']);
    const sliding = run('networks', 'metrics', out, '--window', '5', '--step', '2', '--format', 'csv');
    assert.deepEqual([...new Set(sliding.out.trim().split('\n').slice(1).map((l) => l.split(',')[0]))].slice(0, 2), ['2017-2021', '2019-2023']);
    assert.match(run('networks', 'metrics', file('w.txt', 'a b\n'), '--window', '2').err, /a window needs imported records.*\(--window\)/);
  });
});

describe('proximity networks export', () => {
  it('GEXF, GraphML and VOSviewer JSON carry every node and tie with degree, strength and community', () => {
    const edges = file('export.txt', EDGES);
    const gexf = run('networks', 'export', edges, '--format', 'gexf');
    assert.equal(gexf.code, 0, gexf.err);
    assert.equal((gexf.out.match(/<node id=/g) ?? []).length, 7);
    assert.equal((gexf.out.match(/<edge id=/g) ?? []).length, 8);
    const graphml = run('networks', 'export', edges, '--format', 'graphml');
    assert.match(graphml.out, /<graph id="G" edgedefault="undirected">/);
    assert.equal((graphml.out.match(/<edge id=/g) ?? []).length, 8);
    // whole-number attributes are declared integers (community reads back as 3, not 3.0); weights stay doubles
    assert.match(graphml.out, /attr\.name="community" attr\.type="int"/);
    assert.match(graphml.out, /attr\.name="degree" attr\.type="int"/);
    assert.match(gexf.out, /title="community" type="integer"/);
    const vos = JSON.parse(run('networks', 'export', edges, '--format', 'vos').out);
    assert.equal(vos.network.items.length, 7);
    assert.equal(vos.network.links.length, 8);
    const n3 = vos.network.items.find((x: { label: string }) => x.label === 'n3');
    assert.deepEqual(n3.weights, { Links: 3, 'Total link strength': 3 });
    assert.ok(vos.network.items.every((x: { cluster: number }) => x.cluster >= 1));
    assert.equal(run('networks', 'export', edges).code, 2); // --format is required
  });
  it('VOSviewer maps of association-weighted tables carry the raw co-occurrence counts', () => {
    const dir = join(tmp, 'vos-tables');
    assert.equal(run('networks', 'import', fixture('networks', 'wos_sample.txt'), '--out', dir).code, 0);
    const assoc = run('networks', 'export', dir, '--format', 'vos', '--weighting', 'association', '--level', 'country');
    assert.equal(assoc.code, 0, assoc.err);
    assert.match(assoc.err, /VOSviewer normalises link strengths itself/);
    const full = JSON.parse(run('networks', 'export', dir, '--format', 'vos', '--weighting', 'full', '--level', 'country').out);
    const map = JSON.parse(assoc.out);
    assert.deepEqual(map.network.links.map((l: { strength: number }) => l.strength), full.network.links.map((l: { strength: number }) => l.strength));
    assert.ok(map.network.links.every((l: { strength: number }) => Number.isInteger(l.strength)));
  });
});

describe('proximity networks: science maps and descriptive bibliometrics', () => {
  const dir = join(tmp, 'maps');
  const bib = join(tmp, 'maps.bib');
  const ready = () => {
    writeFileSync(bib, gunzipSync(readFileSync(fixture('networks', 'savedrecs.bib.gz'))));
    assert.equal(run('networks', 'import', bib, '--out', dir).code, 0);
  };
  it('--map cocitation, coupling, citation and keywords feed every graph command', () => {
    ready();
    const cc = run('networks', 'communities', dir, '--map', 'cocitation', '--min-citations', '10', '--format', 'csv');
    assert.equal(cc.code, 0, cc.err);
    assert.match(cc.err, /300 activities → cited-reference graph of \d+ nodes/);
    assert.match(cc.out, /"HIRSCH JE, 2005, P NATL ACAD SCI USA, V102, P16569",\d+/);
    const vos = JSON.parse(run('networks', 'export', dir, '--map', 'cocitation', '--min-citations', '10', '--format', 'vos').out);
    const hirsch = vos.network.items.find((x: { label: string }) => x.label.startsWith('HIRSCH JE, 2005'));
    assert.equal(hirsch.weights.Documents, 33); // its citations
    const countries = run('networks', 'metrics', dir, '--map', 'coupling', '--unit', 'country', '--format', 'csv');
    assert.equal(countries.code, 0, countries.err);
    assert.match(countries.out, /\nUnited States,/);
    assert.match(run('networks', 'metrics', dir, '--map', 'citation', '--format', 'csv').err, /document citation graph of 300 nodes/);
    const thesaurus = file('thesaurus.txt', 'label\treplace by\nscientometrics\tbibliometrics\nh-index\t\n');
    const kw = run('networks', 'metrics', dir, '--map', 'keywords', '--min-occurrences', '4', '--thesaurus', thesaurus, '--format', 'csv');
    assert.equal(kw.code, 0, kw.err);
    const nodes = kw.out.trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    assert.ok(nodes.includes('bibliometrics') && !nodes.includes('scientometrics') && !nodes.includes('h-index'));
    // cleaning the collaboration network: a person by name, an organisation; and a minimum of documents per node
    const merge = file('merge.txt', 'label\treplace by\nGlaenzel, Wolfgang\tGlanzel, Wolfgang\nKatholieke Univ Leuven\tKU Leuven\n');
    const people = (args: string[]) => run('networks', 'metrics', dir, '--format', 'csv', ...args).out.trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    assert.ok(people([]).includes('glaenzel wolfgang'));
    const merged = people(['--thesaurus', merge]);
    assert.ok(!merged.includes('glaenzel wolfgang') && merged.includes('orcid:0000-0001-7529-5198'));
    assert.equal(merged.length, people([]).length - 1);
    const orgs = people(['--level', 'organisation', '--thesaurus', merge]);
    assert.ok(orgs.includes('KU Leuven') && !orgs.includes('Katholieke Univ Leuven'));
    const frequent = people(['--min-documents', '3']);
    assert.ok(frequent.length > 0 && frequent.length < 30);
    assert.ok(frequent.includes('orcid:0000-0003-0810-7091')); // Bornmann, 7 records
    const bad = run('networks', 'metrics', dir, '--map', 'keywords', '--thesaurus', file('t.csv', 'from,to\na,b\n'));
    assert.match(bad.err, /a thesaurus has the columns "label" and "replace by"/);
  });
  it('--map terms: noun phrases of titles and abstracts, VOSviewer defaults (10 documents, 60% most relevant)', () => {
    if (!existsSync(join(dir, 'activities.csv'))) ready();
    const terms = run('networks', 'export', dir, '--map', 'terms', '--format', 'vos');
    assert.equal(terms.code, 0, terms.err);
    assert.match(terms.err, /300 activities → term graph of \d+ nodes/);
    const items: { label: string; weights: { Documents: number } }[] = JSON.parse(terms.out).network.items;
    const labels = items.map((x) => x.label);
    // specific terms kept; general ones ("paper", "study") dropped by relevance; copyright lines never read
    assert.ok(labels.includes('scholarly communication') && labels.includes('science citation index'), labels.join(', '));
    assert.ok(!labels.includes('paper') && !labels.includes('study') && !labels.some((l) => /elsevier|right/.test(l)));
    assert.ok(items.every((x) => x.weights.Documents >= 10));
    const titles = run('networks', 'metrics', dir, '--map', 'terms', '--terms-from', 'title', '--min-occurrences', '3', '--relevant', '1', '--format', 'csv');
    assert.equal(titles.code, 0, titles.err);
    assert.match(titles.out, /\ncitation analysis,/);
    const none = run('networks', 'metrics', dir, '--map', 'terms', '--min-occurrences', '400');
    assert.equal(none.code, 2);
    assert.match(none.err, /no two terms on one document; a term needs 400 documents/);
  });
  it('describe: summary, top authors, local citations, h-index, Lotka, Bradford, three fields', () => {
    const d = (...args: string[]) => run('networks', 'describe', dir, '--format', 'csv', ...args);
    assert.match(d().out, /\ndocuments,300\n/);
    assert.match(d('--report', 'authors', '--top', '3').out, /^unit,documents,fractional,citations\n"Kostoff, RN",8,/);
    assert.match(d('--report', 'local', '--top', '10').out, /TOWARD A DEFINITION OF BIBLIOMETRICS,1987,5,38/);
    assert.match(d('--report', 'hindex', '--unit', 'source', '--top', '1').out, /\nSCIENTOMETRICS,/);
    assert.match(d('--report', 'lotka').err, /Lotka: beta \d\.\d+, C \d\.\d+, R² 0\.\d+/);
    assert.match(d('--report', 'bradford').out, /\nSCIENTOMETRICS,1,49,49,1\n/);
    const three = d('--report', 'three-fields', '--fields', 'country,keyword,source', '--top', '5').out;
    assert.match(three, /^from_field,from,to_field,to,documents\n/);
    assert.match(three, /\ncountry,United States,keyword,bibliometrics,9\n/);
    assert.match(three, /\nkeyword,bibliometrics,source,SCIENTOMETRICS,12\n/);
    assert.equal(d('--report', 'three-fields', '--fields', 'country,keyword').code, 2);
  });
  it('themes: the thematic map, and its evolution between periods', () => {
    const map = run('networks', 'themes', dir, '--keywords', 'all', '--format', 'csv');
    assert.equal(map.code, 0, map.err);
    assert.match(map.out, /^theme,quadrant,centrality,density,centrality_rank,density_rank,occurrences,keywords\nbibliometrics,(motor|basic|niche|emerging or declining),/);
    const ev = run('networks', 'themes', dir, '--keywords', 'all', '--cuts', '2005,2011', '--format', 'csv');
    assert.equal(ev.code, 0, ev.err);
    assert.match(ev.err, /1985-2004: \d+ themes/);
    assert.match(ev.out, /^from_period,from,to_period,to,inclusion,weighted_inclusion,stability,words\n1985-2004,/);
    assert.equal(run('networks', 'themes', dir, '--cuts', '1900').code, 2);
  });
  it('communities per period, and their links across periods, for any map', () => {
    const members = run('networks', 'communities', dir, '--window', '10', '--format', 'csv');
    assert.equal(members.code, 0, members.err);
    assert.match(members.err, /1985-1994: \d+ nodes, \d+ communities/);
    assert.match(members.out, /^period,node,community\n1985-1994,/);
    const links = run('networks', 'communities', dir, '--map', 'keywords', '--keywords', 'all', '--window', '10', '--links', '--format', 'csv');
    assert.equal(links.code, 0, links.err);
    assert.match(links.out, /^from_period,from,to_period,to,shared,jaccard,inclusion\n1985-1994,\d+,1995-2004,\d+,\d+,/);
    assert.equal(run('networks', 'communities', dir, '--links').code, 2);
  });
});

describe('proximity networks metrics: weighted betweenness, PageRank tolerance, Leiden iterations', () => {
  // a–b and b–c are strong (4 papers each), a–c weak (1): through b is the stronger way from a to c
  const tri = () => file('tri.txt', 'a b 4\nb c 4\na c 1\n');
  const bcOf = (out: string) => Object.fromEntries(out.trim().split('\n').slice(1).map((l) => l.split(',')).map((r) => [r[0], Number(r[3])]));
  it('--weighted-betweenness: inverse weights (stronger ties shorter) or weights as lengths', () => {
    assert.deepEqual(bcOf(run('networks', 'metrics', tri(), '--format', 'csv').out), { a: 0, b: 0, c: 0 });
    assert.deepEqual(bcOf(run('networks', 'metrics', tri(), '--format', 'csv', '--weighted-betweenness').out), { a: 0, b: 1, c: 0 });
    assert.deepEqual(bcOf(run('networks', 'metrics', tri(), '--format', 'csv', '--weighted-betweenness', 'length').out), { a: 0, b: 0, c: 0 });
    assert.equal(run('networks', 'metrics', tri(), '--weighted-betweenness', 'strong').code, 2);
  });
  it("--tol reproduces NetworkX's PageRank; --iterations caps Leiden", () => {
    const edges = fixture('networks', 'ca-GrQc.txt.gz');
    const pr = (args: string[]) => run('networks', 'metrics', edges, '--format', 'csv', '--sample', '50', ...args).out.trim().split('\n').slice(1).map((l) => Number(l.split(',')[5]));
    const exact = pr([]);
    const early = pr(['--tol', '1e-6']);
    assert.ok(exact.some((v, i) => Math.abs(v - early[i]) > 1e-4 * v));
    assert.equal(run('networks', 'metrics', edges, '--iterations', '0').code, 2);
    assert.equal(run('networks', 'communities', edges, '--iterations', '1', '--format', 'csv').code, 0);
  });
});

describe('proximity networks proximities and spectrum', () => {
  it('an edge list gives the social proximities', () => {
    const r = run('networks', 'proximities', file('chain.txt', 'a b\nb c\nc d\n'), '--all', '--format', 'csv');
    assert.equal(r.code, 0, r.err);
    const rows = r.out.trim().split('\n').map((l) => l.split(','));
    const col = (name: string) => rows[0].indexOf(name);
    const ad = rows.find((x) => x[0] === 'a' && x[1] === 'd')!;
    assert.deepEqual([ad[col('shared_partners')], ad[col('co_participations')], ad[col('path_length')]], ['0', '0', '3']);
    assert.equal(ad[col('same_country')], '');
  });
  it('spectrum on imported tables; an edge list is refused', () => {
    const out = join(tmp, 'spec');
    run('networks', 'import', fixture('networks', 'savedrecs.bib.gz'), '--out', out);
    const r = run('networks', 'spectrum', out, '--format', 'csv');
    assert.equal(r.code, 0, r.err);
    assert.ok(r.out.startsWith('a,b,highest,stage,s1_count,s1_first_year,s1_evidence,'));
    assert.match(r.out, /,5,joint writing or research,/);
    const bad = run('networks', 'spectrum', file('e.txt', 'a b\n'));
    assert.equal(bad.code, 2);
    assert.match(bad.err, /expected a directory written by `proximity networks import`/);
  });
});
