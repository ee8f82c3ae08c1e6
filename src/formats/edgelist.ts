import { UserError } from '../errors.js';
import { graphFromEdges, type BuildNotes, type Graph } from '../networks/graph.js';
import { notAGraph } from './import.js';
import { readText } from './input.js';
import { isPajek, parsePajek } from './pajek.js';

/**
 * SNAP-style edge lists: one edge per line, `source target [weight]` separated by whitespace; lines starting
 * with `#` (or `%`) and blank lines are skipped. Node identifiers are kept as written. An undirected edge
 * listed in both directions (as SNAP does) is one edge.
 */
export function parseEdgeList(text: string, file = '<input>'): { graph: Graph; notes: BuildNotes } {
  const edges: { source: string; target: string; weight: number }[] = [];
  let line = 0;
  let weighted: boolean | undefined;
  for (const raw of text.split('\n')) {
    line++;
    const s = raw.trim();
    if (s === '' || s.startsWith('#') || s.startsWith('%')) continue;
    const parts = s.split(/\s+/);
    if (parts.length < 2 || parts.length > 3) {
      throw new UserError(`expected "source target" or "source target weight", found ${parts.length} field${parts.length === 1 ? '' : 's'}`, { file, line, column: 1 });
    }
    if (weighted === undefined) weighted = parts.length === 3;
    else if (weighted !== (parts.length === 3)) {
      throw new UserError(`every line needs the same number of fields (${weighted ? 3 : 2}, as on the first edge)`, { file, line, column: 1 });
    }
    let weight = 1;
    if (parts.length === 3) {
      weight = Number(parts[2]);
      if (!Number.isFinite(weight) || weight <= 0) {
        throw new UserError(`weight "${parts[2]}" is not a positive number`, { file, line, column: raw.indexOf(parts[2], raw.indexOf(parts[1]) + parts[1].length) + 1, field: 'weight' });
      }
    }
    edges.push({ source: parts[0], target: parts[1], weight });
  }
  return graphFromEdges(edges);
}

/** A graph file: a SNAP-style edge list, or a Pajek network (told by its first line); gunzipped when named .gz. */
export async function readEdgeList(file: string): Promise<{ graph: Graph; notes: BuildNotes }> {
  const text = readText(file).replace(/\r\n?/g, '\n');
  const records = notAGraph(file, text);
  if (records) throw new UserError(records, { file });
  return isPajek(text) ? parsePajek(text, file) : parseEdgeList(text, file);
}
