"""igraph's Louvain and Leiden modularity over seeds, the bar for Proximity's community tests:
/usr/bin/python3 scripts/igraph-modularity.py EDGES [SEEDS]   (Debian's python3-igraph)

Reads a SNAP edge list as an undirected simple graph (self-loops dropped) and prints, for
community_multilevel (Louvain) and community_leiden(objective_function="modularity", n_iterations=-1),
the median, minimum and maximum modularity over the seeds.
"""
import random
import statistics
import sys

import igraph as ig

path = sys.argv[1]
seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 21
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
g = ig.Graph(n=len(names), edges=sorted(edges))
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
