/** The digest's choice, pure: against brute force on random candidates and interests; and its layout. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexCandidates, PER_SECTION, renderDigest, selectFor, type DigestEntry } from '../../src/hub/digests/digest-build.js';
import { xorshift32 } from '../../src/linalg/random.js';

test('selectFor takes, per kind, the first entries sharing a term or holding a followed search’s words (against brute force)', () => {
  const rand = xorshift32(5);
  const terms = Array.from({ length: 12 }, (_, i) => `theme:t${i}`);
  for (let run = 0; run < 200; run++) {
    const entries: DigestEntry[] = Array.from({ length: 5 + Math.floor(rand() * 80) }, (_, i) => ({
      kind: (['item', 'event', 'call'] as const)[Math.floor(rand() * 3)],
      id: `e${i}`,
      title: rand() < 0.2 ? `robots and skills ${i}` : `entry ${i}`,
      summary: '',
      url: '',
      detail: '',
      terms: terms.filter(() => rand() < 0.15),
    }));
    const c = indexCandidates(entries);
    const interests = { terms: new Set(terms.filter(() => rand() < 0.2)), searches: rand() < 0.3 ? [['robots', 'skills']] : [] };
    const match = (e: DigestEntry) => e.terms.some((t) => interests.terms.has(t)) || interests.searches.some((w) => w.every((x) => `${e.title} ${e.summary}`.toLowerCase().includes(x)));
    const brute = (['item', 'event', 'call'] as const).flatMap((k) => entries.filter((e) => e.kind === k && match(e)).slice(0, PER_SECTION));
    assert.deepEqual(selectFor(c, interests).map((e) => e.id), brute.map((e) => e.id));
  }
});

test('the digest’s text and HTML: sections, escaped titles, preferences and unsubscribe links', () => {
  const d = renderDigest([{ kind: 'item', id: '1', title: 'Tools <for> SMEs & "makers"', summary: 'S.', url: 'https://x.test/library/1', detail: 'report', terms: [] }], { name: 'Ann', periodLabel: 'week of 2026-11-23', preferencesUrl: 'https://x.test/p', unsubscribeUrl: 'https://x.test/u', network: 'Proximity' });
  assert.equal(d.subject, 'Proximity: your week of 2026-11-23 digest (1 new)');
  assert.match(d.text, /NEW IN THE LIBRARY\n- Tools <for> SMEs & "makers" \(report\)/);
  assert.match(d.html, /Tools &lt;for&gt; SMEs &amp; &quot;makers&quot;/);
  assert.match(d.text, /Unsubscribe: https:\/\/x\.test\/u/);
  assert.doesNotMatch(d.html, /<img/, 'no tracking image unless turned on');
});
