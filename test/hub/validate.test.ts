import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { badText, cleanName, findBadText } from '../../src/hub/platform/validate.js';

test('the string rule: NUL and unpaired surrogates are named; paired surrogates (emoji) pass', () => {
  assert.match(badText('a\u0000b')!, /NUL character/);
  assert.match(badText('a\ud800b')!, /unpaired surrogate \(U\+D800\)/);
  assert.match(badText('\udc00')!, /unpaired surrogate \(U\+DC00\)/);
  assert.equal(badText('robots 🤖 and 中文'), null);
  assert.deepEqual(findBadText({ authors: [{ name: 'ok' }, { name: 'x\ud83d' }] }), { field: 'authors[1].name', message: 'contains an unpaired surrogate (U+D83D), which is not valid Unicode text' });
  assert.equal(findBadText({ bytes: Buffer.from([0, 0]) }), null, 'binary bodies are not text');
});

test('property: a string is refused exactly when it is not well-formed UTF-16 or holds NUL', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => {
      const wellFormed = Buffer.from(s, 'utf16le').toString('utf16le') === s && !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
      assert.equal(badText(s) === null, wellFormed && !s.includes('\u0000'), JSON.stringify(s));
    }),
    { numRuns: 2000 },
  );
});

test('names lose bidi controls and control characters: "\\u202Egnp.txt" no longer reads "txt.png"', () => {
  assert.equal(cleanName('\u202Egnp.txt'), 'gnp.txt');
  assert.equal(cleanName('Ada\u2066 Lovelace\u2069\u200F'), 'Ada Lovelace');
  assert.equal(cleanName('  two\nlines\there '), 'two lines here');
  assert.equal(cleanName('Zoë Ní Bhriain'), 'Zoë Ní Bhriain');
  assert.equal(cleanName('محمد علي'), 'محمد علي', 'right-to-left names need no control characters');
});
