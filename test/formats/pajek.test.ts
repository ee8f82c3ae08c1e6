import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { parsePajek } from '../../src/formats/pajek.js';

const ties = (text: string) => {
  const { graph: g } = parsePajek(text);
  const out: string[] = [];
  for (let v = 0; v < g.n; v++)
    for (let a = g.offsets[v]; a < g.offsets[v + 1]; a++) if (v < g.targets[a]) out.push(`${g.ids[v]}-${g.ids[g.targets[a]]}:${g.weights[a]}`);
  return { ids: g.ids, ties: out };
};
const refused = (text: string, where: RegExp) =>
  assert.throws(() => parsePajek(text, 'net.net'), (e: unknown) => e instanceof UserError && where.test(e.toString()));

describe('Pajek networks', () => {
  it('vertices by label (quoted labels keep their spaces), unlabelled ones by number, isolates kept', () => {
    const r = ties('*Network test\n*Vertices 4\n1 "Ann Lee" 0.1 0.2\n2 Bob\n% a comment\n*Edges\n1 2 2.5\n2 3\n');
    assert.deepEqual(r.ids, ['Ann Lee', 'Bob', '3', '4']);
    assert.deepEqual(r.ties, ['Ann Lee-Bob:2.5', 'Bob-3:1']);
  });
  it('arcs both ways are one tie; lists and matrices', () => {
    assert.deepEqual(ties('*Vertices 3\n*Arcs\n1 2\n2 1\n*Arcslist\n3 1 2\n').ties, ['1-2:1', '1-3:1', '2-3:1']);
    assert.deepEqual(ties('*Vertices 3\n*Matrix\n0 1 0\n1 0 4\n0 4 0\n').ties, ['1-2:1', '2-3:4']);
  });
  it('a label given twice takes its vertex number', () => {
    assert.deepEqual(ties('*Vertices 3\n1 "Smith"\n2 "Smith"\n3 "Jones"\n*Edges\n1 2\n').ids, ['Smith [1]', 'Smith [2]', 'Jones']);
  });
  it('mistakes name the line and column', () => {
    refused('*Vertices 2\n*Edges\n1 3\n', /^net\.net:3:3: "3" is not a vertex number \(1 to 2\)/);
    refused('*Vertices 2\n*Edges\n1 2 -1\n', /^net\.net:3:5: value "-1" is not a positive number/);
    refused('*Edges\n1 2\n', /^net\.net:1:1: \*Edges before \*Vertices/);
    refused('*Vertices 2\n*Hyperedges\n', /^net\.net:2:1: unknown section \*Hyperedges/);
    refused('*Vertices 2\n*Matrix\n0 1 1\n', /^net\.net:3:1: a \*Matrix row needs 2 values, found 3/);
    refused('*Vertices 2\n*Matrix\n0 1\n', /^net\.net:2:1: \*Matrix has 1 row, needs 2/);
    refused('*Vertices two\n', /^net\.net:1:11: \*Vertices needs the number of vertices/);
  });
});
