import { useEffect, useRef, useState } from 'react';
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import Sigma from 'sigma';
import { EdgeLineProgram, NodePointProgram } from 'sigma/rendering';
import type { LayoutStart, LayoutUpdate } from './layout-worker';
import { moveByTransform } from './sigma-interaction';

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

/** Past these sizes a graph is drawn for speed: ties as 1-pixel lines, nodes as points, and moved by a CSS transform (sigma-interaction.ts). */
const LARGE = { nodes: 5000, ties: 20_000 };

/**
 * A graph drawn with WebGL (sigma.js on graphology), laid out by ForceAtlas2 in a web worker (layout-worker.ts) that
 * sends positions a few times a second, so the page stays responsive: hover for a label and its neighbours, click for
 * the node, and `focus` to fly to a node.
 */
export function GraphView({ nodes, edges, onSelect, onSettled, focus, label, height = 520, layoutMs }: { nodes: GraphNode[]; edges: [number, number, number][]; onSelect?: (id: string | null) => void; onSettled?: () => void; focus?: string | null; label: string; height?: number; layoutMs?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const sigma = useRef<Sigma | null>(null);
  const [running, setRunning] = useState<boolean | 'without ties'>(false);
  const select = useRef(onSelect);
  select.current = onSelect;
  const settled = useRef(onSettled);
  settled.current = onSettled;
  useEffect(() => {
    if (!ref.current) return;
    // user timing marks: the graph's data in hand, its first frame drawn, and (on a large graph) the frame with its ties
    // once laid out (read by bench/analyses.ts)
    performance.mark('graph:data');
    const g = new Graph({ type: 'undirected', multi: false });
    // a deterministic start: a golden-angle spiral, so the same data lays out the same way
    const index = new Map<string, number>();
    nodes.forEach((n, i) => {
      if (index.has(n.id)) return;
      const r = Math.sqrt(i + 1) * 10;
      const a = i * 2.399963;
      index.set(n.id, index.size);
      g.addNode(n.id, { label: n.label, size: n.size, color: n.color, x: r * Math.cos(a), y: r * Math.sin(a), highlighted: n.highlighted ?? false });
    });
    // the ties as node-index pairs and weights (for the layout worker), each pair once
    const pairs: number[] = [];
    const weights: number[] = [];
    const seen = new Set<number>();
    for (const [s, t, w] of edges) {
      const a = index.get(nodes[s]?.id ?? '');
      const b = index.get(nodes[t]?.id ?? '');
      if (a === undefined || b === undefined || a === b) continue;
      const key = Math.min(a, b) * index.size + Math.max(a, b);
      if (seen.has(key)) continue;
      seen.add(key);
      pairs.push(a, b);
      weights.push(w);
    }
    const keys = [...index.keys()];
    const addTies = () => {
      for (let e = 0; e < weights.length; e++) g.addEdgeWithKey(String(e), keys[pairs[2 * e]], keys[pairs[2 * e + 1]], { weight: weights[e], size: 0.5, color: '#c9d1da' });
    };
    const large = index.size > LARGE.nodes || weights.length > LARGE.ties;
    // A large graph is drawn and laid out without its ties, which are drawn once the layout has settled: sigma
    // processes every tie again whenever a node moves, which for 100,000 ties takes most of a second.
    if (!large) addTies();
    let hovered: string | null = null;
    let neighbours = new Set<string>();
    // On a small graph hovering a node greys out everything else; on a large one, redrawing every node and tie at
    // each hover would stall the page, so it marks only the node's neighbours and ties (a partial refresh).
    const touched = (node: string) => ({ nodes: [node, ...g.neighbors(node)], edges: g.edges(node) });
    const renderer = new Sigma(g, ref.current, {
      renderEdgeLabels: false,
      labelRenderedSizeThreshold: 8,
      zIndex: true,
      ...(large && {
        defaultNodeType: 'point',
        defaultEdgeType: 'line',
        nodeProgramClasses: { point: NodePointProgram },
        edgeProgramClasses: { line: EdgeLineProgram },
      }),
      nodeReducer: large
        ? (node, data) => (hovered && (node === hovered || neighbours.has(node)) ? { ...data, forceLabel: true, zIndex: 2 } : { ...data, zIndex: data.highlighted ? 2 : 1 })
        : (node, data) => {
            if (hovered && node !== hovered && !neighbours.has(node)) return { ...data, color: '#e6e9ed', label: '', zIndex: 0 };
            return { ...data, zIndex: data.highlighted || node === hovered ? 2 : 1 };
          },
      edgeReducer: large
        ? (edge, data) => (hovered && g.hasExtremity(edge, hovered) ? { ...data, color: '#5b6b7c' } : data)
        : (edge, data) => (hovered && !g.hasExtremity(edge, hovered) ? { ...data, hidden: true } : data),
    });
    const hover = (node: string | null) => {
      const before = hovered;
      hovered = node;
      neighbours = new Set(node ? g.neighbors(node) : []);
      if (!large) return renderer.refresh({ skipIndexation: true });
      const parts = [before, node].filter((x): x is string => x !== null).map(touched);
      renderer.refresh({ partialGraph: { nodes: parts.flatMap((p) => p.nodes), edges: parts.flatMap((p) => p.edges) }, skipIndexation: true, schedule: true });
    };
    const stopMoving = large ? moveByTransform(renderer) : undefined;
    renderer.on('enterNode', ({ node }) => hover(node));
    renderer.on('leaveNode', () => hover(null));
    renderer.on('clickNode', ({ node }) => select.current?.(node));
    renderer.on('clickStage', () => select.current?.(null));
    sigma.current = renderer;
    let worker: Worker | undefined;
    let frame = 0;
    let settle: ReturnType<typeof setTimeout> | undefined;
    // Sigma draws the first frame as it starts; the browser shows it at its next frame. The layout starts then, so
    // that frame does not wait for it.
    frame = requestAnimationFrame(() => {
      settle = setTimeout(() => {
        performance.mark('graph:drawn');
        startLayout();
      }, 0);
    });
    /** The layout has ended, or could not run (the start positions stay): a large graph's ties are drawn now. */
    function finish() {
      setRunning(false);
      worker?.terminate();
      worker = undefined;
      if (!large) return settled.current?.();
      addTies();
      frame = requestAnimationFrame(() => {
        settle = setTimeout(() => {
          performance.mark('graph:ties');
          settled.current?.();
        }, 0);
      });
    }
    function startLayout() {
      if (sigma.current !== renderer) return;
      if (g.order < 2 || weights.length === 0) return finish();
      worker = new Worker(new URL('./layout-worker.ts', import.meta.url), { type: 'module' });
      worker.onerror = finish;
      worker.onmessage = ({ data }: MessageEvent<LayoutUpdate>) => {
        const p = data.positions;
        let i = 0;
        g.updateEachNodeAttributes(
          (_node, attr) => {
            attr.x = p[2 * i];
            attr.y = p[2 * i + 1];
            i++;
            return attr;
          },
          { attributes: ['x', 'y'] },
        );
        if (data.done) finish();
      };
      const positions = new Float32Array(2 * g.order);
      const sizes = new Float32Array(g.order);
      let i = 0;
      g.forEachNode((_node, attr) => {
        positions[2 * i] = attr.x as number;
        positions[2 * i + 1] = attr.y as number;
        sizes[i++] = attr.size as number;
      });
      const start: LayoutStart = {
        positions,
        sizes,
        pairs: Uint32Array.from(pairs),
        weights: Float32Array.from(weights),
        settings: { ...forceAtlas2.inferSettings(g.order), barnesHutOptimize: g.order > 500, adjustSizes: false },
        durationMs: layoutMs ?? Math.min(8000, 1500 + g.order / 4),
        // a small graph moves smoothly; a large one is redrawn a few times a second
        postEveryMs: large ? 400 : 16,
      };
      worker.postMessage(start, [start.positions.buffer, start.sizes.buffer, start.pairs.buffer, start.weights.buffer]);
      setRunning(large ? 'without ties' : true);
    }
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(settle);
      worker?.terminate();
      stopMoving?.();
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
        {running === 'without ties'
          ? 'Laying out… (the ties are drawn once the layout settles)'
          : running
            ? 'Laying out…'
            : 'Scroll to zoom, drag to move; hover a node for its neighbours, click it for details.'}
      </p>
    </div>
  );
}
