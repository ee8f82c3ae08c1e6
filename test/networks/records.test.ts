import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { bibtexWorks, compatibleNames, wosTextWorks, nameKey as keyOfName, countryOf, familyFirst, nameKey, parseDimensionsCsv, parseGtr, parsePubmed, personName, resolveAuthors, type Work, parseLensCsv, parseOpenAlexCsv, parseOpenAlexJson, parseScopusCsv, parseBibtex, parseWosText } from '../../src/formats/bibliographic.js';
import { readTables, writeTables } from '../../src/formats/network-tables.js';
import { xorshift32 } from '../../src/linalg/random.js';
import { totalWeight } from '../../src/networks/graph.js';
import { activityUnits, mergeRecords, periodsOf, project, unitFields, type Records } from '../../src/networks/records.js';
import { fixture } from '../helpers/fixtures.js';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);
const tmp = mkdtempSync(join(tmpdir(), 'proximity-records-'));

/** Activities with the given participants (actor ids), each actor in a country named by its first letter. */
function records(teams: string[][]): Records {
  const ids = [...new Set(teams.flat())];
  return {
    actors: ids.map((id) => ({ id, kind: 'person' as const, name: id, country: id[0].toUpperCase(), disciplines: [{ code: `d${id[0]}`, weight: 1 }] })),
    activities: teams.map((_, i) => ({ id: `w${i}`, type: 'publication' as const, date: String(2000 + i), keywords: [], fields: [] })),
    participations: teams.flatMap((team, i) => team.map((actor) => ({ activity: `w${i}`, actor, role: 'author' }))),
  };
}

describe('author names and addresses', () => {
  it('one key for the forms of a name (case, diacritics, initials)', () => {
    assert.equal(nameKey('Toh, ML'), 'toh ml');
    assert.equal(nameKey('Toh, Ming Liang'), 'toh ml');
    assert.equal(nameKey('Liao, Pin-Chao'), 'liao pc');
    assert.equal(nameKey('Büyükkıdık, Serap'), nameKey('BUYUKKIDIK, S'));
    assert.equal(nameKey('López, Ana C.'), nameKey('Lopez, AC'));
    assert.equal(nameKey('Amoako P.T.'), nameKey('Amoako, Pious Tawiah')); // Scopus short form
    assert.equal(nameKey('Abdullah S.M.'), 'abdullah sm');
  });
  it('names that can be one person: an initial stands for a name, two different full names never', () => {
    const ok = (a: string, b: string) => compatibleNames(personName(a), personName(b));
    assert.ok(ok('Glanzel, W', 'Glanzel, Wolfgang'));
    assert.ok(ok('Pagel, P', 'Pagel, Paul S.'));
    assert.ok(ok('Liao, PC', 'Liao, Pin-Chao'));
    assert.ok(ok('Zhang, Li-Ming', 'Zhang, Liming'));
    assert.ok(ok('Amoako P.T.', 'Amoako, Pious Tawiah'));
    assert.ok(!ok('Huang, Lu', 'Huang, Lucheng'));
    assert.ok(!ok('Li, Lingling', 'Li, Lidong'));
    assert.ok(!ok('Wang, X', 'Wong, X'));
  });
  it('a name read into its parts: family folded, one token per given name or initial', () => {
    assert.deepEqual(personName('Garg, Kailash C.'), { family: 'garg', given: ['kailash', 'c'] });
    assert.deepEqual(personName('Garg, KC'), { family: 'garg', given: ['k', 'c'] });
    assert.deepEqual(personName('Garg K.C.'), { family: 'garg', given: ['k', 'c'] });
    assert.deepEqual(personName('Garg KC'), { family: 'garg', given: ['k', 'c'] });
    assert.deepEqual(personName('Garg K. C.'), { family: 'garg', given: ['k', 'c'] });
    assert.equal(nameKey('Nobody'), 'nobody');
    assert.deepEqual(personName("  O'Leary-Smith, Ann-Marie  "), { family: 'o leary smith', given: ['ann', 'marie'] });
    assert.deepEqual(personName('Nobody'), { family: 'nobody', given: [] });
    assert.deepEqual(personName('Müller, Jörg'), { family: 'muller', given: ['jorg'] });
    // up to four capitals are initials run together, as WoS writes them ("ML"); five are a name
    assert.deepEqual(personName('Toh, MLK'), { family: 'toh', given: ['m', 'l', 'k'] });
    assert.deepEqual(personName('Ng, ABCDE'), { family: 'ng', given: ['abcde'] });
  });
  it('a family name alone fits any given names; the extra given names of the longer form do not count', () => {
    const ok = (a: string, b: string) => compatibleNames(personName(a), personName(b));
    assert.ok(ok('Smith', 'Smith, John'));
    assert.ok(ok('Smith, John', 'Smith'));
    assert.ok(ok('Smith, J', 'Smith, John Paul'));
    assert.ok(ok('Smith, John P', 'Smith, J'));
    assert.ok(!ok('Smith, J P', 'Smith, John Quentin'));
    assert.ok(!ok('Smith, John', 'Smith, Jo'));
    // the same letters split otherwise are not one name when an initial disagrees: (a, bc) against (ab, c)
    assert.ok(!ok('Lee, A Bc', 'Lee, Ab C'));
  });
  it('given names first become family names first, particles kept with the family', () => {
    for (const particle of ['de', 'del', 'della', 'der', 'den', 'di', 'da', 'dos', 'du', 'la', 'le', 'van', 'von', 'ter', 'ten', 'bin', 'al', 'el'])
      assert.equal(familyFirst(`Ana ${particle} Silva`), `${particle} Silva, Ana`, particle);
    assert.equal(familyFirst('Ana Maria Silva'), 'Silva, Ana Maria', 'a given name is not a particle');
    assert.equal(familyFirst('De Roure'), 'Roure, De', 'one given name is always left');
    assert.equal(familyFirst('  Jason   Nurse '), 'Nurse, Jason');
    assert.equal(familyFirst('Jason R. C. Nurse'), 'Nurse, Jason R. C.');
    assert.equal(familyFirst('David De Roure'), 'De Roure, David');
    assert.equal(familyFirst('Ludwig van der Berg'), 'van der Berg, Ludwig');
    assert.equal(familyFirst('Plato'), 'Plato');
    assert.equal(familyFirst(' Nurse, Jason '), 'Nurse, Jason');
  });
  it('countries from Web of Science addresses', () => {
    assert.equal(countryOf('Tsinghua Univ, Dept Construct Management, Beijing 100084, Peoples R China.'), 'China');
    assert.equal(countryOf('Columbia Univ, New York, NY 10027 USA.'), 'United States');
    assert.equal(countryOf('Univ Manchester, Manchester M13 9PL, Lancs, England.'), 'United Kingdom');
    assert.equal(countryOf('Univ Napoli Federico II, Naples, Italy.'), 'Italy');
    assert.equal(countryOf('Charles Univ, Prague, Czech Republic.'), 'Czechia');
    assert.equal(countryOf('Seoul Natl Univ, Seoul, South Korea.'), 'South Korea');
  });
});

