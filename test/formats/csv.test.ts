import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { openCsv } from '../../src/formats/csv.js';
import { CsvSplitter, CsvSyntaxError, splitQuoted, type Row } from '../../src/formats/csv-splitter.js';

/** The text split in the given pieces. */
function split(text: string, cuts: number[] = [], delimiter = ','): Row[] {
  const s = new CsvSplitter(delimiter);
  const out: Row[] = [];
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    s.push(text.slice(at, c), out);
    at = c;
  }
  s.push(text.slice(at), out);
  return s.end(out);
}

function failure(text: string): { message: string; line: number; column?: number } {
  try {
    split(text);
  } catch (err) {
    assert.ok(err instanceof CsvSyntaxError, String(err));
    return { message: err.message, line: err.line, ...(err.column === undefined ? {} : { column: err.column }) };
  }
  assert.fail('no error');
}

const tmp = mkdtempSync(join(tmpdir(), 'proximity-csv-'));

describe('CSV splitter', () => {
  it('plain lines, quoted fields with delimiters, doubled quotes and line breaks; line numbers where each record ends', () => {
    const rows = split('a,b,c\n1,2,3\n"x, y","say ""hi""",3\n"two\nlines",,\n\nlast,1,2');
    assert.deepEqual(rows, [
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', '2', '3'], line: 2 },
      { fields: ['x, y', 'say "hi"', '3'], line: 3 },
      { fields: ['two\nlines', '', ''], line: 5 },
      { fields: ['last', '1', '2'], line: 7 },
    ]);
  });

  it('a quoted record is split by hand exactly as csv-parse splits it (property), and a malformed one is left to csv-parse', () => {
    const field = fc.stringMatching(/^[a-z,;" \n]{0,8}$/);
    const quote = (f: string) => `"${f.replace(/"/g, '""')}"`;
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 6 }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (fields, forced) => {
        // fields with a delimiter, quote or line break must be quoted; others are quoted at random
        const text = fields.map((f, k) => (/[,"\n]/.test(f) || forced[k] ? quote(f) : f)).join(',');
        if (!text.includes('"')) return;
        assert.deepEqual(splitQuoted(text, ','), parse(text, { relax_quotes: false })[0] ?? ['']);
      }),
    );
    assert.equal(splitQuoted('a"b,c', ','), undefined);
    assert.equal(splitQuoted('"a"b,c', ','), undefined);
    assert.equal(splitQuoted('"open,c', ','), undefined);
    assert.deepEqual(splitQuoted('"a",', ','), ['a', '']);
  });

  it('a byte-order mark and CR line ends are dropped; tabs and semicolons split too', () => {
    assert.deepEqual(split('\uFEFFa,b\r\n1,2\r\n'), [{ fields: ['a', 'b'], line: 1 }, { fields: ['1', '2'], line: 2 }]);
    assert.deepEqual(split('a\tb\n1\t2', [], '\t').map((r) => r.fields), [['a', 'b'], ['1', '2']]);
    assert.deepEqual(split('a;b\n"1;5";2', [], ';').map((r) => r.fields), [['a', 'b'], ['1;5', '2']]);
  });

  it('a wrong field count, a stray quote and an unclosed quote are errors at their line', () => {
    assert.deepEqual(failure('a,b\n1,2\n1,2,3\n'), { message: 'this line has 3 fields, the header has 2', line: 3 });
    const stray = failure('a,b\n1,2\n3,x"y\n');
    assert.match(stray.message, /quote/i);
    assert.deepEqual([stray.line, stray.column], [3, 2]);
    const open = failure('a,b\n1,2\n"never,2\n3,4\n');
    assert.match(open.message, /quote/i);
    assert.ok(open.line >= 3, `line ${open.line}`);
  });

  it('property: the same records and lines as csv-parse, however the text is cut into pieces', () => {
    const cell = fc.oneof(
      fc.stringMatching(/^[a-z0-9 .é€-]{0,6}$/),
      fc.stringMatching(/^[a-z,"\n ]{0,6}$/).map((s) => `"${s.replace(/"/g, '""')}"`),
    );
    const table = fc.integer({ min: 1, max: 4 }).chain((width) =>
      fc.tuple(
        fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 5 }),
      ),
    );
    fc.assert(
      fc.property(table, ([rows, eol, trailing, cuts]) => {
        // a one-column row whose only cell is empty is an empty line, which both skip
        const text = rows.map((r) => r.join(',')).join(eol) + (trailing ? eol : '');
        const expected = (parse(text, { info: true, skip_empty_lines: true, relax_quotes: false }) as unknown as { record: string[]; info: { lines: number } }[]).map((r) => ({ fields: r.record, line: r.info.lines }));
        const got = split(text, cuts.map((c) => c % (text.length + 1)));
        assert.deepEqual(got, expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('openCsv', () => {
  it('reads a gzipped file in batches with lines; a multi-byte character cut between pieces is read whole', async () => {
    const body = Array.from({ length: 300000 }, (_, i) => `région-${i % 7},€${i},${i}`).join('\n');
    const file = join(tmp, 'big.csv.gz');
    writeFileSync(file, gzipSync(`place,code,value\n${body}\n`));
    const src = await openCsv(file);
    assert.deepEqual(src.header, ['place', 'code', 'value']);
    let n = 0;
    let batches = 0;
    for await (const batch of src.batches) {
      batches++;
      for (const r of batch) {
        assert.equal(r.line, n + 2);
        assert.deepEqual(r.fields, [`région-${n % 7}`, `€${n}`, String(n)]);
        n++;
      }
    }
    assert.equal(n, 300000);
    assert.ok(batches > 1, 'more than one batch');
  });

  it('a wrong field count far into a file names the file and the line', async () => {
    const lines = Array.from({ length: 200000 }, (_, i) => `r${i},a,${i}`);
    lines[150000] = 'r,a';
    const file = join(tmp, 'short.csv');
    writeFileSync(file, `region,activity,value\n${lines.join('\n')}\n`);
    const src = await openCsv(file);
    await assert.rejects(
      async () => {
        for await (const _ of src.rows);
      },
      (err: Error) => String(err) === `${file}:150002: this line has 2 fields, the header has 3`,
    );
  });
});
