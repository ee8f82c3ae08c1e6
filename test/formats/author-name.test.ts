import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bibtexName, parseAuthorName, risName } from '../../src/formats/author-name.js';
import { toBibtex, toRis } from '../../src/formats/citations.js';

test('display names as citations read them: notes, titles, particles, suffixes, comma forms, organisations', () => {
  const cases: [string, string, string][] = [
    // display name, BibTeX, RIS
    ['Amara Adeyemi (example)', 'Adeyemi, Amara', 'Adeyemi, Amara'],
    ["Sean O'Neill (example)", "O'Neill, Sean", "O'Neill, Sean"],
    ['Ludwig van Beethoven', 'van Beethoven, Ludwig', 'van Beethoven, Ludwig'],
    ['Jan van der Berg', 'van der Berg, Jan', 'van der Berg, Jan'],
    ['Martin Luther King, Jr.', 'King, Jr, Martin Luther', 'King, Martin Luther, Jr'],
    ['Adeyemi, Amara', 'Adeyemi, Amara', 'Adeyemi, Amara'],
    ['van der Berg, Jan', 'van der Berg, Jan', 'van der Berg, Jan'],
    ['Prof. Ron Boschma', 'Boschma, Ron', 'Boschma, Ron'],
    ['Dr Pierre-Alexandre Balland PhD', 'Balland, Pierre-Alexandre', 'Balland, Pierre-Alexandre'],
    ['Zoë Ní Bhriain', 'Ní Bhriain, Zoë', 'Ní Bhriain, Zoë'],
    ['Juan de la Cruz', 'de la Cruz, Juan', 'de la Cruz, Juan'],
    ['Madonna', 'Madonna', 'Madonna'],
    ['Office for National Statistics', '{Office for National Statistics}', 'Office for National Statistics'],
    ['Department for Business, Energy and Industrial Strategy', '{Department for Business, Energy and Industrial Strategy}', 'Department for Business, Energy and Industrial Strategy'],
  ];
  for (const [display, bib, ris] of cases) {
    const n = parseAuthorName(display);
    assert.equal(bibtexName(n), bib, display);
    assert.equal(risName(n), ris, display);
  }
});

test('citations keep "(example)" out of names and organisations', () => {
  const item = {
    id: 'abcd1234', type: 'briefing_paper', title: 'A paper', summary: 'S.', authors: [{ name: 'Amara Adeyemi (example)' }, { name: 'Ben Brennan (example)' }],
    organisations: [{ name: 'Severn Precision Castings (example)' }], publishedOn: '2025-03-14', doi: null, url: null, keywords: [], licence: null,
  };
  const bib = toBibtex(item, 'https://hub.example/library/abcd1234');
  assert.match(bib, /^@techreport\{Adeyemi2025abcd,/);
  assert.match(bib, /author = \{Adeyemi, Amara and Brennan, Ben\}/);
  assert.match(bib, /institution = \{Severn Precision Castings\}/);
  assert.doesNotMatch(bib, /example\)/);
  const ris = toRis(item, 'https://hub.example/library/abcd1234');
  assert.match(ris, /\r\nAU {2}- Adeyemi, Amara\r\nAU {2}- Brennan, Ben\r\n/);
  assert.match(ris, /\r\nPB {2}- Severn Precision Castings\r\n/);
});