describe('importers', () => {
  const root = fixture('networks');
  it('Web of Science plain text: records, authors by ORCID or name, affiliations per paper', () => {
    const r = parseWosText(readFileSync(join(root, 'wos_sample.txt'), 'utf8'), 'wos_sample.txt');
    assert.equal(r.activities.length, 8);
    const aria = r.actors.find((a) => a.name === 'Aria, Massimo')!;
    assert.equal(aria.id, 'orcid:0000-0002-8517-9411');
    assert.equal(aria.country, 'Italy');
    const paper = r.activities.find((a) => a.id === 'WOS:000418020600003')!;
    assert.equal(paper.date, '2017');
    assert.deepEqual(paper.fields, ['Computer Science', 'Information Science & Library Science']);
    const authors = r.participations.filter((p) => p.activity === paper.id);
    assert.deepEqual(authors.map((p) => [p.organisation, p.country]), [['Univ Napoli Federico II', 'Italy'], ['Univ Campania Luigi Vanvitelli', 'Italy']]);
    assert.equal(authors[0].role, 'first author');
  });
  it('Web of Science BibTeX: 300 records, affiliations from the Affiliation field', () => {
    const r = parseBibtex(gunzipSync(readFileSync(join(root, 'savedrecs.bib.gz'))).toString('utf8'), 'savedrecs.bib');
    assert.equal(r.activities.length, 300);
    const first = r.participations.filter((p) => p.activity === 'ISI:000370456000022');
    assert.deepEqual(first.map((p) => [p.actor, p.organisation, p.country]), [
      ['liao pin chao', 'Tsinghua Univ', 'China'],
      ['zhang kenan', 'Tsinghua Univ', 'China'],
      ['wang tao', 'Cent Univ Finance & Econ', 'China'],
      ['wang yanqing', 'Tsinghua Univ', 'China'],
    ]);
    assert.ok(r.activities.every((a) => /^\d{4}$/.test(a.date ?? '')));
    assert.equal(new Set(r.participations.map((p) => `${p.activity} ${p.actor}`)).size, r.participations.length);
  });
  it('Scopus CSV: authors by Scopus id, institutions rather than departments, shared addresses', () => {
    const r = parseScopusCsv(readFileSync(join(root, 'scopus_sample.csv'), 'utf8'), 'scopus_sample.csv');
    assert.equal(r.activities.length, 8);
    const liu = r.actors.find((a) => a.id === 'scopus:60410297700')!;
    assert.equal(liu.name, 'Liu, Fengyuan');
    assert.equal(liu.country, 'China');
    // "Abdullah S.M., Department of …, College of Nursing …, Jazan University, Jazan, Saudi Arabia"
    const abdullah = r.participations.find((p) => p.actor === 'scopus:37071912100')!;
    assert.deepEqual([abdullah.activity, abdullah.organisation, abdullah.country], ['2-s2.0-105025600816', 'Jazan University', 'Saudi Arabia']);
    // "Cinkara E.; Derinalp P., Gaziantep Education Faculty, Gaziantep University, …": both at Gaziantep University
    const cinkara = r.participations.find((p) => p.actor === 'scopus:55823220500')!;
    assert.equal(cinkara.organisation, 'Gaziantep University');
    assert.ok(r.participations.every((p) => p.organisation && p.country), 'every author placed');
    assert.ok(r.activities.every((a) => a.keywords.length > 0));
  });
  it('OpenAlex CSV and JSON: authors by ORCID or OpenAlex id, institutions and countries, the topic as field', () => {
    const r = parseOpenAlexCsv(readFileSync(join(root, 'openalex_sample.csv'), 'utf8'), 'openalex_sample.csv');
    assert.equal(r.activities.length, 8);
    const w = r.participations.filter((p) => p.activity === 'W2755950973');
    assert.deepEqual(w.map((p) => [p.actor, p.organisation, p.country]), [
      ['orcid:0000-0002-8517-9411', 'University of Naples Federico II', 'Italy'],
      ['orcid:0000-0002-7401-8575', 'University of Campania "Luigi Vanvitelli"', 'Italy'],
    ]);
    assert.deepEqual(r.activities[0].fields, ['Data Analysis with R']);
    assert.equal(r.actors.find((a) => a.id === 'orcid:0000-0002-8517-9411')!.name, 'Aria, Massimo');
    const json = parseOpenAlexJson(
      JSON.stringify({
        meta: {},
        results: [
          {
            id: 'https://openalex.org/W1',
            display_name: 'T',
            publication_year: 2024,
            authorships: [
              { author: { id: 'https://openalex.org/A1', display_name: 'Ann Lee' }, institutions: [{ display_name: 'Univ X', country_code: 'GB', type: 'education' }] },
              { author: { id: 'https://openalex.org/A2', display_name: 'Bo Chen', orcid: 'https://orcid.org/0000-0001-2345-6789' }, institutions: [] },
            ],
            keywords: [{ display_name: 'clusters' }],
            primary_topic: { display_name: 'Regional innovation', field: { display_name: 'Economics, Econometrics and Finance' } },
          },
        ],
      }),
      'w.json',
    );
    assert.deepEqual(json.actors.map((a) => [a.id, a.organisation, a.organisationType, a.country]), [
      ['openalex:A1', 'Univ X', 'university', 'United Kingdom'],
      ['orcid:0000-0001-2345-6789', undefined, undefined, undefined],
    ]);
    assert.deepEqual(json.activities[0].fields, ['Economics, Econometrics and Finance']);
  });
  it('Lens CSV: given names first become family names; fields of study and keywords', () => {
    assert.equal(familyFirst('Jason R. C. Nurse'), 'Nurse, Jason R. C.');
    assert.equal(familyFirst('David De Roure'), 'De Roure, David');
    const r = parseLensCsv(readFileSync(join(root, 'lens_sample.csv'), 'utf8'), 'lens_sample.csv');
    assert.equal(r.activities.length, 8);
    assert.equal(r.activities[0].id, 'lens:000-360-106-493-122');
    assert.ok(r.actors.some((a) => a.id === 'de roure david' && a.name === 'De Roure, David'));
    assert.ok(r.activities[0].fields.includes('Computer security'));
  });
  it('Gateway to Research: projects with their PI and students, subjects as fields, topics as keywords, places', () => {
    const read = (f: string) => ({ file: f, text: readFileSync(join(root, f), 'utf8') });
    const r = parseGtr(['gtr-projects.csv', 'gtr-subjects.csv', 'gtr-topics.csv', 'gtr-locations.csv'].map(read));
    assert.deepEqual(r.activities.map((a) => [a.id, a.type, a.date]), [
      ['ES/K000357/1', 'project', '2013-04-01'],
      ['ES/K005146/1', 'project', '2013-10-01'],
      ['ES/L009633/1', 'project', '2014-01-01'],
    ]);
    assert.ok(r.activities[0].fields.includes('Economics') && r.activities[0].fields.includes('Info. & commun. Technol.'));
    assert.ok(r.activities[0].keywords.includes('Information & Knowledge Mgmt'));
    const pi = r.actors.find((a) => a.id === 'orcid:0000-0002-1825-0097')!;
    assert.deepEqual([pi.name, pi.organisation, pi.region, pi.latitude], ['Example, Alex', 'University College London', 'London', 51.5246]);
    assert.deepEqual(r.participations.filter((p) => p.activity === 'ES/L009633/1').map((p) => p.role), ['principal investigator', 'student']);
    assert.throws(() => parseGtr([{ file: 'x.csv', text: 'a,b\n1,2\n' }]), (e: unknown) => e instanceof UserError && /^x\.csv:1: not a Gateway to Research extract/.test(e.toString()));
  });
  it('who is who (WoS BibTeX, 300 records): namesakes apart, name forms and ORCID-less records joined', () => {
    const { works } = bibtexWorks(gunzipSync(readFileSync(join(root, 'savedrecs.bib.gz'))).toString('utf8'), 'savedrecs.bib');
    const { records: r, report } = resolveAuthors(works);
    const papers = (id: string) => r.participations.filter((p) => p.actor === id).length;
    // bibliometrix's key "huang l" and "zhang l" would make one person of each pair
    assert.ok(papers('huang lu') === 1 && papers('huang lucheng') === 1);
    assert.ok(papers('zhang li') === 1 && papers('zhang liang') === 1);
    // "White, Howard D.", "White, HD" and "WHITE, HD" on four records, none with an organisation: one person
    assert.equal(papers('white howard d'), 4);
    assert.ok(!r.actors.some((a) => /^white h/.test(a.id) && a.id !== 'white howard d'));
    // "Garg, KC" with no organisation joins the one Garg with one (NISTADS)
    assert.equal(papers('garg kailash c'), 4);
    // Bornmann has an ORCID on 5 of his 7 records; the other 2 share his name and organisation
    assert.equal(papers('orcid:0000-0003-0810-7091'), 7);
    assert.deepEqual([report.authorships, report.people], [689, r.actors.length]);
    assert.ok(report.joinedByIdentifier > 0 && report.joinedByOrganisation > 0 && report.joinedAsOnlyCandidate > 0);
  });
  it('the authors of one paper are never one person, even with one key (Li, Lingling and Li, Lidong)', () => {
    // constructed from the case in the issue: two Li L on one paper, one of them again on another paper with an ORCID
    const text = [
      'PT J',
      'AU Li, L',
      '   Li, L',
      'AF Li, Lingling',
      '   Li, Lidong',
      'C1 [Li, Lingling; Li, Lidong] Xidian Univ, Xian, Peoples R China.',
      'UT WOS:1',
      'ER',
      'PT J',
      'AF Li, Lingling',
      'C1 [Li, Lingling] Xidian Univ, Xian, Peoples R China.',
      'OI Li, Lingling/0000-0001-0000-0001',
      'UT WOS:2',
      'ER',
    ].join('\n');
    const r = parseWosText(text, 'li.txt');
    assert.deepEqual(r.participations.map((p) => [p.activity, p.actor]), [
      ['WOS:1', 'orcid:0000-0001-0000-0001'],
      ['WOS:1', 'li lidong'],
      ['WOS:2', 'orcid:0000-0001-0000-0001'],
    ]);
  });
  it('older Scopus CSV (authors separated by commas, Author(s) ID): one actor per author, with ids and addresses', () => {
    const r = parseScopusCsv(gunzipSync(readFileSync(join(root, 'scopus_old_litstudy.csv.gz'))).toString('utf8'), 'scopus_old_litstudy.csv');
    assert.equal(r.activities.length, 12);
    const namd = r.participations.filter((p) => p.activity === '2-s2.0-27344436659');
    assert.equal(namd.length, 10); // Phillips J.C., Braun R., … Schulten K.
    assert.equal(namd[0].actor, 'scopus:57202138757');
    assert.equal(r.actors.find((a) => a.id === 'scopus:57202138757')!.name, 'Phillips J.C.');
    assert.deepEqual([namd[6].organisation, namd[6].country], ['Université Henri Poincaré', 'France']); // Chipot C.
    assert.equal(r.participations.length, 58);
    assert.ok(r.participations.every((p) => p.organisation && p.country));
  });
  it('Scopus BibTeX is told from WoS BibTeX: EIDs, authors, affiliations, keywords', () => {
    const { works, source } = bibtexWorks(readFileSync(join(root, 'scopus_bibx.bib'), 'utf8'), 'scopus_bibx.bib');
    assert.equal(source, 'scopus');
    assert.deepEqual(works.map((w) => w.id), ['2-s2.0-0001401833', '2-s2.0-85135886322', '2-s2.0-85135886322']);
    assert.deepEqual(works[0].authors.map((a) => [a.name, a.organisation, a.country]), [
      ['Boerner, E.D.', 'University of California - San Diego', 'United States'],
      ['Bertram, H.N.', 'University of California - San Diego', 'United States'],
      ['Hughes, G.F.', 'University of California - San Diego', 'United States'],
    ]);
    assert.equal(works[1].doi, '10.1016/j.jmmm.2022.169805');
    assert.ok(works[1].keywords.includes('Micromagnetism') && works[1].keywords.includes('Magnetic memory'));
  });
  it('one OpenAlex work as saved pretty-printed (curl | jq .)', () => {
    const r = parseOpenAlexJson(readFileSync(join(root, 'openalex_W2741809807.json'), 'utf8'), 'w.json');
    assert.deepEqual(r.activities.map((a) => [a.id, a.date]), [['W2741809807', '2018-02-13']]);
    assert.equal(r.actors.length, 9);
    const piwowar = r.actors.find((a) => a.id === 'orcid:0000-0003-1613-5981')!;
    assert.deepEqual([piwowar.name, piwowar.organisation, piwowar.country], ['Piwowar, Heather A.', 'Our Research', 'Canada']);
    assert.ok(r.actors.some((a) => a.id === 'openalex:A5045110184' && a.name === 'Alperín, Juan Pablo')); // no ORCID: the OpenAlex id
  });
  it('PubMed (MEDLINE): full names, the affiliation of the first author on an older record, MeSH and the DOI', () => {
    const r = parsePubmed(readFileSync(join(root, 'pubmed_bioruby.nbib'), 'utf8'), 'pubmed_bioruby.nbib');
    assert.deepEqual(r.activities.map((a) => [a.id, a.date, a.doi, a.source, a.volume, a.page]), [['pmid:16734914', '2006', '10.1186/1471-2105-7-273', 'BMC bioinformatics', '7', '273']]);
    assert.equal(r.activities[0].title, 'Agile methods in biomedical software development: a multi-site experience report.');
    assert.deepEqual(r.participations.map((p) => [p.actor, p.organisation, p.country]), [
      ['kane david w', 'SRA International', 'United States'],
      ['hohman moses m', undefined, undefined],
      ['cerami ethan g', undefined, undefined],
      ['mccormick michael w', undefined, undefined],
      ['kuhlmann karl f', undefined, undefined],
      ['byrd jeff a', undefined, undefined],
    ]);
    assert.ok(r.activities[0].indexKeywords!.includes('Software Design') && r.activities[0].indexKeywords!.includes('Computational Biology/methods'));
    // a newer record: each author's AD and ORCID follow the author
    const newer = parsePubmed('PMID- 1\nDP  - 2020 Jan\nTI  - T.\nFAU - Lee, Ann\nAU  - Lee A\nAUID- ORCID: 0000-0001-2345-6789\nAD  - Dept X, University of Leeds, Leeds, UK. a@b.uk\nFAU - Roe, Bo\nAU  - Roe B\nAD  - Univ Paris, Paris, France.\n', 'n.nbib');
    assert.deepEqual(newer.participations.map((p) => [p.actor, p.organisation, p.country]), [
      ['orcid:0000-0001-2345-6789', 'University of Leeds', 'United Kingdom'],
      ['roe bo', 'Univ Paris', 'France'],
    ]);
  });
  it('Dimensions full-record CSV: the preamble line skipped, each author placed from "Name (Org; Org)", countries from the standardised organisations', () => {
    const r = parseDimensionsCsv(readFileSync(join(root, 'dimensions_full_record.csv'), 'utf8'), 'dimensions_full_record.csv');
    assert.deepEqual(r.activities.map((a) => [a.id, a.date, a.doi, a.source, a.volume, a.page, a.citedBy]), [
      ['dimensions:pub.1091397413', '2017', '10.1016/j.joi.2017.08.007', 'Journal of Informetrics', '11', '959', 3500],
      ['dimensions:pub.1032457929', '2009', '10.1007/s11192-009-0146-3', 'Scientometrics', '84', '523', 9000],
    ]);
    assert.deepEqual(r.participations.map((p) => [p.actor, p.organisation, p.country]), [
      ['aria massimo', 'University of Naples Federico II', 'Italy'],
      ['cuccurullo corrado', 'University of Campania Luigi Vanvitelli', 'Italy'],
      ['van eck nees jan', 'Erasmus University Rotterdam', 'Netherlands'],
      ['waltman ludo', 'Erasmus University Rotterdam', 'Netherlands'],
    ]);
    assert.deepEqual(r.activities[1].fields, ['46 Information and Computing Sciences', '4610 Library and Information Studies']);
    // the data lines keep the file's numbers: a record without an id is on line 3
    const bad = readFileSync(join(root, 'dimensions_full_record.csv'), 'utf8').replace('"1","pub.1091397413"', '"1",""');
    assert.throws(() => parseDimensionsCsv(bad, 'd.csv'), (e: unknown) => e instanceof UserError && /^d\.csv:3:2: record without a Publication ID/.test(e.toString()));
  });
  it('Dimensions mapping CSV: cited references in the one layout; the paper-level organisations placed only when unambiguous', () => {
    const works = parseDimensionsCsv(readFileSync(join(root, 'dimensions_mapping.csv'), 'utf8'), 'dimensions_mapping.csv');
    assert.deepEqual(works.activities[0].references, [
      'VAN ECK NJ, 2009, SCIENTOMETRICS, V84, P523, DOI 10.1007/s11192-009-0146-3',
      'SMALL H, 1973, JOURNAL OF THE AMERICAN SOCIETY FOR INFORMATION SCIENCE, V24, P265, DOI 10.1002/asi.4630240406',
    ]);
    assert.deepEqual(works.participations.map((p) => [p.actor, p.organisation, p.country]), [
      ['aria massimo', undefined, 'Italy'],
      ['cuccurullo corrado', undefined, 'Italy'],
      ['van eck nees jan', undefined, 'Netherlands'],
      ['waltman ludo', undefined, 'Netherlands'],
    ]);
    // one organisation: every author's; two countries: nobody's
    const head = readFileSync(join(root, 'dimensions_mapping.csv'), 'utf8').split('\n').slice(0, 2).join('\n');
    const one = parseDimensionsCsv(`${head}\n"pub.1","","T","","S","2020","","","","A, B; C, D","Org X","Italy; France","","0",""\n`, 'o.csv');
    assert.deepEqual(one.participations.map((p) => [p.organisation, p.country]), [['Org X', undefined], ['Org X', undefined]]);
  });
  it('malformed files are refused with the line', () => {
    const bad = (f: () => unknown, re: RegExp) => assert.throws(f, (e: unknown) => e instanceof UserError && re.test(e.toString()));
    bad(() => parseWosText('PT J\nAU X, Y\nER\n', 'w.txt'), /^w\.txt:1: record without an accession number \(UT\)/);
    bad(() => parseWosText('PT J\nUT A\nPT J\n', 'w.txt'), /^w\.txt:3:1: a record starts/);
    bad(() => parseWosText('hello\n', 'w.txt'), /^w\.txt:1:1: expected a two-letter field tag/);
    bad(() => parseBibtex('@article{ k1,\nTitle = {{unclosed\n', 'b.bib'), /^b\.bib:2: entry k1: field title has unbalanced braces/);
    bad(() => parseScopusCsv('Authors,Title\nA B.,T\n', 's.csv'), /^s\.csv:1: not a Scopus CSV export: no "EID" column/);
    bad(() => parseScopusCsv('Authors,EID\nA B.,\n', 's.csv'), /^s\.csv:2:2: record without an EID/);
  });
});

