"""Reference figures on Les Misérables for test/networks/reference-graphs.test.ts (the fast tests the mutation runs use):

  python3 scripts/networkx-lesmis.py            (NetworkX 3.x)  -> test/fixtures/networks/lesmis.txt, lesmis.networkx.json
  /usr/bin/python3 scripts/networkx-lesmis.py igraph            -> prints igraph's community figures for the test

The graph is Knuth's co-appearance network of the characters of Les Misérables (The Stanford GraphBase, 1993), as
NetworkX ships it (nx.les_miserables_graph(): 77 characters, 254 weighted ties), plus a separate path of three
nodes (x1–x2–x3) so that closeness and harmonic centrality meet a disconnected graph. Every float is written in full.
"""
import json
import sys

if len(sys.argv) > 1 and sys.argv[1] == "igraph":
    import statistics

    import igraph as ig

    names, edges, weights = {}, [], []
    for line in open("test/fixtures/networks/lesmis.txt"):
        if line.startswith("#"):
            continue
        a, b, w = line.split()
        for x in (a, b):
            names.setdefault(x, len(names))
        edges.append((names[a], names[b]))
        weights.append(float(w))
    g = ig.Graph(n=len(names), edges=edges)
    g.es["weight"] = weights
    two_m = 2 * sum(weights)

    def cpm(membership, gamma):
        # the CPM quality over ordered pairs, self-pairs included, divided by 2m: (2 Σ_c e_c − γ Σ_c n_c²) / 2m
        internal = sum(w for (a, b), w in zip(edges, weights) if membership[a] == membership[b])
        sizes = [membership.count(c) for c in set(membership)]
        return (2 * internal - gamma * sum(n * n for n in sizes)) / two_m

    out = {}
    for label, fn in [
        ("louvain", lambda: g.community_multilevel(weights="weight")),
        ("leiden", lambda: g.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1)),
        ("leiden_cpm_0.05", lambda: g.community_leiden(objective_function="cpm", weights="weight", resolution_parameter=0.05, n_iterations=-1)),
    ]:
        qs = []
        for seed in range(21):
            ig.set_random_number_generator(__import__("random").Random(seed))
            part = fn()
            qs.append(part.q if label != "leiden_cpm_0.05" else cpm(part.membership, 0.05))
        out[label] = {"median": statistics.median(qs), "min": min(qs), "max": max(qs)}
    print(f"igraph {ig.__version__}:", json.dumps(out, indent=1))
    sys.exit(0)

import networkx as nx

G = nx.les_miserables_graph()
G.add_edge("x1", "x2", weight=2)
G.add_edge("x2", "x3", weight=1)
nodes = list(G.nodes)
with open("test/fixtures/networks/lesmis.txt", "w") as f:
    f.write("# Les Miserables co-appearances (Knuth 1993, as networkx.les_miserables_graph()) plus a path x1-x2-x3: source target weight\n")
    for a, b, w in G.edges(data="weight"):
        f.write(f"{a} {b} {w}\n")


def col(d):
    return [d[v] for v in nodes]


# two partitions to score: by the first letter of the name (arbitrary), and NetworkX's own Louvain (seed 1)
letters = {}
for v in nodes:
    letters.setdefault(v[0].upper(), []).append(v)
by_letter = list(letters.values())
nx_louvain = nx.community.louvain_communities(G, weight="weight", seed=1)
membership = lambda parts: [next(i for i, p in enumerate(parts) if v in p) for v in nodes]
ref = {
    "networkx": nx.__version__,
    "nodes": nodes,
    "betweenness": col(nx.betweenness_centrality(G)),
    "betweenness_raw": col(nx.betweenness_centrality(G, normalized=False)),
    "betweenness_weighted": col(nx.betweenness_centrality(G, weight="weight")),
    "closeness": col(nx.closeness_centrality(G)),
    "closeness_plain": col(nx.closeness_centrality(G, wf_improved=False)),
    "harmonic": col(nx.harmonic_centrality(G)),
    "pagerank": col(nx.pagerank(G, weight="weight", tol=1e-13, max_iter=10000)),
    "pagerank_unweighted": col(nx.pagerank(G, weight=None, tol=1e-13, max_iter=10000)),
    "pagerank_alpha_0.5": col(nx.pagerank(G, alpha=0.5, weight="weight", tol=1e-13, max_iter=10000)),
    "pagerank_networkx_tol": col(nx.pagerank(G, weight="weight")),
    "partitions": {
        "letters": membership(by_letter),
        "networkx_louvain": membership(nx_louvain),
    },
    "modularity": {
        "letters": nx.community.modularity(G, by_letter, weight="weight"),
        "letters_unweighted": nx.community.modularity(G, by_letter, weight=None),
        "letters_resolution_0.5": nx.community.modularity(G, by_letter, weight="weight", resolution=0.5),
        "networkx_louvain": nx.community.modularity(G, nx_louvain, weight="weight"),
    },
}
# two isolated characters added (no ties): dangling nodes for PageRank, unreachable ones for closeness
I = G.copy()
I.add_nodes_from(["iso1", "iso2"])
inodes = list(I.nodes)
ref["isolated"] = {
    "nodes": inodes,
    "pagerank": [nx.pagerank(I, weight="weight", tol=1e-13, max_iter=10000)[v] for v in inodes],
    "closeness": [nx.closeness_centrality(I)[v] for v in inodes],
    "betweenness": [nx.betweenness_centrality(I)[v] for v in inodes],
}
# eigenvector centrality needs a connected graph to mean much: Les Misérables alone
L = nx.les_miserables_graph()
lnodes = list(L.nodes)
ref["eigenvector"] = [nx.eigenvector_centrality(L)[v] for v in lnodes]
ref["eigenvector_weighted"] = [nx.eigenvector_centrality(L, weight="weight")[v] for v in lnodes]
with open("test/fixtures/networks/lesmis.networkx.json", "w") as f:
    json.dump(ref, f)
print(f"networkx {nx.__version__}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges", file=sys.stderr)
