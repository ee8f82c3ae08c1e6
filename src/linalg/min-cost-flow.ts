/**
 * Minimum-cost maximum flow on a directed network with integer capacities and integer costs (negative costs
 * allowed, no negative cycles): the primal-dual method (Ahuja, Magnanti & Orlin, Network Flows, 1993, §9.8). Node
 * potentials start from Bellman–Ford (queue-based); each phase finds shortest distances in reduced costs with Dijkstra
 * and then pushes a blocking flow (Dinic) through the edges of zero reduced cost, so one phase carries many units.
 * The flow is maximal, and of least cost among maximal flows. Exact: costs are kept as integers (below 2^53).
 */
export interface FlowNetwork {
  readonly nodes: number;
  /** Adds an edge u → v and returns its index (its flow is read with `flowOf`). */
  addEdge(u: number, v: number, capacity: number, cost: number): number;
  /** Solves from source to sink: the flow's value and its cost. */
  solve(source: number, sink: number): { flow: number; cost: number };
  /** The flow an edge carries once solved. */
  flowOf(edge: number): number;
  /**
   * A node's potential once solved: every edge left with capacity has cost(u, v) + potential(u) − potential(v) ≥ 0 (the
   * optimality certificate), so an edge not in the network that would break it could lower the cost.
   */
  potential(node: number): number;
  /** Whether a node is reachable from the source through edges left with capacity, once solved. */
  reachable(node: number): boolean;
}