describe('tables', () => {
  it('write and read back the same records', async () => {
    const r = parseWosText(readFileSync(fixture('networks', 'wos_sample.txt'), 'utf8'), 'wos_sample.txt');
    const dir = join(tmp, 'round');
    writeTables(r, dir);
    const back = await readTables(dir);
    assert.deepEqual(back, JSON.parse(JSON.stringify(r)));
  });
  it('bad rows name the file, line and column', async () => {
    const dir = join(tmp, 'bad');
    writeTables(records([['a1', 'b1']]), dir);
    writeFileSync(join(dir, 'activities.csv'), 'id,type,date\nw0,paper,2020\n');
    await assert.rejects(readTables(dir), (e: unknown) => e instanceof UserError && /activities\.csv:2:2: type "paper" is not one of publication/.test(e.toString()));
    writeFileSync(join(dir, 'activities.csv'), 'id,type,date\nw0,publication,20x0\n');
    await assert.rejects(readTables(dir), (e: unknown) => e instanceof UserError && /activities\.csv:2:3: date "20x0"/.test(e.toString()));
    writeFileSync(join(dir, 'activities.csv'), 'id,type\nw0,publication\n');
    writeFileSync(join(dir, 'participations.csv'), 'activity,actor\nw0,a1\nw0,zz\n');
    await assert.rejects(readTables(dir), (e: unknown) => e instanceof UserError && /participations\.csv:3:2: actor "zz" is not in actors\.csv/.test(e.toString()));
  });
});

