import { attributeKinds, esc, type AttributeKind, type GexfEdge, type GexfNode } from './gexf.js';

const GRAPHML_TYPES: Record<AttributeKind, string> = { integer: 'int', long: 'long', double: 'double', boolean: 'boolean', string: 'string' };

/** GraphML (graphml.graphdrawing.org) for Gephi, yEd, igraph and NetworkX: an undirected weighted graph with attributes. */
export function toGraphml(nodes: GexfNode[], edges: GexfEdge[]): string {
  const keys = new Map<string, { id: string; for: 'node' | 'edge'; type: string }>();
  const kinds = {
    node: attributeKinds(nodes.map((x) => ({ label: x.label, ...x.attributes }))),
    edge: attributeKinds(edges.map((x) => ({ weight: x.weight, ...x.attributes }))),
  };
  const declare = (cls: 'node' | 'edge', name: string) => {
    const k = `${cls}:${name}`;
    if (!keys.has(k)) keys.set(k, { id: `${cls === 'node' ? 'n' : 'e'}${keys.size}`, for: cls, type: GRAPHML_TYPES[kinds[cls].get(name) ?? 'string'] });
    return keys.get(k)!.id;
  };
  declare('node', 'label');
  declare('edge', 'weight');
  const data = (cls: 'node' | 'edge', attrs: Record<string, unknown>, indent: string) =>
    Object.entries(attrs)
      .filter(([, v]) => v !== undefined && !(typeof v === 'number' && !Number.isFinite(v)))
      .map(([k, v]) => `${indent}<data key="${declare(cls, k)}">${esc(String(v))}</data>`)
      .join('\n');
  const nodeXml = nodes.map((x) => `    <node id="${esc(x.id)}">\n${data('node', { label: x.label, ...x.attributes }, '      ')}\n    </node>`);
  const edgeXml = edges.map((x, i) => `    <edge id="e${i}" source="${esc(x.source)}" target="${esc(x.target)}">\n${data('edge', { weight: x.weight, ...x.attributes }, '      ')}\n    </edge>`);
  const keyXml = [...keys].map(([k, d]) => `  <key id="${d.id}" for="${d.for}" attr.name="${esc(k.slice(k.indexOf(':') + 1))}" attr.type="${d.type}"/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
${keyXml.join('\n')}
  <graph id="G" edgedefault="undirected">
${nodeXml.join('\n')}
${edgeXml.join('\n')}
  </graph>
</graphml>
`;
}

/**
 * VOSviewer's JSON map format (app.vosviewer.com, "VOSviewer JSON file type"): items with id, label, cluster
 * (from 1) and weights, links with source_id, target_id and strength. No coordinates: VOSviewer lays the
 * map out itself.
 */
export function toVosviewerJson(items: { id: number; label: string; cluster: number; weights: Record<string, number>; scores?: Record<string, number> }[], links: { source_id: number; target_id: number; strength: number }[]): string {
  return `${JSON.stringify({ network: { items, links } }, null, 1)}\n`;
}
