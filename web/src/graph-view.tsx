import { useEffect, useRef, useState } from 'react';
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import Sigma from 'sigma';

/** Colours for categories (Okabe–Ito, then Tableau 10): distinguishable, and safe for common colour blindness first. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000', '#4E79A7', '#F28E2B', '#59A14F', '#E15759', '#76B7B2', '#EDC948', '#B07AA1', '#FF9DA7', '#9C755F', '#BAB0AC'];

/** A colour per category, the largest categories first; the rest grey. */
export function categoryColours(values: readonly (string | number | null | undefined)[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null && v !== undefined && v !== '') counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  const order = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return new Map(order.map(([k], i) => [k, PALETTE[i] ?? '#999999']));
}

export interface GraphNode {
  id: string;
  label: string;
  size: number;
  color: string;
  /** Drawn with a ring and kept bright (a region's present activities). */
  highlighted?: boolean;
}

/**
 * A graph drawn with WebGL (sigma.js on graphology), laid out by ForceAtlas2 in a web worker so the page stays
 * responsive: hover for a label and its neighbours, click for the node, and `focus` to fly to a node.
 */
export function GraphView({ nodes, edges, onSelect, focus, label, height = 520, layoutMs }: { nodes: GraphNode[]; edges: [number, number, number][]; onSelect?: (id: string | null) => void; focus?: string | null; label: string; height?: number; layoutMs?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const sigma = useRef<Sigma | null>(null);
  const [running, setRunning] = useState(false);
  const select = useRef(onSelect);
  select.current = onSelect;
  useEffect(() => {
    if (!ref.current) return;
    // user timing marks: the graph's data in hand, and its first frame drawn (read by bench/analyses.ts)
    performance.mark('graph:data');
    const g = new Graph({ type: 'undirected', multi: false });
    // a deterministic start: a golden-angle spiral, so the same data lays out the same way
    nodes.forEach((n, i) => {
      const r = Math.sqrt(i + 1) * 10;
      const a = i * 2.399963;
      g.addNode(n.id, { label: n.label, size: n.size, color: n.color, x: r * Math.cos(a), y: r * Math.sin(a), highlighted: n.highlighted ?? false });
    });
    for (const [s, t, w] of edges) {
      const a = nodes[s]?.id;
      const b = nodes[t]?.id;
      if (a !== undefined && b !== undefined && a !== b && !g.hasEdge(a, b)) g.addEdge(a, b, { weight: w, size: 0.5, color: '#c9d1da' });
    }
    let hovered: string | null = null;
    let neighbours = new Set<string>();
    const renderer = new Sigma(g, ref.current, {
      renderEdgeLabels: false,
      labelRenderedSizeThreshold: 8,
      zIndex: true,
      nodeReducer: (node, data) => {
        if (hovered && node !== hovered && !neighbours.has(node)) return { ...data, color: '#e6e9ed', label: '', zIndex: 0 };
        return { ...data, zIndex: data.highlighted || node === hovered ? 2 : 1 };
      },
      edgeReducer: (edge, data) => (hovered && !g.extremities(edge).includes(hovered) ? { ...data, hidden: true } : data),
    });
    renderer.on('enterNode', ({ node }) => {
      hovered = node;
      neighbours = new Set(g.neighbors(node));
      renderer.refresh({ skipIndexation: true });
    });
    renderer.on('leaveNode', () => {
      hovered = null;
      neighbours = new Set();
      renderer.refresh({ skipIndexation: true });
    });
    renderer.once('afterRender', () => performance.mark('graph:drawn'));
    renderer.on('clickNode', ({ node }) => select.current?.(node));
    renderer.on('clickStage', () => select.current?.(null));
    sigma.current = renderer;
    let layout: FA2Layout | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (g.order > 1 && g.size > 0) {
      const settings = { ...forceAtlas2.inferSettings(g), barnesHutOptimize: g.order > 500, adjustSizes: false };
      layout = new FA2Layout(g, { settings, getEdgeWeight: 'weight' });
      layout.start();
      setRunning(true);
      timer = setTimeout(() => {
        layout?.stop();
        setRunning(false);
      }, layoutMs ?? Math.min(8000, 1500 + g.order / 4));
    }
    return () => {
      if (timer) clearTimeout(timer);
      layout?.kill();
      renderer.kill();
      sigma.current = null;
    };
  }, [nodes, edges, layoutMs]);
  useEffect(() => {
    const s = sigma.current;
    if (!s || !focus || !s.getGraph().hasNode(focus)) return;
    const pos = s.getNodeDisplayData(focus);
    if (pos) s.getCamera().animate({ x: pos.x, y: pos.y, ratio: 0.25 }, { duration: 400 });
  }, [focus]);
  return (
    <div className="graph">
      <div ref={ref} style={{ height }} role="img" aria-label={label} data-testid="graph-canvas" />
      <p className="hint" aria-live="polite">
        {running ? 'Laying out…' : 'Scroll to zoom, drag to move; hover a node for its neighbours, click it for details.'}
      </p>
    </div>
  );
}