describe('projections', () => {
  const r = records([['a1', 'a2', 'b1'], ['a1', 'a2'], ['b1', 'c1', 'a1', 'c2']]);
  it('full counting: shared activities', () => {
    const g = project(r);
    const w = (x: string, y: string) => {
      const i = g.ids.indexOf(x);
      const j = g.ids.indexOf(y);
      for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++) if (g.targets[k] === j) return g.weights[k];
      return 0;
    };
    assert.equal(w('a1', 'a2'), 2);
    assert.equal(w('a1', 'b1'), 2);
    assert.equal(w('c1', 'c2'), 1);
    assert.equal(w('a2', 'c1'), 0);
  });
  it('fractional counting: 1/(n−1) per co-participant, each activity adding n/2 (property, random teams)', () => {
    const random = xorshift32(5);
    for (let t = 0; t < 25; t++) {
      const teams = Array.from({ length: 12 }, () => Array.from({ length: 1 + Math.floor(random() * 5) }, () => `p${Math.floor(random() * 15)}`));
      const rec = records(teams);
      const expected = activityUnits(rec).reduce((s, { units }) => s + (units.length >= 2 ? units.length / 2 : 0), 0);
      close(totalWeight(project(rec, { weighting: 'fractional' })), expected);
    }
  });
  it('association strength: a_ij / (s_i s_j / 2m)', () => {
    const full = project(r);
    const assoc = project(r, { weighting: 'association' });
    const s = full.ids.map((_, i) => {
      let x = 0;
      for (let k = full.offsets[i]; k < full.offsets[i + 1]; k++) x += full.weights[k];
      return x;
    });
    const twoM = s.reduce((a, b) => a + b, 0);
    for (let i = 0; i < full.n; i++)
      for (let k = full.offsets[i]; k < full.offsets[i + 1]; k++) close(assoc.weights[k], full.weights[k] / ((s[i] * s[full.targets[k]]) / twoM));
  });
  it('levels, time windows, types and minimum weight', () => {
    const countries = project(r, { level: 'country' });
    assert.deepEqual([...countries.ids].sort(), ['A', 'B', 'C']);
    assert.equal(project(r, { level: 'discipline' }).n, 3);
    assert.equal(project(r, { from: 2001 }).m, project(records([['a1', 'a2'], ['b1', 'c1', 'a1', 'c2']])).m);
    assert.equal(project(r, { types: ['project'] }).n, 0);
    assert.equal(project(r, { minWeight: 2 }).m, 2);
  });
  it('fields per unit, shared equally within an activity', () => {
    const rec = records([['a1', 'b1']]);
    rec.activities[0].fields = ['Economics', 'Geography'];
    assert.deepEqual(unitFields(rec, 'country'), [
      { unit: 'A', category: 'Economics', weight: 0.5 },
      { unit: 'A', category: 'Geography', weight: 0.5 },
      { unit: 'B', category: 'Economics', weight: 0.5 },
      { unit: 'B', category: 'Geography', weight: 0.5 },
    ]);
    // per activity: its own fields, even with no one recorded as taking part (a grant known only by its subjects)
    rec.activities.push({ id: 'grant', type: 'project', keywords: [], fields: ['Sociology', 'Economics', 'Law'] });
    assert.deepEqual(unitFields(rec, 'activity').filter((x) => x.unit === 'grant').map((x) => [x.category, x.weight]), [['Sociology', 1 / 3], ['Economics', 1 / 3], ['Law', 1 / 3]]);
    assert.equal(unitFields(rec, 'activity').filter((x) => x.unit === 'w0').length, 2);
    // per region: the actor's region; actors without one are left out
    rec.actors[0].region = 'TLG3';
    assert.deepEqual(unitFields(rec, 'region'), [
      { unit: 'TLG3', category: 'Economics', weight: 0.5 },
      { unit: 'TLG3', category: 'Geography', weight: 0.5 },
    ]);
  });
});

