import { UserError } from '../errors.js';
import { graphFromEdges, type BuildNotes, type EdgeInput, type Graph } from '../networks/graph.js';

/** Whether a text is a Pajek network: its first line that is not blank or a `%` comment starts with `*Network` or `*Vertices`. */
export function isPajek(text: string): boolean {
  for (const raw of text.slice(0, 4000).split('\n')) {
    const s = raw.trim();
    if (s === '' || s.startsWith('%')) continue;
    return /^\*(network|vertices)\b/i.test(s);
  }
  return false;
}

/** Splits a line into fields: whitespace separated, "double quoted" fields keep their spaces. */
function fields(line: string): { text: string; column: number }[] {
  const out: { text: string; column: number }[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push({ text: m[1] ?? m[2], column: m.index + 1 });
  return out;
}

/**
 * Pajek networks (.net), as Pajek, VOSviewer and the data of de Nooy, Mrvar & Batagelj's textbook write them:
 * `*Vertices n`, then `id "label" [x y …]` lines (a vertex without a line is labelled by its number), then any
 * number of `*Edges`, `*Arcs`, `*Edgeslist`, `*Arcslist` and `*Matrix` sections; `%` starts a comment.
 * Nodes are named by their labels (a repeated label gets its vertex number: "label [7]"), all n vertices are
 * kept (isolates too), the value after an edge is its weight (1 when absent), and arcs are read as undirected
 * ties: an arc given both ways is one tie (its last value is kept). Two-mode files (`*Vertices n n1`) are read
 * as one-mode graphs on all n vertices.
 */
export function parsePajek(text: string, file = '<input>'): { graph: Graph; notes: BuildNotes } {
  const lines = text.split('\n');
  let n = -1;
  let labels: string[] = [];
  let section: 'none' | 'vertices' | 'edges' | 'list' | 'matrix' = 'none';
  let matrixRow = 0;
  let matrixLine = 0;
  const edges: EdgeInput[] = [];
  const endMatrix = () => {
    if (section === 'matrix' && matrixRow < n) throw new UserError(`*Matrix has ${matrixRow} row${matrixRow === 1 ? '' : 's'}, needs ${n}`, { file, line: matrixLine, column: 1 });
  };

  const vertex = (f: { text: string; column: number }, line: number): number => {
    const v = Number(f.text);
    if (!Number.isInteger(v) || v < 1 || v > n) throw new UserError(`"${f.text}" is not a vertex number (1 to ${n})`, { file, line, column: f.column });
    return v - 1;
  };
  const weightOf = (f: { text: string; column: number } | undefined, line: number): number => {
    if (f === undefined) return 1;
    const w = Number(f.text);
    if (!Number.isFinite(w) || w <= 0) throw new UserError(`value "${f.text}" is not a positive number`, { file, line, column: f.column, field: 'weight' });
    return w;
  };

  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    const raw = lines[index].replace(/\r$/, '');
    const s = raw.trim();
    if (s === '' || s.startsWith('%')) continue;
    if (s.startsWith('*')) {
      const [keyword, ...rest] = s.split(/\s+/);
      const k = keyword.toLowerCase();
      if (k === '*network' || k === '*description') continue;
      if (k === '*vertices') {
        if (n >= 0) throw new UserError('a second *Vertices section', { file, line, column: 1 });
        n = Number(rest[0]);
        if (!Number.isInteger(n) || n < 0) throw new UserError(`*Vertices needs the number of vertices, found "${rest[0] ?? ''}"`, { file, line, column: keyword.length + 2 });
        labels = Array.from({ length: n }, (_, i) => String(i + 1));
        section = 'vertices';
        continue;
      }
      if (n < 0) throw new UserError(`${keyword} before *Vertices`, { file, line, column: 1 });
      endMatrix();
      if (k === '*edges' || k === '*arcs') section = 'edges';
      else if (k === '*edgeslist' || k === '*arcslist') section = 'list';
      else if (k === '*matrix') {
        section = 'matrix';
        matrixRow = 0;
        matrixLine = line;
      } else throw new UserError(`unknown section ${keyword} (expected *Vertices, *Edges, *Arcs, *Edgeslist, *Arcslist or *Matrix)`, { file, line, column: 1 });
      continue;
    }
    const f = fields(raw);
    if (section === 'none') throw new UserError('expected *Vertices first', { file, line, column: 1 });
    if (section === 'vertices') {
      const v = vertex(f[0], line);
      if (f.length > 1) labels[v] = f[1].text;
    } else if (section === 'edges') {
      if (f.length < 2) throw new UserError('expected "from to [value]"', { file, line, column: 1 });
      edges.push({ source: String(vertex(f[0], line)), target: String(vertex(f[1], line)), weight: weightOf(f[2], line) });
    } else if (section === 'list') {
      const from = String(vertex(f[0], line));
      for (const t of f.slice(1)) edges.push({ source: from, target: String(vertex(t, line)), weight: 1 });
    } else {
      if (matrixRow >= n) throw new UserError(`*Matrix has more than ${n} rows`, { file, line, column: 1 });
      if (f.length !== n) throw new UserError(`a *Matrix row needs ${n} values, found ${f.length}`, { file, line, column: 1 });
      f.forEach((cell, c) => {
        const w = Number(cell.text);
        if (!Number.isFinite(w) || w < 0) throw new UserError(`value "${cell.text}" is not a number ≥ 0`, { file, line, column: cell.column });
        if (w > 0) edges.push({ source: String(matrixRow), target: String(c), weight: w });
      });
      matrixRow++;
    }
  }
  if (n < 0) throw new UserError('no *Vertices section', { file });
  endMatrix();

  // name each vertex by its label; a label given to more than one vertex takes its vertex number too
  const seen = new Map<string, number>();
  for (const label of labels) seen.set(label, (seen.get(label) ?? 0) + 1);
  const names = labels.map((label, i) => ((seen.get(label) ?? 0) > 1 ? `${label} [${i + 1}]` : label));
  return graphFromEdges(
    edges.map((e) => ({ source: names[Number(e.source)], target: names[Number(e.target)], weight: e.weight })),
    names,
  );
}
