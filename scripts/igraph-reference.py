"""igraph's figures for Proximity's tests and benchmarks (Debian's python3-igraph, so /usr/bin/python3):

  /usr/bin/python3 scripts/igraph-reference.py modularity EDGES [SEEDS]
      median, minimum and maximum modularity over seeds of community_multilevel (Louvain) and
      community_leiden(objective_function="modularity", n_iterations=-1): the bar of the community tests;
  /usr/bin/python3 scripts/igraph-reference.py bench EDGES
      seconds for exact betweenness and for community_multilevel (bench:networks prints them).

EDGES is a SNAP edge list, read as an undirected simple graph (self-loops and repeats dropped).
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
            if a == b:
                continue
            i, j = names.setdefault(a, len(names)), names.setdefault(b, len(names))
            edges.add((min(i, j), max(i, j)))
    return ig.Graph(n=len(names), edges=sorted(edges))


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
else:
    t = time.perf_counter()
    g.betweenness()
    print(f"  igraph {ig.__version__} (C), exact betweenness: {time.perf_counter() - t:.3f} s")
    t = time.perf_counter()
    c = g.community_multilevel()
    print(f"  igraph multilevel (Louvain): {time.perf_counter() - t:.3f} s, modularity {g.modularity(c):.4f}")