describe('merging and periods', () => {
  it('a repeated activity is kept once; an actor seen twice keeps its first values and gains missing ones', () => {
    const a = records([['a1', 'b1']]);
    const b = records([['a1', 'b1'], ['a1', 'c1']]);
    b.actors[0] = { ...b.actors[0], country: 'X', organisation: 'Org' };
    const { records: merged, skipped } = mergeRecords([a, b]);
    assert.equal(skipped, 1);
    assert.deepEqual(merged.activities.map((x) => x.id), ['w0', 'w1']);
    assert.equal(merged.participations.length, 4);
    const a1 = merged.actors.find((x) => x.id === 'a1')!;
    assert.deepEqual([a1.country, a1.organisation], ['A', 'Org']);
  });
  it('periods: consecutive or sliding, from the first dated activity to the last', () => {
    const r = records([['a'], ['b'], ['c'], ['d'], ['e']]); // 2000–2004
    assert.deepEqual(periodsOf(r, 2).map((p) => p.label), ['2000-2001', '2002-2003', '2004-2005']);
    assert.deepEqual(periodsOf(r, 3, 1).map((p) => p.label), ['2000-2002', '2001-2003', '2002-2004']);
    assert.deepEqual(periodsOf({ ...r, activities: r.activities.map(({ date: _, ...x }) => x) }, 2), []);
  });
});