export function flowNetwork(nodes: number, expectedEdges = 16): FlowNetwork {
  // residual edges in pairs: 2e is the edge, 2e+1 its reverse
  let cap = new Float64Array(2 * expectedEdges);
  let cost = new Float64Array(2 * expectedEdges);
  let to = new Int32Array(2 * expectedEdges);
  let next = new Int32Array(2 * expectedEdges);
  let original = new Float64Array(expectedEdges);
  const head = new Int32Array(nodes).fill(-1);
  let m = 0;
  let pot = new Float64Array(nodes);
  let seen = new Uint8Array(nodes);

  const grow = () => {
    const size = cap.length * 2;
    const g = <T extends Float64Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    cap = g(cap);
    cost = g(cost);
    to = g(to);
    next = g(next);
    const o = new Float64Array(size / 2);
    o.set(original);
    original = o;
  };

  return {
    nodes,
    addEdge(u, v, capacity, c) {
      if (!(u >= 0 && u < nodes && v >= 0 && v < nodes)) throw new RangeError(`edge ${u} → ${v} outside 0..${nodes - 1}`);
      if (!Number.isInteger(capacity) || capacity < 0 || !Number.isInteger(c)) throw new RangeError('capacities and costs must be integers, capacities non-negative');
      if (2 * m + 2 > cap.length) grow();
      const e = 2 * m;
      to[e] = v;
      cap[e] = capacity;
      cost[e] = c;
      next[e] = head[u];
      head[u] = e;
      to[e + 1] = u;
      cap[e + 1] = 0;
      cost[e + 1] = -c;
      next[e + 1] = head[v];
      head[v] = e + 1;
      original[m] = capacity;
      return m++;
    },
    potential(v) {
      return pot[v];
    },
    reachable(v) {
      return seen[v] === 1;
    },
    flowOf(edge) {
      return original[edge] - cap[2 * edge];
    },
    solve(s, t) {
      const n = nodes;
      const INF = Number.POSITIVE_INFINITY;
      pot = new Float64Array(n);
      // Bellman–Ford (queue-based) from the source over edges with capacity: potentials that make reduced costs ≥ 0
      {
        const dist = new Float64Array(n).fill(INF);
        const inQueue = new Uint8Array(n);
        const queue = new Int32Array(n + 1);
        let qh = 0;
        let qt = 0;
        let qn = 0;
        dist[s] = 0;
        queue[qt++] = s;
        qn = 1;
        inQueue[s] = 1;
        let relaxations = 0;
        const limit = n * (2 * m + 1);
        while (qn > 0) {
          const u = queue[qh];
          qh = (qh + 1) % (n + 1);
          qn--;
          inQueue[u] = 0;
          for (let e = head[u]; e !== -1; e = next[e]) {
            if (cap[e] <= 0) continue;
            const v = to[e];
            const d = dist[u] + cost[e];
            if (d < dist[v]) {
              if (++relaxations > limit) throw new RangeError('the network has a negative-cost cycle');
              dist[v] = d;
              if (!inQueue[v]) {
                inQueue[v] = 1;
                queue[qt] = v;
                qt = (qt + 1) % (n + 1);
                qn++;
              }
            }
          }
        }
        for (let v = 0; v < n; v++) pot[v] = dist[v] === INF ? 0 : dist[v];
        // unreachable nodes stay unreachable (no flow reaches them), so their potentials never matter
      }
      const dist = new Float64Array(n);
      const done = new Uint8Array(n);
      const heapNode = new Int32Array(2 * m + n + 1);
      const heapKey = new Float64Array(2 * m + n + 1);
      const level = new Int32Array(n);
      const bfs = new Int32Array(n);
      const arc = new Int32Array(n);
      const stackEdge = new Int32Array(n);
      let flow = 0;
      let total = 0;
      const reduced = (e: number, u: number) => cost[e] + pot[u] - pot[to[e]];
      for (;;) {
        // Dijkstra in reduced costs (a binary heap with lazy deletion)
        dist.fill(INF);
        done.fill(0);
        let size = 0;
        const push = (v: number, k: number) => {
          let i = size++;
          while (i > 0) {
            const p = (i - 1) >> 1;
            if (heapKey[p] <= k) break;
            heapKey[i] = heapKey[p];
            heapNode[i] = heapNode[p];
            i = p;
          }
          heapKey[i] = k;
          heapNode[i] = v;
        };
        const pop = (): number => {
          const top = heapNode[0];
          const k = heapKey[--size];
          const v = heapNode[size];
          let i = 0;
          for (;;) {
            let c = 2 * i + 1;
            if (c >= size) break;
            if (c + 1 < size && heapKey[c + 1] < heapKey[c]) c++;
            if (heapKey[c] >= k) break;
            heapKey[i] = heapKey[c];
            heapNode[i] = heapNode[c];
            i = c;
          }
          heapKey[i] = k;
          heapNode[i] = v;
          return top;
        };
        dist[s] = 0;
        push(s, 0);
        while (size > 0) {
          const key = heapKey[0];
          const u = pop();
          if (done[u] || key > dist[u]) continue;
          done[u] = 1;
          if (u === t) break; // nodes not yet settled are at least as far as the sink: they take its distance below
          for (let e = head[u]; e !== -1; e = next[e]) {
            if (cap[e] <= 0) continue;
            const v = to[e];
            const d = dist[u] + reduced(e, u);
            if (d < dist[v]) {
              dist[v] = d;
              push(v, d);
            }
          }
        }
        if (dist[t] === INF) break;
        // new potentials: every edge on a shortest path now has reduced cost 0; the rest stay ≥ 0
        const dt = dist[t];
        for (let v = 0; v < n; v++) pot[v] += done[v] && dist[v] < dt ? dist[v] : dt;
        // blocking flows through the admissible edges (capacity left, reduced cost 0), level by level
        for (;;) {
          level.fill(-1);
          level[s] = 0;
          let bh = 0;
          let bt = 0;
          bfs[bt++] = s;
          while (bh < bt) {
            const u = bfs[bh++];
            for (let e = head[u]; e !== -1; e = next[e]) {
              const v = to[e];
              if (cap[e] > 0 && level[v] < 0 && reduced(e, u) === 0) {
                level[v] = level[u] + 1;
                bfs[bt++] = v;
              }
            }
          }
          if (level[t] < 0) break;
          for (let v = 0; v < n; v++) arc[v] = head[v];
          // iterative depth-first search for augmenting paths along the levels, current-arc pointers
          for (;;) {
            let depth = 0;
            let u = s;
            let found = false;
            while (true) {
              if (u === t) {
                found = true;
                break;
              }
              let e = arc[u];
              while (e !== -1) {
                const v = to[e];
                if (cap[e] > 0 && level[v] === level[u] + 1 && reduced(e, u) === 0) break;
                e = next[e];
              }
              arc[u] = e;
              if (e === -1) {
                // dead end: retreat
                level[u] = -1;
                if (depth === 0) break;
                depth--;
                const back = stackEdge[depth];
                u = to[back ^ 1];
                arc[u] = next[arc[u]];
                continue;
              }
              stackEdge[depth++] = e;
              u = to[e];
            }
            if (!found) break;
            let push = INF;
            for (let i = 0; i < depth; i++) push = Math.min(push, cap[stackEdge[i]]);
            for (let i = 0; i < depth; i++) {
              const e = stackEdge[i];
              cap[e] -= push;
              cap[e ^ 1] += push;
              total += push * cost[e];
            }
            flow += push;
          }
        }
      }
      // what the source still reaches (the sink is not among it: the flow is maximal)
      seen = new Uint8Array(n);
      const stack = [s];
      seen[s] = 1;
      while (stack.length > 0) {
        const u = stack.pop()!;
        for (let e = head[u]; e !== -1; e = next[e]) if (cap[e] > 0 && !seen[to[e]]) (seen[to[e]] = 1), stack.push(to[e]);
      }
      return { flow, cost: total };
    },
  };
}
