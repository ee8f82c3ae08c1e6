"""Reference metrics from NetworkX for test/fixtures/networks: python3 scripts/networkx-reference.py EDGES OUT.csv

Reads a SNAP edge list as an undirected graph, drops self-loops (as Proximity does; NetworkX's core_number
refuses them), and writes, per node in order of first appearance, the NetworkX defaults the `proximity
networks metrics` contract names, with every float in full (repr) precision.
"""
import csv
import sys

import networkx as nx

edges, out = sys.argv[1], sys.argv[2]
G = nx.Graph()
with open(edges) as f:
    for line in f:
        s = line.strip()
        if not s or s[0] in "#%":
            continue
        a, b = s.split()[:2]
        G.add_edge(a, b)
G.remove_edges_from(list(nx.selfloop_edges(G)))
bc = nx.betweenness_centrality(G, normalized=True)
cl = nx.closeness_centrality(G)
pr = nx.pagerank(G, alpha=0.85)
core = nx.core_number(G)
con = nx.constraint(G)
eff = nx.effective_size(G)
harm = nx.harmonic_centrality(G)
with open(out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["node", "degree", "betweenness", "closeness", "harmonic", "pagerank", "core", "constraint", "effective_size"])
    for v in G.nodes:
        w.writerow([v, G.degree(v), repr(bc[v]), repr(cl[v]), repr(harm[v]), repr(pr[v]), core[v], repr(con[v]), repr(eff[v])])
print(f"networkx {nx.__version__}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges -> {out}", file=sys.stderr)
