/**
 * ForceAtlas2 off the page's thread (Jacomy et al. 2014, PLoS ONE 9(6): e98679; graphology's implementation, one
 * iteration at a time). Unlike graphology's own worker, which sends the positions back after every iteration, this one
 * sends them a few times a second: the page then reprocesses a 100,000-tie graph a few times a second instead of at
 * every iteration, and stays responsive while the layout runs.
 */
/// <reference lib="webworker" />
import iterate from 'graphology-layout-forceatlas2/iterate.js';
import DEFAULTS from 'graphology-layout-forceatlas2/defaults.js';

/** What the page sends: the start positions (x, y per node), sizes, ties as node-index pairs with weights, and for how long. */
export interface LayoutStart {
  positions: Float32Array;
  sizes: Float32Array;
  pairs: Uint32Array;
  weights: Float32Array;
  settings: Record<string, unknown>;
  durationMs: number;
  postEveryMs: number;
}
/** What the worker sends back: the positions (x, y per node), and whether it has stopped. */
export interface LayoutUpdate {
  positions: Float32Array;
  done: boolean;
}

const PPN = 10; // floats per node in graphology's matrices: x, y, dx, dy, old dx, old dy, mass, convergence, size, fixed
const PPE = 3; // floats per edge: source offset, target offset, weight

// one layout per worker; the page ends it early by terminating the worker
self.onmessage = (event: MessageEvent<LayoutStart>) => run(event.data);

function run({ positions, sizes, pairs, weights, settings, durationMs, postEveryMs }: LayoutStart): void {
  const n = positions.length / 2;
  const m = weights.length;
  const nodes = new Float32Array(n * PPN);
  for (let i = 0; i < n; i++) {
    nodes[i * PPN] = positions[2 * i];
    nodes[i * PPN + 1] = positions[2 * i + 1];
    nodes[i * PPN + 6] = 1; // mass: 1 + weighted degree, below
    nodes[i * PPN + 7] = 1;
    nodes[i * PPN + 8] = sizes[i] || 1;
  }
  const edges = new Float32Array(m * PPE);
  for (let e = 0; e < m; e++) {
    const s = pairs[2 * e];
    const t = pairs[2 * e + 1];
    edges[e * PPE] = s * PPN;
    edges[e * PPE + 1] = t * PPN;
    edges[e * PPE + 2] = weights[e];
    nodes[s * PPN + 6] += weights[e];
    nodes[t * PPN + 6] += weights[e];
  }
  const options = { ...DEFAULTS, ...settings };
  const start = performance.now();
  const post = (done: boolean) => {
    const out = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      out[2 * i] = nodes[i * PPN];
      out[2 * i + 1] = nodes[i * PPN + 1];
    }
    const update: LayoutUpdate = { positions: out, done };
    self.postMessage(update, [out.buffer]);
  };
  for (let done = false; !done; ) {
    const until = performance.now() + postEveryMs;
    do {
      iterate(options, nodes, edges);
    } while (performance.now() < until);
    done = performance.now() - start >= durationMs;
    post(done);
  }
}
