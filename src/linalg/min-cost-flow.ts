/**
 * Minimum-cost maximum flow on a directed network with integer capacities and integer costs (negative costs
 * allowed): the maximum flow is found first (Dinic's blocking flows), then its cheapest routing by cost scaling
 * (Goldberg & Tarjan 1990; Goldberg 1997, "An efficient implementation of a scaling minimum-cost flow algorithm"):
 * with costs multiplied by n + 1, ε-optimal flows are refined by push–relabel for ε divided by α at each step; at
 * ε = 1 the flow is 1/(n + 1)-optimal in the original costs, hence optimal (costs are integers). Exact, and fast on
 * dense bipartite networks, where successive shortest paths need one Dijkstra per unit of flow.
 */
export interface FlowNetwork {
  readonly nodes: number;
  /** Adds an edge u → v and returns its index (its flow is read with `flowOf`). */
  addEdge(u: number, v: number, capacity: number, cost: number): number;
  /** Solves from source to sink: the flow's value (the maximum) and its cost (the least for that value). */
  solve(source: number, sink: number): { flow: number; cost: number };
  /** The flow an edge carries once solved. */
  flowOf(edge: number): number;
}

/** Each refinement divides ε by this (Goldberg's implementation uses 8 to 16). */
const ALPHA = 10;

