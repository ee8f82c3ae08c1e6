// The knowledge-network engine as a library (pure: data in, data out). Worker-thread betweenness is in
// 'proximity/networks/parallel' (Node only).
export { graphFromEdges, graphFromMatrix, fromIndexedEdges, degrees, strengths, totalWeight, inducedSubgraph, withMinWeight, type Graph, type EdgeInput } from './graph.js';
export { betweenness, sampledBetweenness, samplesFor, type BetweennessOptions } from './betweenness.js';
export { closeness, closenessFromPaths, harmonic, pagerank, eigenvector } from './centrality.js';
export { coreNumbers, components } from './cores.js';
export { constraint, effectiveSize } from './structural-holes.js';
export { louvain, leiden, modularity, cpmQuality, type CommunityOptions, type Partition, type Objective } from './communities.js';
export { brokerage, ROLES, type Brokerage } from './brokerage.js';
export { boundaries, assortativity, participation, type Boundaries } from './boundaries.js';
export { diversity, hill, gini, cosineDistances, type Diversity } from './diversity.js';
export { nodeMetrics, metricRows, detectCommunities, METRIC_COLUMNS } from './metrics.js';
export { project, activityUnits, unitAttribute, unitFields, yearOf, ACTIVITY_TYPES, LEVELS, WEIGHTINGS, type Records, type Actor, type Activity, type Participation, type ProjectionOptions, type Level, type Weighting, type ActivityType } from './records.js';
export { proximity, proximityContext, proximityParadox, haversineKm, recordsUntil, type Proximity, type ParadoxRow } from './proximities.js';
export { spectrum, STAGES, type PairSpectrum, type SpectrumOptions } from './spectrum.js';
