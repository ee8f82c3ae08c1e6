import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { toCsv } from '../../src/formats/output.js';

test('spreadsheet-safe CSV: a text cell that would start a formula gets an apostrophe (OWASP), and reads back', () => {
  const csv = toCsv(['title', 'n'], [
    { title: '=HYPERLINK("http://evil.example","click")', n: -3 },
    { title: '+1+1', n: 1 },
    { title: '-2', n: 2 },
    { title: '@SUM(A1)', n: 3 },
    { title: '\tTab', n: 4 },
    { title: '\rCR', n: 5 },
    { title: '＝1+1', n: 6 },
    { title: 'plain, with comma', n: 7 },
  ], { spreadsheetSafe: true });
  const lines = csv.split('\n');
  assert.equal(lines[1], `"'=HYPERLINK(""http://evil.example"",""click"")",-3`, 'numbers are not touched');
  assert.equal(lines[2], `"'+1+1",1`);
  assert.equal(lines[3], `"'-2",2`);
  assert.equal(lines[4], `"'@SUM(A1)",3`);
  assert.equal(lines[8], '"plain, with comma",7');
  // without the option (the analytics commands' data files) cells stay as they are
  assert.equal(toCsv(['t'], [{ t: '-2' }]).split('\n')[1], '-2');
});

test('property: spreadsheet-safe cells never start a formula and read back as the text (with the apostrophe when added)', () => {
  const risky = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '＝', '＋', 'a', ' ', '"', ',', '\n');
  const text = fc.array(fc.oneof(risky, fc.string({ maxLength: 3 })), { maxLength: 8 }).map((xs) => xs.join(''));
  fc.assert(
    fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), (titles) => {
      const csv = toCsv(['t'], titles.map((t) => ({ t })), { spreadsheetSafe: true });
      const back = parse(csv, { columns: true, relax_column_count: false }) as { t: string }[];
      back.forEach((row, i) => {
        assert.ok(!/^[=+\-@\t\r＝＋－＠]/.test(row.t), `cell ${JSON.stringify(row.t)} starts a formula`);
        assert.equal(row.t, /^[=+\-@\t\r＝＋－＠]/.test(titles[i]) ? `'${titles[i]}` : titles[i]);
      });
    }),
    { numRuns: 500 },
  );
});
