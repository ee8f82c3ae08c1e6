/**
 * What the network reports take: a graph (an edge list, or a map of imported records), with the records and the map
 * options when it came from records. Everything here is parsed already; nothing does I/O.
 */
import { UserError } from '../../errors.js';
import { withMinWeight, type Graph } from '../graph.js';
import { mapGraph, mapNodes, type MapOptions } from '../maps.js';
import { overParticipantCap, periodsOf, type Records } from '../records.js';
import type { CommunityMethod } from '../metrics.js';
import type { Objective } from '../communities.js';
import { DEFAULT_TERM_OCCURRENCES } from '../terms.js';

/** A graph to analyse; `records` and `options` when it is a map of records (periods and attributes need them). */
export interface NetworkInput {
  readonly graph: Graph;
  readonly records?: Records;
  readonly options?: MapOptions;
  /** The file or directory it came from, for messages. */
  readonly source?: string;
}

/** How communities are found. */
export interface CommunityChoice {
  method: CommunityMethod;
  objective: Objective;
  resolution: number;
  seed: number;
  minSize?: number;
  iterations?: number;
}

/** The community options of a choice, without the method. */
export const communityOptions = (c: CommunityChoice) => ({
  objective: c.objective,
  resolution: c.resolution,
  seed: c.seed,
  ...(c.minSize !== undefined && { minSize: c.minSize }),
  ...(c.iterations !== undefined && { iterations: c.iterations }),
});

/** Where a problem with the input lies: its file when it has one, else the option that made it. */
const where = (source: string | undefined, field: string) => (source ? { file: source } : { field });

/** A notice naming the activities the participant cap leaves out of a collaboration map. */
function capNotice(records: Records, options: MapOptions): string[] {
  const cap = options.maxParticipants ?? 0;
  if (cap === 0) return [];
  const over = overParticipantCap(records, cap);
  if (over.length === 0) return [];
  const named = over.slice(0, 5).map((x) => `${x.activity} (${x.participants})`).join(', ');
  return [`${over.length} activit${over.length === 1 ? 'y has' : 'ies have'} more than ${cap} participants and ${over.length === 1 ? 'is' : 'are'} left out: ${named}${over.length > 5 ? ', …' : ''}; a larger cap (maxAuthors, 0 keeps all) changes this, and fractional counting counts each activity once whatever its size`];
}

/**
 * Records projected into the graph of a map, with the notices a reader needs and a one-line summary; refused when the
 * graph has no tie, saying why.
 */
export function projectRecords(records: Records, options: MapOptions, source?: string): NetworkInput & { records: Records; options: MapOptions; notices: string[]; summary: string } {
  const map = options.map ?? 'collaboration';
  const notices = map === 'collaboration' ? capNotice(records, options) : [];
  const graph = mapGraph(records, options);
  const summary = `${source ? `${source}: ` : ''}${records.activities.length.toLocaleString('en-GB')} activities → ${mapNodes(options)} graph of ${graph.n.toLocaleString('en-GB')} nodes, ${graph.m.toLocaleString('en-GB')} ties (${options.weighting ?? 'full'} counting)`;
  if (graph.m === 0) {
    const why =
      map === 'collaboration'
        ? `no activity with two or more ${options.level ?? 'person'}s`
        : map === 'cocitation' || map === 'coupling' || map === 'citation'
          ? 'no cited references shared (do the records carry their references? Web of Science CR, Scopus References, OpenAlex referenced_works)'
          : map === 'terms'
            ? `no two terms on one document; a term needs ${options.minOccurrences ?? DEFAULT_TERM_OCCURRENCES} documents, and fewer minimum occurrences suit a small corpus`
            : map === 'fields'
              ? 'no activity with two or more subject fields'
              : 'no two keywords on one document';
    const filtered = options.from !== undefined || options.to !== undefined || options.types || options.minWeight !== undefined;
    throw new UserError(`the ${mapNodes(options)} graph has no ties (${why}${filtered ? ' after the years, types and minimum weight chosen' : ''}): there is no network to analyse`, where(source, 'map'));
  }
  return { graph, records, options, ...(source !== undefined && { source }), notices, summary };
}

/** An edge list's graph without the ties lighter than `minWeight`; refused when none is left. */
export function keepWeights(graph: Graph, minWeight: number | undefined): Graph {
  if (minWeight === undefined) return graph;
  const g = withMinWeight(graph, minWeight);
  if (g.m === 0) throw new UserError(`no tie weighs ${minWeight} or more: there is no network to analyse`, { field: 'minWeight' });
  return g;
}

export interface WindowOptions {
  /** One graph per period of this many years. */
  window?: number;
  /** Start a period every this many years (less than the window: a sliding window). */
  step?: number;
}

export interface Period {
  from: number;
  to: number;
  label: string;
}

/** The periods of a windowed analysis, or one undefined period (the whole graph) without a window. */
export function windowsOf(input: NetworkInput, o: WindowOptions): (Period | undefined)[] {
  if (o.window === undefined) return [undefined];
  if (!input.records) throw new UserError('a window needs imported records (activities with dates)', { field: 'window' });
  const periods = periodsOf(input.records, o.window, o.step);
  if (periods.length === 0) throw new UserError('a window needs dated activities; no activity has a date', { field: 'window' });
  return periods;
}

/** The graph of one period (the whole graph without one). */
export function graphIn(input: NetworkInput, period: Period | undefined): Graph {
  return period ? mapGraph(input.records!, { ...input.options, from: period.from, to: period.to }) : input.graph;
}