export function flowNetwork(nodes: number, expectedEdges = 16): FlowNetwork {
  // residual arcs in pairs: 2e is the edge, 2e+1 its reverse
  let from = new Int32Array(2 * expectedEdges);
  let to = new Int32Array(2 * expectedEdges);
  let cap = new Float64Array(2 * expectedEdges);
  let cost = new Float64Array(2 * expectedEdges);
  let original = new Float64Array(expectedEdges);
  let m = 0;
  let solved = false;

  const grow = () => {
    const size = from.length * 2;
    const g = <T extends Float64Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    from = g(from);
    to = g(to);
    cap = g(cap);
    cost = g(cost);
    const o = new Float64Array(size / 2);
    o.set(original);
    original = o;
  };

  return {
    nodes,
    addEdge(u, v, capacity, c) {
      if (solved) throw new Error('the network has been solved');
      if (!(u >= 0 && u < nodes && v >= 0 && v < nodes)) throw new RangeError(`edge ${u} → ${v} outside 0..${nodes - 1}`);
      if (!Number.isInteger(capacity) || capacity < 0 || !Number.isInteger(c)) throw new RangeError('capacities and costs must be integers, capacities non-negative');
      if (2 * m + 2 > from.length) grow();
      const e = 2 * m;
      from[e] = u;
      to[e] = v;
      cap[e] = capacity;
      cost[e] = c;
      from[e + 1] = v;
      to[e + 1] = u;
      cap[e + 1] = 0;
      cost[e + 1] = -c;
      original[m] = capacity;
      return m++;
    },
    flowOf(edge) {
      return original[edge] - cap[2 * edge];
    },
    solve(s, t) {
      solved = true;
      const n = nodes;
      const arcs = 2 * m;
      // the arcs of each node, contiguous (compressed rows)
      const start = new Int32Array(n + 1);
      for (let a = 0; a < arcs; a++) start[from[a] + 1]++;
      for (let v = 0; v < n; v++) start[v + 1] += start[v];
      const order = new Int32Array(arcs);
      const fill = start.slice(0, n);
      for (let a = 0; a < arcs; a++) order[fill[from[a]]++] = a;

      // 1. the maximum flow (Dinic), costs aside
      const level = new Int32Array(n);
      const queue = new Int32Array(n);
      const cur = new Int32Array(n);
      const stack = new Int32Array(n);
      let flow = 0;
      for (;;) {
        level.fill(-1);
        level[s] = 0;
        let qh = 0;
        let qt = 0;
        queue[qt++] = s;
        while (qh < qt) {
          const u = queue[qh++];
          for (let i = start[u]; i < start[u + 1]; i++) {
            const a = order[i];
            if (cap[a] > 0 && level[to[a]] < 0) {
              level[to[a]] = level[u] + 1;
              queue[qt++] = to[a];
            }
          }
        }
        if (level[t] < 0) break;
        for (let v = 0; v < n; v++) cur[v] = start[v];
        for (;;) {
          // one augmenting path along the levels, current arcs kept between paths
          let depth = 0;
          let u = s;
          while (u !== t) {
            let i = cur[u];
            for (; i < start[u + 1]; i++) {
              const a = order[i];
              if (cap[a] > 0 && level[to[a]] === level[u] + 1) break;
            }
            cur[u] = i;
            if (i === start[u + 1]) {
              level[u] = -1; // dead end
              if (depth === 0) break;
              depth--;
              u = from[stack[depth]];
              cur[u]++;
              continue;
            }
            stack[depth++] = order[i];
            u = to[order[i]];
          }
          if (u !== t) break;
          let push = Infinity;
          for (let i = 0; i < depth; i++) push = Math.min(push, cap[stack[i]]);
          for (let i = 0; i < depth; i++) {
            cap[stack[i]] -= push;
            cap[stack[i] ^ 1] += push;
          }
          flow += push;
        }
      }

      // 2. the cheapest routing of that flow: cost scaling from the flow found (ε-optimal for ε the largest cost)
      const scale = n + 1;
      let maxCost = 0;
      for (let a = 0; a < arcs; a++) maxCost = Math.max(maxCost, Math.abs(cost[a]));
      if (maxCost * scale * n * 4 > Number.MAX_SAFE_INTEGER) throw new RangeError('costs too large for exact arithmetic');
      const c = new Float64Array(arcs);
      for (let a = 0; a < arcs; a++) c[a] = cost[a] * scale;
      const price = new Float64Array(n);
      const excess = new Float64Array(n);
      const inQueue = new Uint8Array(n);
      const fifo = new Int32Array(n + 1);
      let eps = maxCost * scale;
      while (eps > 1) {
        eps = Math.max(1, Math.floor(eps / ALPHA));
        // saturate every arc of negative reduced cost: the flow becomes a 0-optimal pseudoflow
        for (let a = 0; a < arcs; a++) {
          if (cap[a] > 0 && c[a] + price[from[a]] - price[to[a]] < 0) {
            const d = cap[a];
            cap[a] = 0;
            cap[a ^ 1] += d;
            excess[from[a]] -= d;
            excess[to[a]] += d;
          }
        }
        let head = 0;
        let tail = 0;
        let size = 0;
        for (let v = 0; v < n; v++) {
          cur[v] = start[v];
          if (excess[v] > 0) {
            fifo[tail] = v;
            tail = (tail + 1) % (n + 1);
            size++;
            inQueue[v] = 1;
          }
        }
        while (size > 0) {
          const v = fifo[head];
          head = (head + 1) % (n + 1);
          size--;
          inQueue[v] = 0;
          // discharge v: push along admissible arcs (negative reduced cost), relabel when there is none
          while (excess[v] > 0) {
            let i = cur[v];
            for (; i < start[v + 1]; i++) {
              const a = order[i];
              if (cap[a] > 0 && c[a] + price[v] - price[to[a]] < 0) break;
            }
            if (i < start[v + 1]) {
              const a = order[i];
              const w = to[a];
              const d = Math.min(excess[v], cap[a]);
              cap[a] -= d;
              cap[a ^ 1] += d;
              excess[v] -= d;
              excess[w] += d;
              if (excess[w] > 0 && !inQueue[w]) {
                fifo[tail] = w;
                tail = (tail + 1) % (n + 1);
                size++;
                inQueue[w] = 1;
              }
              cur[v] = i;
            } else {
              // relabel: the highest price that makes an arc with capacity left admissible, less ε
              let best = -Infinity;
              for (let j = start[v]; j < start[v + 1]; j++) {
                const a = order[j];
                if (cap[a] > 0) best = Math.max(best, price[to[a]] - c[a]);
              }
              if (best === -Infinity) throw new Error('no arc with capacity left from a node with excess');
              price[v] = best - eps;
              cur[v] = start[v];
            }
          }
        }
      }
      let total = 0;
      for (let e = 0; e < m; e++) total += (original[e] - cap[2 * e]) * cost[2 * e];
      return { flow, cost: total };
    },
  };
}
