import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MeasuresCsvWriter, measuresCsv, type MeasuresCsvInput } from '../../src/cli/measures-csv.js';
import { xorshift32 } from '../../src/linalg/random.js';

/** A period of 401 regions × 300 activities (120,300 cells: above the size where the second thread is used). */
function input(): MeasuresCsvInput {
  const rnd = xorshift32(3);
  const R = 401;
  const A = 300;
  const cells = () => Float64Array.from({ length: R * A }, () => (rnd() < 0.3 ? 0 : rnd() * 1e3));
  const regionLevel = () => Float64Array.from({ length: R }, () => rnd() - 0.5);
  const activityLevel = () => Float64Array.from({ length: A }, () => rnd() - 0.5);
  const m = Float64Array.from({ length: R * A }, () => (rnd() < 0.2 ? 1 : 0));
  return {
    regions: Array.from({ length: R }, (_, i) => `region ${i}, "quoted"`),
    activities: Array.from({ length: A }, (_, i) => `a${i}`),
    values: cells(),
    rca: cells(),
    m,
    density: cells(),
    cog: cells(),
    diversity: regionLevel(),
    eci: regionLevel(),
    coi: regionLevel().map((v, i) => (i === 7 ? NaN : v)),
    ubiquity: activityLevel(),
    pci: activityLevel(),
    year: '2019',
    labels: new Map([['a1', 'Label, one']]),
    withPop: false,
  };
}

describe('measures CSV', () => {
  it('two threads write exactly the text one thread writes, in region order', async () => {
    const x = input();
    const serial = [...measuresCsv(x)].join('');
    const writer = new MeasuresCsvWriter(true);
    const pieces: string[] = [];
    try {
      await writer.write(x, async (text) => void pieces.push(text));
      await writer.write(x, async (text) => void pieces.push(text)); // the thread serves one period after another
    } finally {
      await writer.close();
    }
    assert.ok(pieces.length > 1);
    assert.equal(pieces.join(''), serial + serial);
    const lines = serial.split('\n');
    assert.equal(lines.length, 401 * 300 + 1);
    assert.match(lines[1], /^2019,"region 0, ""quoted""",a1,"Label, one",/);
    assert.equal(lines[7 * 300].split(',').at(-2), '', 'NaN is written as an empty cell');
  });
});
