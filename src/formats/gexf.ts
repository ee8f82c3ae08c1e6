/** GEXF 1.3 (gexf.net) for Gephi and other graph tools: an undirected weighted graph with node attributes. */
export interface GexfNode {
  id: string;
  label: string;
  attributes?: Record<string, string | number>;
}

export interface GexfEdge {
  source: string;
  target: string;
  weight: number;
  attributes?: Record<string, string | number | boolean>;
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export type AttributeKind = 'integer' | 'long' | 'double' | 'boolean' | 'string';

/**
 * The type of an attribute from all its values: integer when every number is a whole number that fits 32 bits (so a
 * community is read back as 171, not 171.0), long when wider, double otherwise.
 */
export function attributeKinds(items: Iterable<Record<string, unknown> | undefined>): Map<string, AttributeKind> {
  const kinds = new Map<string, AttributeKind>();
  for (const attrs of items) {
    for (const [k, v] of Object.entries(attrs ?? {})) {
      if (v === undefined || (typeof v === 'number' && !Number.isFinite(v))) {
        if (!kinds.has(k)) kinds.set(k, 'integer');
        continue;
      }
      const was = kinds.get(k);
      const now: AttributeKind = typeof v === 'number' ? (Number.isInteger(v) ? (Math.abs(v) < 2 ** 31 ? 'integer' : 'long') : 'double') : typeof v === 'boolean' ? 'boolean' : 'string';
      const order: AttributeKind[] = ['integer', 'long', 'double'];
      if (was === undefined || was === now) kinds.set(k, now);
      else if (order.includes(was) && order.includes(now)) kinds.set(k, order[Math.max(order.indexOf(was), order.indexOf(now))]);
      else kinds.set(k, 'string');
    }
  }
  return kinds;
}

function attributeDecls(cls: 'node' | 'edge', items: Array<{ attributes?: Record<string, unknown> }>): { decl: string; ids: Map<string, number> } {
  const ids = new Map<string, number>();
  const types = attributeKinds(items.map((it) => it.attributes));
  for (const it of items) for (const k of Object.keys(it.attributes ?? {})) if (!ids.has(k)) ids.set(k, ids.size);
  if (ids.size === 0) return { decl: '', ids };
  const lines = [...ids].map(([k, i]) => `      <attribute id="${i}" title="${esc(k)}" type="${types.get(k)}"/>`);
  return { decl: `    <attributes class="${cls}">\n${lines.join('\n')}\n    </attributes>\n`, ids };
}

function values(attrs: Record<string, unknown> | undefined, ids: Map<string, number>, indent: string): string {
  if (!attrs || Object.keys(attrs).length === 0) return '';
  const v = Object.entries(attrs)
    .filter(([, x]) => !(typeof x === 'number' && !Number.isFinite(x)))
    .map(([k, x]) => `${indent}  <attvalue for="${ids.get(k)}" value="${esc(String(x))}"/>`);
  return `\n${indent}<attvalues>\n${v.join('\n')}\n${indent}</attvalues>\n${indent.slice(2)}`;
}

export function toGexf(nodes: GexfNode[], edges: GexfEdge[], description = 'Proximity activity space'): string {
  const n = attributeDecls('node', nodes);
  const e = attributeDecls('edge', edges);
  const nodeXml = nodes.map((x) => `      <node id="${esc(x.id)}" label="${esc(x.label)}">${values(x.attributes, n.ids, '        ')}</node>`);
  const edgeXml = edges.map(
    (x, i) => `      <edge id="${i}" source="${esc(x.source)}" target="${esc(x.target)}" weight="${x.weight}">${values(x.attributes, e.ids, '        ')}</edge>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <meta>
    <creator>Proximity</creator>
    <description>${esc(description)}</description>
  </meta>
  <graph mode="static" defaultedgetype="undirected">
${n.decl}${e.decl}    <nodes>
${nodeXml.join('\n')}
    </nodes>
    <edges>
${edgeXml.join('\n')}
    </edges>
  </graph>
</gexf>
`;
}
