import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wholeWords } from '../../src/hub/library/library-search.js';

test('fragments are widened to whole words and to a near sentence start, with ellipses where text is left out', () => {
  const source = 'A fellowship of the Economic and Social Research Council (active), classified by UKRI under Economics.';
  // ts_headline cut inside "(active)" and dropped the sentence's start
  assert.equal(wholeWords(source, 'active), classified by UKRI under <mark>Economics</mark>'), 'A fellowship of the Economic and Social Research Council (active), classified by UKRI under <mark>Economics</mark>.');
  const long = `${'Words before the sentence. '.repeat(3)}${'x'.repeat(70)} and the <b> part ES/K000357/1 we want to see, then more text.`;
  const cut = wholeWords(long, 'part ES/K000357'); // cut inside the grant reference
  assert.equal(cut, '… part ES/K000357/1 …', 'the sentence start is too far back to reach');
  assert.ok(cut.includes('ES/K000357/1'), 'the end of a token is kept');
  assert.ok(cut.endsWith(' …'));
  // two fragments joined by one ellipsis
  const two = wholeWords('One thing here. Middle part that is long enough to be left out entirely, surely. Another thing there.', 'One <mark>thing</mark> here … Another <mark>thing</mark>');
  assert.equal(two, 'One <mark>thing</mark> here. … Another <mark>thing</mark> …');
});
