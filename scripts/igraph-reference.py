"""igraph's figures for Proximity's tests and benchmarks (Debian's python3-igraph, so /usr/bin/python3):

  /usr/bin/python3 scripts/igraph-reference.py modularity EDGES [SEEDS]
      median, minimum and maximum modularity over seeds of community_multilevel (Louvain) and
      community_leiden(objective_function="modularity", n_iterations=-1): the bar of the community tests;
  /usr/bin/python3 scripts/igraph-reference.py bench EDGES
      seconds for exact betweenness and for community_multilevel (bench:networks prints them);
  /usr/bin/python3 scripts/igraph-reference.py pagerank EDGES
      node,pagerank: igraph's PageRank (PRPACK, solved exactly; damping 0.85), nodes in order of first appearance,
      for test/fixtures/networks/*.igraph-pagerank.csv.gz.

EDGES is a SNAP edge list, read as an undirected simple graph (self-loops and repeats dropped; a node seen only in a
self-loop kept, isolated).
"""
import random
import statistics
import sys
import time

import igraph as ig


def read(path):
    names, edges = {}, set()
    with open(path) as f:
        for line in f:
            s = line.strip()
            if not s or s[0] in "#%":
                continue
            a, b = s.split()[:2]
            # a node seen only in a self-loop stays, isolated, as Proximity keeps it
            i, j = names.setdefault(a, len(names)), names.setdefault(b, len(names))
            if a == b:
                continue
            edges.add((min(i, j), max(i, j)))
    NAMES.extend(sorted(names, key=names.get))
    return ig.Graph(n=len(names), edges=sorted(edges))


NAMES = []
mode, path = sys.argv[1], sys.argv[2]
g = read(path)
if mode == "modularity":
    seeds = int(sys.argv[3]) if len(sys.argv) > 3 else 21
    for name, run in [
        ("louvain", lambda: g.community_multilevel()),
        ("leiden", lambda: g.community_leiden(objective_function="modularity", n_iterations=-1)),
    ]:
        qs = []
        for seed in range(1, seeds + 1):
            random.seed(seed)
            ig.set_random_number_generator(random)
            qs.append(g.modularity(run()))
        print(f"igraph {ig.__version__} {name}: median {statistics.median(qs):.6f} min {min(qs):.6f} max {max(qs):.6f} over {seeds} seeds ({g.vcount()} nodes, {g.ecount()} edges)")
elif mode == "pagerank":
    print("node,pagerank")
    for name, v in zip(NAMES, g.pagerank(damping=0.85)):
        print(f"{name},{v!r}")
else:
    t = time.perf_counter()
    g.betweenness()
    print(f"  igraph {ig.__version__} (C), exact betweenness: {time.perf_counter() - t:.3f} s")
    t = time.perf_counter()
    c = g.community_multilevel()
    print(f"  igraph multilevel (Louvain): {time.perf_counter() - t:.3f} s, modularity {g.modularity(c):.4f}")