describe('who is who, rule by rule (hand cases; src/formats/bibliographic/authors.ts)', () => {
  type A = { name: string; orcid?: string; scopus?: string; org?: string; country?: string };
  const work = (id: string, authors: A[], extra: Partial<Work> = {}): Work => ({
    id,
    authors: authors.map((a) => ({
      name: a.name,
      ids: { ...(a.orcid && { orcid: a.orcid }), ...(a.scopus && { scopus: a.scopus }) },
      ...(a.org && { organisation: a.org }),
      ...(a.country && { country: a.country }),
    })),
    keywords: [],
    fields: [],
    file: 'hand',
    line: 1,
    ...extra,
  });
  /** Each authorship's person, as "work:position → actor id". */
  const people = (works: Work[]) => {
    const { records, report } = resolveAuthors(works);
    return { ids: records.participations.map((p) => p.actor), records, report };
  };
  it('1: one identifier is one person whatever the name; two identifiers of one kind are two people', () => {
    const { ids, report } = people([
      work('w1', [{ name: 'Glanzel, W', orcid: '0000-0001' }]),
      work('w2', [{ name: 'Glaenzel, Wolfgang', orcid: '0000-0001' }]),
      work('w3', [{ name: 'Glanzel, W', orcid: '0000-0002', org: 'KU Leuven' }]),
    ]);
    assert.equal(ids[0], ids[1]);
    assert.notEqual(ids[0], ids[2]);
    assert.deepEqual([report.people, report.joinedByIdentifier, report.joinedByOrganisation, report.joinedAsOnlyCandidate], [2, 1, 0, 0]);
    assert.equal(ids[0], 'orcid:0000-0001');
  });
  it('1: the same identifier twice on one work is one author listed twice', () => {
    const { records, report } = people([work('w1', [{ name: 'Li, L', scopus: '7' }, { name: 'Li, Lingling', scopus: '7' }, { name: 'Li, Lidong' }])]);
    assert.equal(report.authorships, 2);
    assert.deepEqual(records.participations.map((p) => p.role), ['first author', 'author']);
  });
  it('2: the authors of one work are never one person, even with one name', () => {
    const { ids } = people([work('w1', [{ name: 'Wang, Xin', org: 'Tsinghua' }, { name: 'Wang, Xin', org: 'Tsinghua' }])]);
    assert.notEqual(ids[0], ids[1]);
    assert.deepEqual(ids, ['wang xin', 'wang xin @ tsinghua']);
  });
  it('3: compatible names at a shared organisation are one person; at different organisations, two', () => {
    const { ids, report } = people([
      work('w1', [{ name: 'Wang, Xin', org: 'Tsinghua University' }]),
      work('w2', [{ name: 'Wang, Xin', org: 'Tsinghua University' }]),
      work('w3', [{ name: 'Wang, Xin', org: 'Zhejiang University' }]),
      work('w4', [{ name: 'Wang, Xiao', org: 'Tsinghua University' }]),
    ]);
    assert.equal(ids[0], ids[1]);
    assert.notEqual(ids[0], ids[2]);
    assert.notEqual(ids[0], ids[3]);
    assert.deepEqual([report.people, report.joinedByOrganisation], [3, 1]);
  });
  it('3: an ORCID-less record joins the ORCID holder at the same organisation; a conflicting ORCID does not', () => {
    const { ids } = people([
      work('w1', [{ name: 'Huang, Lucheng', orcid: '0000-0003', org: 'Beijing University of Technology' }]),
      work('w2', [{ name: 'Huang, Lucheng', org: 'Beijing University of Technology' }]),
      work('w3', [{ name: 'Huang, Lucheng', orcid: '0000-0004', org: 'Beijing University of Technology' }]),
    ]);
    assert.equal(ids[1], 'orcid:0000-0003');
    assert.equal(ids[0], ids[1]);
    assert.equal(ids[2], 'orcid:0000-0004');
  });
  it('3: initials join the one full name they fit at the same place, not one of two', () => {
    const one = people([work('w1', [{ name: 'Wang, X', org: 'Tsinghua' }]), work('w2', [{ name: 'Wang, Xin', org: 'Tsinghua' }])]);
    assert.equal(one.ids[0], one.ids[1]);
    assert.equal(one.ids[0], 'wang xin', 'the fullest form keys the person');
    assert.equal(one.report.joinedByOrganisation, 1);
    const two = people([
      work('w1', [{ name: 'Wang, X', org: 'Tsinghua' }]),
      work('w2', [{ name: 'Wang, Xin', org: 'Tsinghua' }]),
      work('w3', [{ name: 'Wang, Xiao', org: 'Tsinghua' }]),
    ]);
    assert.equal(new Set(two.ids).size, 3);
  });
  it('4: a person with no organisation joins the only compatible person of the family who has one; with two, no one', () => {
    const one = people([work('w1', [{ name: 'Ahlgren, P' }]), work('w2', [{ name: 'Ahlgren, Per', org: 'KTH' }])]);
    assert.equal(one.ids[0], one.ids[1]);
    assert.equal(one.report.joinedAsOnlyCandidate, 1);
    const two = people([work('w1', [{ name: 'Ahlgren, P' }]), work('w2', [{ name: 'Ahlgren, Per', org: 'KTH' }]), work('w3', [{ name: 'Ahlgren, Per', org: 'Uppsala' }])]);
    assert.equal(new Set(two.ids).size, 3);
    assert.equal(two.report.joinedAsOnlyCandidate, 0);
  });
  it('4: without organisations anywhere, the fullest name gathers its unambiguous variants', () => {
    const { ids, report } = people([work('w1', [{ name: 'Leydesdorff, L' }]), work('w2', [{ name: 'Leydesdorff, Loet' }]), work('w3', [{ name: 'Leydesdorff, L' }])]);
    assert.equal(new Set(ids).size, 1);
    assert.equal(ids[0], 'leydesdorff loet');
    assert.equal(report.joinedAsOnlyCandidate, 2);
    const apart = people([work('w1', [{ name: 'Leydesdorff, L' }]), work('w2', [{ name: 'Leydesdorff, Loet' }]), work('w3', [{ name: 'Leydesdorff, Lisa' }])]);
    assert.deepEqual(apart.ids.map((id) => id.replace(/ #\d/, '')).sort(), ['leydesdorff l', 'leydesdorff lisa', 'leydesdorff loet']);
  });
  it('the report counts authorships with an organisation and with a country', () => {
    const { report } = people([work('w1', [{ name: 'A, B', org: 'X', country: 'Chile' }, { name: 'C, D', org: 'Y' }, { name: 'E, F' }])]);
    assert.deepEqual([report.authorships, report.people, report.withOrganisation, report.withCountry], [3, 3, 2, 1]);
  });
  it('the person carries the most frequent organisation and country, and the ORCID seen', () => {
    const { records } = people([
      work('w1', [{ name: 'Boschma, Ron', orcid: '0000-0005', org: 'Utrecht University', country: 'Netherlands' }]),
      work('w2', [{ name: 'Boschma, R', orcid: '0000-0005', org: 'Stavanger', country: 'Norway' }]),
      work('w3', [{ name: 'Boschma, R', orcid: '0000-0005', org: 'Utrecht University', country: 'Netherlands' }]),
    ]);
    assert.equal(records.actors.length, 1);
    assert.deepEqual(
      { name: records.actors[0].name, orcid: records.actors[0].orcid, organisation: records.actors[0].organisation, country: records.actors[0].country },
      { name: 'Boschma, Ron', orcid: '0000-0005', organisation: 'Utrecht University', country: 'Netherlands' },
    );
    // each participation keeps where the person was on that paper
    assert.deepEqual(records.participations.map((p) => p.organisation), ['Utrecht University', 'Stavanger', 'Utrecht University']);
  });
  it('namesakes are told apart by organisation, else by number; disciplines are shared out by the work’s fields', () => {
    const { records } = people([work('w1', [{ name: 'Smith, John', org: 'A' }, { name: 'Smith, John', org: 'B' }], { fields: ['econ', 'geog'], year: '2020', title: 'T' })]);
    assert.deepEqual(records.actors.map((a) => a.id), ['smith john', 'smith john @ b']);
    assert.deepEqual(people([work('w1', [{ name: 'Smith, John' }, { name: 'Smith, John' }, { name: 'Smith, John' }])]).ids, ['smith john', 'smith john #2', 'smith john #3']);
    assert.deepEqual(records.actors[0].disciplines, [{ code: 'econ', weight: 0.5 }, { code: 'geog', weight: 0.5 }]);
    assert.deepEqual(records.activities[0], { id: 'w1', type: 'publication', date: '2020', title: 'T', keywords: [], fields: ['econ', 'geog'] });
  });
});

describe('a Web of Science BibTeX entry written by hand (src/formats/bibliographic/wos.ts)', () => {
  const entry = `@article{ ISI:000000000000009,
Author = {Liao, Pin-Chao and Zhang, Kenan and Wang, Tao and Wang, Yanqing and Bose, Anil},
Title = {{Integrating bibliometrics and roadmapping}},
Journal = {{RENEWABLE ENERGY REVIEWS}},
Year = {{2016}},
Volume = {{57}},
Article-Number = {{103811}},
Abstract = {{An abstract.}},
Affiliation = {{Wang, T (Reprint Author), Cent Univ Finance, Beijing 100081, Peoples R China.
   Liao, Pin-Chao; Zhang, Kenan; Wang, Yanqing, Tsinghua Univ, Dept Construct Management, Beijing 100084, Peoples R China.
   Wang, Tao, Cent Univ Finance, Sch Management, Beijing 100081, Peoples R China.
   Wang, Tao, Univ Oxford, Oxford, England.}},
DOI = {{10.1016/J.RSER.2015.12.080}},
Keywords = {{Heat pump; Bibliometrics}},
Keywords-Plus = {{CO-WORD ANALYSIS}},
Web-of-Science-Categories = {{Energy \\& Fuels}},
Times-Cited = {{7}},
ORCID-Numbers = {{Liao, Pin-Chao/0000-0002-1825-0097}},
ResearcherID-Numbers = {{Zhang, Kenan/AB-1234-2010}},
Cited-References = {{CALLON M, 1991, SCIENTOMETRICS, V22, P155, DOI 10.1007/BF02019280.
   Paci R, 1997, TECHNOVATION, V17, P25.}},
Unique-ID = {{ISI:000000000000009}},
}
@inproceedings{ key2,
Author = {Doe, Jane},
Booktitle = {{Proceedings of a conference}},
Pages = {{11-19}},
Research-Areas = {{Computer Science}},
Web-of-Science-Categories = {{Computer Science, Theory}},
}
`;
  it('every field read, each author placed by the address naming them (the reprint line skipped)', () => {
    const { works, source } = bibtexWorks(entry, 'hand.bib');
    assert.equal(source, 'wos');
    const [w, p] = works;
    assert.deepEqual(
      w.authors.map((a) => [a.name, a.organisation, a.country, a.ids.orcid, a.ids.researcherid]),
      [
        ['Liao, Pin-Chao', 'Tsinghua Univ', 'China', '0000-0002-1825-0097', undefined],
        ['Zhang, Kenan', 'Tsinghua Univ', 'China', undefined, 'AB-1234-2010'],
        // the first address naming him, not the reprint line's
        ['Wang, Tao', 'Cent Univ Finance', 'China', undefined, undefined],
        ['Wang, Yanqing', 'Tsinghua Univ', 'China', undefined, undefined],
        ['Bose, Anil', undefined, undefined, undefined, undefined],
      ],
    );
    assert.deepEqual(
      { id: w.id, doi: w.doi, year: w.year, title: w.title, abstract: w.abstract, source: w.source, volume: w.volume, page: w.page, citedBy: w.citedBy, keywords: w.keywords, fields: w.fields, references: w.references?.length },
      { id: 'ISI:000000000000009', doi: '10.1016/j.rser.2015.12.080', year: '2016', title: 'Integrating bibliometrics and roadmapping', abstract: 'An abstract.', source: 'RENEWABLE ENERGY REVIEWS', volume: '57', page: '103811', citedBy: 7, keywords: ['Heat pump', 'Bibliometrics', 'CO-WORD ANALYSIS'], fields: ['Energy & Fuels'], references: 2 },
    );
    assert.deepEqual(w.authorKeywords, ['Heat pump', 'Bibliometrics']);
    assert.deepEqual(w.indexKeywords, ['CO-WORD ANALYSIS']);
    // no Unique-ID: the entry's key; Research-Areas before the categories; a proceedings' book title; first page
    assert.deepEqual({ id: p.id, source: p.source, page: p.page, fields: p.fields, authors: p.authors.map((a) => a.name), doi: p.doi }, { id: 'key2', source: 'Proceedings of a conference', page: '11', fields: ['Computer Science'], authors: ['Doe, Jane'], doi: undefined });
  });
});

describe('a Web of Science record written by hand (src/formats/bibliographic/wos.ts)', () => {
  const record = [
    'FN Clarivate Analytics Web of Science',
    'VR 1.0',
    'PT J',
    'AU Li, L',
    '   Li, L',
    '   Smith, J',
    '   Ng, KC',
    '   Bose, A',
    'AF Li, Lingling',
    '   Li, Lidong',
    '   Smith, John',
    '   Ng, Kai Chung',
    '   Bose, Anil',
    'TI Knowledge spillovers',
    '   across regions',
    'SO RESEARCH POLICY',
    'DE proximity; relatedness',
    'ID SPILLOVERS',
    'AB An abstract',
    '   on two lines.',
    'C1 [Li, Lingling; Smith, John] Univ Manchester, Manchester M13 9PL, Lancs, England.',
    '   [Li, Lidong] Tsinghua Univ, Beijing 100084, Peoples R China.',
    '   [Ng, K. C.] Natl Univ Singapore, Singapore 119077, Singapore.',
    'RI Smith, John/A-1234-2010; Li, L/B-2222-2011',
    'OI Li, Lingling/0000-0002-1825-0097; Bose, Anil/not-an-orcid',
    'TC 12',
    'PY 2019',
    'VL 48',
    'AR 103811',
    'DI 10.1016/J.RESPOL.2019.103811',
    'SC Business & Economics',
    'UT WOS:000000000000001',
    'ER',
    '',
    'EF',
  ].join('\n');
  it('five authors give five people, each with the address and identifiers linked to their name', () => {
    const [w] = wosTextWorks(record, 'hand.txt');
    assert.deepEqual(
      w.authors.map((a) => [a.name, a.organisation, a.country, a.ids.orcid, a.ids.researcherid]),
      [
        ['Li, Lingling', 'Univ Manchester', 'United Kingdom', '0000-0002-1825-0097', undefined],
        ['Li, Lidong', 'Tsinghua Univ', 'China', undefined, undefined],
        ['Smith, John', 'Univ Manchester', 'United Kingdom', undefined, 'A-1234-2010'],
        // "Ng, K. C." in C1 is found by family name and initials, the only such author
        ['Ng, Kai Chung', 'Natl Univ Singapore', 'Singapore', undefined, undefined],
        // no address linked to Bose, and the record has several: none is guessed; "not-an-orcid" is no ORCID
        ['Bose, Anil', undefined, undefined, undefined, undefined],
      ],
    );
    // "Li, L"'s ResearcherID fits two authors of the record: it goes to neither
    assert.equal(parseWosText(record, 'hand.txt').actors.length, 5);
    assert.deepEqual(
      { id: w.id, doi: w.doi, year: w.year, title: w.title, abstract: w.abstract, source: w.source, volume: w.volume, page: w.page, citedBy: w.citedBy, keywords: w.keywords, authorKeywords: w.authorKeywords, indexKeywords: w.indexKeywords, fields: w.fields, line: w.line },
      { id: 'WOS:000000000000001', doi: '10.1016/j.respol.2019.103811', year: '2019', title: 'Knowledge spillovers across regions', abstract: 'An abstract on two lines.', source: 'RESEARCH POLICY', volume: '48', page: '103811', citedBy: 12, keywords: ['proximity', 'relatedness', 'SPILLOVERS'], authorKeywords: ['proximity', 'relatedness'], indexKeywords: ['SPILLOVERS'], fields: ['Business & Economics'], line: 3 },
    );
  });
  it('AU when there is no AF; a record with one unlinked address gives it to every author', () => {
    const text = ['PT J', 'AU Aria, M', '   Cuccurullo, C', 'C1 Univ Napoli Federico II, Naples, Italy.', 'BP 959', 'EP 975', 'UT WOS:2', 'ER'].join('\n');
    const [w] = wosTextWorks(text, 'hand.txt');
    assert.deepEqual(w.authors.map((a) => [a.name, a.organisation, a.country]), [['Aria, M', 'Univ Napoli Federico II', 'Italy'], ['Cuccurullo, C', 'Univ Napoli Federico II', 'Italy']]);
    assert.equal(w.page, '959');
    const two = ['PT J', 'AU Aria, M', '   Cuccurullo, C', 'C1 Univ Napoli Federico II, Naples, Italy.', '   Univ Campania, Caserta, Italy.', 'UT WOS:3', 'ER'].join('\n');
    assert.ok(wosTextWorks(two, 'hand.txt')[0].authors.every((a) => a.organisation === undefined), 'two unlinked addresses: none is guessed');
  });
  it("an author's first address is kept; a linked address is never given to another; blank lines and a BOM are read", () => {
    const text = [
      '\uFEFFFN Clarivate Analytics Web of Science',
      'PT J',
      'AF Smith, John',
      '   Bose, Anil',
      'C1 [Smith, John] Univ Leeds, Leeds, W Yorkshire, England.',
      '   [Smith, John] Univ York, York, N Yorkshire, England.',
      '   Univ Glasgow, Glasgow, Lanark, Scotland.',
      'OI Smith, John/ 0000-0002-1825-0097',
      'RI Bose, Anil/ABC-1234-2010',
      'UT WOS:4',
      'ER',
      '   ',
      'PT J',
      'AU Li, L.',
      'C1 [Li, Lingling] Univ Leeds, Leeds, England.',
      '   [Li, Lidong] Univ York, York, England.',
      'UT WOS:5',
      'ER',
      'PT J',
      'TI No authors, no addresses, no references',
      'UT WOS:6',
      'ER',
    ].join('\n');
    const [first, second, third] = wosTextWorks(text, 'hand.txt');
    // Bose is linked to no address: the record's unlinked one is not guessed for him when others are linked
    assert.deepEqual(first.authors.map((a) => [a.organisation, a.ids.orcid, a.ids.researcherid]), [['Univ Leeds', '0000-0002-1825-0097', undefined], [undefined, undefined, 'ABC-1234-2010']]);
    // "Li, L." could be either Li of the addresses: it gets neither
    assert.equal(keyOfName('Li, L.'), 'li l');
    assert.equal(second.authors[0].organisation, undefined);
    assert.deepEqual([third.authors.length, third.references ?? []], [0, []]);
  });
  it('malformed exports are refused with the file, line and field', () => {
    const refused = (text: string, message: RegExp, line?: number, field?: string) =>
      assert.throws(
        () => wosTextWorks(text, 'bad.txt'),
        (e: unknown) => e instanceof UserError && message.test(e.message) && e.where?.file === 'bad.txt' && (line === undefined || e.where?.line === line) && (field === undefined || e.where?.field === field),
      );
    refused('   continued', /continuation line outside a record/, 1);
    refused('PT J\nUT WOS:1\nPT J', /starts \(PT\) before the previous one ended/, 3);
    refused('UT WOS:1', /field UT outside a record/, 1);
    refused('PT J\nUT WOS:1', /last record has no ER/, 1);
    refused('FN Clarivate\nVR 1.0\nEF', /no Web of Science records/);
    refused('PT J\nTI x\nER', /without an accession number \(UT\)/, 1, 'UT');
    refused('PT J\nthis is not a tag\nER', /two-letter field tag/, 2);
  });
});
