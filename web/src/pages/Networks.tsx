import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Chart, type ChartOption } from '../chart';
import { categoryColours, GraphView, type GraphNode } from '../graph-view';
import { csvUrl, formatNumber, listDatasets, queryOf, useAnalysis, type DatasetView, type Params, type ReportResponse, type Row } from '../analyses';
import { Notice, PageTitle } from '../ui';
import { Loading, Notices, ReportTable } from './Regions';

const MAPS: Record<string, string> = { collaboration: 'Collaboration', fields: 'Subject fields (co-classification)', keywords: 'Keyword co-occurrence', cocitation: 'Co-citation', coupling: 'Bibliographic coupling', citation: 'Direct citation' };
const LEVELS = ['person', 'organisation', 'region', 'country', 'discipline'];
const WEIGHTINGS: Record<string, string> = { full: 'Full counting', fractional: 'Fractional counting', association: 'Association strength' };
const ATTRIBUTES: Record<string, string> = { organisation: 'Organisation', organisationType: 'Organisation type', region: 'Region', country: 'Country', discipline: 'Discipline' };

/**
 * The network explorer: a records data set (the network's own, or an upload), a map, its level, counting and years;
 * the graph drawn with WebGL and laid out off the main thread, its communities, brokers, boundary crossing,
 * interdisciplinarity, the cross-disciplinary spectrum, proximities of a pair, and the science maps.
 */
export function Networks() {
  const [search, setSearch] = useSearchParams();
  const [datasets, setDatasets] = useState<DatasetView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    listDatasets().then((d) => setDatasets(d.items.filter((x) => x.kind === 'records')), setError);
  }, []);
  const get = (k: string, d: string) => search.get(k) ?? d;
  const dataset = get('d', datasets?.[0]?.slug ?? '');
  const map = get('map', 'collaboration');
  const level = get('level', dataset === 'network-own' ? 'organisation' : 'country');
  const weighting = get('weighting', 'full');
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) if (v === null || v === '') next.delete(k);
    else next.set(k, v);
    setSearch(next);
  };
  const graphParams: Params = { map, ...(map === 'collaboration' && { level }), weighting, from: from || undefined, to: to || undefined };
  const current = datasets?.find((d) => d.slug === dataset);
  return (
    <>
      <PageTitle>Networks</PageTitle>
      <p className="lead">How knowledge crosses geographical, organisational and disciplinary boundaries: who works with whom, the communities, the brokers between them, and how far disciplines have come together.</p>
      <Notice error={error} />
      <form className="choices" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="dataset">Data set</label>
          <select id="dataset" value={dataset} onChange={(e) => set({ d: e.target.value, level: null, node: null })}>
            {(datasets ?? []).map((d) => (
              <option key={d.slug} value={d.slug}>
                {d.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="map">Map</label>
          <select id="map" value={map} onChange={(e) => set({ map: e.target.value, node: null })}>
            {Object.entries(MAPS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        {map === 'collaboration' && (
          <div className="field">
            <label htmlFor="level">Level</label>
            <select id="level" value={level} onChange={(e) => set({ level: e.target.value, node: null })}>
              {LEVELS.map((l) => (
                <option key={l}>{l}</option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="weighting">Weighting</label>
          <select id="weighting" value={weighting} onChange={(e) => set({ weighting: e.target.value })}>
            {Object.entries(WEIGHTINGS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div className="field narrow">
          <label htmlFor="from">From year</label>
          <input id="from" inputMode="numeric" value={from} onChange={(e) => set({ from: e.target.value })} />
        </div>
        <div className="field narrow">
          <label htmlFor="to">To year</label>
          <input id="to" inputMode="numeric" value={to} onChange={(e) => set({ to: e.target.value })} />
        </div>
      </form>
      {current && (current.description || current.source) && (
        <p className="hint">
          {[current.description, current.source && `${current.source}.`].filter(Boolean).join(' ')}
        </p>
      )}
      {dataset && <NetworkPage key={`${dataset}?${queryOf(graphParams)}`} dataset={dataset} params={graphParams} search={search} set={set} />}
    </>
  );
}

interface PageProps {
  dataset: string;
  params: Params;
  search: URLSearchParams;
  set: (changes: Record<string, string | null>) => void;
}

function NetworkPage({ dataset, params, search, set }: PageProps) {
  const graph = useAnalysis(dataset, 'graph', params);
  const r = graph.report;
  const attributes = (r?.meta.attributes as string[] | undefined) ?? [];
  const sizeBy = search.get('size') === 'betweenness' ? 'betweenness' : 'degree';
  const colourBy = search.get('colour') ?? 'community';
  const node = search.get('node');
  const [query, setQuery] = useState('');
  // the panels below the graph wait until its layout has settled (or they are scrolled to), so that their analyses
  // do not compete with its first frames
  const [settled, setSettled] = useState(false);
  const later = settled || Boolean(graph.error);
  const watch = Boolean(r) || Boolean(graph.error);
  const view = useMemo(() => {
    if (!r) return null;
    const values = r.rows.map((x) => x[colourBy] as string);
    const colours = categoryColours(values);
    const max = Math.max(1e-12, ...r.rows.map((x) => x[sizeBy] as number));
    const nodes: GraphNode[] = r.rows.map((x) => ({ id: String(x.id), label: String(x.label), size: 2 + 14 * Math.sqrt((x[sizeBy] as number) / max), color: colours.get(String(x[colourBy])) ?? '#bbbbbb' }));
    return { nodes, edges: r.meta.edges as [number, number, number][], colours };
  }, [r, sizeBy, colourBy]);
  const selected = node ? r?.rows.find((x) => x.id === node) : undefined;
  const find = (e: React.FormEvent) => {
    e.preventDefault();
    const q = query.trim().toLowerCase();
    const hit = r?.rows.find((x) => String(x.label).toLowerCase() === q) ?? r?.rows.find((x) => String(x.label).toLowerCase().includes(q));
    set({ node: hit ? String(hit.id) : null });
  };
  const exports = `/api/datasets/${encodeURIComponent(dataset)}/graph`;
  return (
    <div className="network-page">
      <h2 id="graph">The graph</h2>
      {graph.error || !r ? <Loading state={graph} /> : null}
      {r && view && (
        <section aria-labelledby="graph">
          <p>
            {formatNumber(r.meta.nodes)} nodes, {formatNumber(r.meta.ties)} ties, {formatNumber(r.meta.communities)} communities.
          </p>
          <div className="row">
            <div className="field">
              <label htmlFor="size-by">Size by</label>
              <select id="size-by" value={sizeBy} onChange={(e) => set({ size: e.target.value === 'degree' ? null : e.target.value })}>
                <option value="degree">Degree</option>
                <option value="betweenness">Betweenness</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="colour-by">Colour by</label>
              <select id="colour-by" value={colourBy} onChange={(e) => set({ colour: e.target.value === 'community' ? null : e.target.value })}>
                <option value="community">Community</option>
                {attributes.map((a) => (
                  <option key={a} value={a}>
                    {ATTRIBUTES[a] ?? a}
                  </option>
                ))}
              </select>
            </div>
            <form onSubmit={find} className="field" role="search">
              <label htmlFor="find-node">Find a node</label>
              <input id="find-node" list="node-names" value={query} onChange={(e) => setQuery(e.target.value)} />
              <datalist id="node-names">
                {r.rows.slice(0, 5000).map((x) => (
                  <option key={String(x.id)} value={String(x.label)} />
                ))}
              </datalist>
              <button type="submit">Find</button>
            </form>
          </div>
          <GraphView nodes={view.nodes} edges={view.edges} onSelect={(id) => set({ node: id })} focus={node} label="The network" height={560} onSettled={() => setSettled(true)} />
          {selected && <NodePanel row={selected} report={r} close={() => set({ node: null })} />}
          <p className="downloads">
            Download: <a href={`${exports}.gexf?${queryOf(params)}`}>GEXF</a> · <a href={`${exports}.graphml?${queryOf(params)}`}>GraphML</a> · <a href={`${exports}.vos?${queryOf(params)}`}>VOSviewer JSON</a> · <a href={csvUrl(dataset, 'graph', params)}>nodes (CSV)</a>
          </p>
          <Notices report={r} />
          <h2 id="communities">Communities</h2>
          <Communities report={r} />
          {attributes.length > 0 && (
            <>
              <h2 id="brokers">Brokers</h2>
              <Later ready={later} watch={watch}>
                <Brokers dataset={dataset} params={params} attributes={attributes} search={search} set={set} />
              </Later>
              <h2 id="boundaries">Boundary crossing</h2>
              <Later ready={later} watch={watch}>
                <Boundaries dataset={dataset} params={params} attributes={attributes} search={search} set={set} />
              </Later>
            </>
          )}
        </section>
      )}
      <h2 id="interdisciplinarity">Interdisciplinarity</h2>
      <Later ready={later} watch={watch}>
        <Interdisciplinarity dataset={dataset} />
      </Later>
      <h2 id="spectrum">The cross-disciplinary spectrum</h2>
      <Later ready={later} watch={watch}>
        <Spectrum dataset={dataset} />
      </Later>
      {r && (params.level ?? 'person') === 'person' && params.map === 'collaboration' && (
        <>
          <h2 id="proximities">Proximities of a pair</h2>
          <Later ready={later} watch={watch}>
            <Proximities dataset={dataset} nodes={r.rows} />
          </Later>
        </>
      )}
      <h2 id="science-maps">Science maps</h2>
      <Later ready={later} watch={watch}>
        <ScienceMaps dataset={dataset} />
      </Later>
    </div>
  );
}

/**
 * Its children once `ready`, or once it comes near the viewport (looked for only once `watch`: the page above it is in
 * place); until then a line saying so.
 */
function Later({ ready, watch, children }: { ready: boolean; watch: boolean; children: ReactNode }) {
  const ref = useRef<HTMLParagraphElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    if (ready || near || !watch || !ref.current) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), { rootMargin: '200px' });
    observer.observe(ref.current);
    return () => observer.disconnect();
  }, [ready, near, watch]);
  return ready || near ? (
    <>{children}</>
  ) : (
    <p ref={ref} className="hint">
      Computed once the graph above is laid out.
    </p>
  );
}

function NodePanel({ row, report, close }: { row: Row; report: ReportResponse; close: () => void }) {
  const skip = new Set(['id', 'label']);
  return (
    <div className="panel" role="region" aria-label={`Node: ${String(row.label)}`}>
      <h3>{String(row.label)}</h3>
      <dl className="facts">
        {report.columns
          .filter((c) => !skip.has(c) && row[c] !== null && row[c] !== undefined)
          .map((c) => (
            <div key={c} className="fact">
              <dt>{c.replace(/([A-Z])/g, ' $1').toLowerCase()}</dt>
              <dd>{formatNumber(row[c])}</dd>
            </div>
          ))}
      </dl>
      <button type="button" className="link" onClick={close}>
        Close
      </button>
    </div>
  );
}

function Communities({ report }: { report: ReportResponse }) {
  const groups = useMemo(() => {
    const by = new Map<number, Row[]>();
    for (const r of report.rows) {
      const members = by.get(r.community as number);
      if (members) members.push(r);
      else by.set(r.community as number, [r]);
    }
    return [...by.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, 20);
  }, [report]);
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Communities, largest first</caption>
        <thead>
          <tr>
            <th scope="col">community</th>
            <th scope="col">size</th>
            <th scope="col">top members (by degree)</th>
          </tr>
        </thead>
        <tbody>
          {groups.map(([c, rows]) => (
            <tr key={c}>
              <td className="num">{c}</td>
              <td className="num">{rows.length}</td>
              <td>
                {[...rows]
                  .sort((a, b) => (b.degree as number) - (a.degree as number))
                  .slice(0, 6)
                  .map((x) => String(x.label))
                  .join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface AttrProps {
  dataset: string;
  params: Params;
  attributes: string[];
  search: URLSearchParams;
  set: (changes: Record<string, string | null>) => void;
}

function AttributePicker({ attributes, search, set, id }: Pick<AttrProps, 'attributes' | 'search' | 'set'> & { id: string }) {
  const attribute = search.get('attr') ?? attributes.find((a) => a === 'organisation') ?? attributes[0];
  return (
    <div className="field">
      <label htmlFor={id}>Boundaries between</label>
      <select id={id} value={attribute} onChange={(e) => set({ attr: e.target.value })}>
        {attributes.map((a) => (
          <option key={a} value={a}>
            {ATTRIBUTES[a] ?? a}
          </option>
        ))}
      </select>
    </div>
  );
}

function Brokers(p: AttrProps) {
  const attribute = p.search.get('attr') ?? p.attributes.find((a) => a === 'organisation') ?? p.attributes[0];
  const roles = useAnalysis(p.dataset, 'brokerage', { ...p.params, attribute, report: 'node' });
  const metrics = useAnalysis(p.dataset, 'metrics', p.params);
  const ranked = useMemo((): ReportResponse | undefined => {
    if (!roles.report) return undefined;
    const constraint = new Map((metrics.report?.rows ?? []).map((x) => [String(x.node), x.constraint]));
    const kinds = ['coordinator', 'itinerant', 'gatekeeper', 'representative', 'liaison'];
    const rows = roles.report.rows
      .map((x) => ({ ...x, total: kinds.reduce((s, k) => s + ((x[k] as number) ?? 0), 0), constraint: constraint.get(String(x.node)) ?? null }))
      .sort((a, b) => b.total - a.total)
      .filter((x) => x.total > 0);
    return { ...roles.report, columns: ['node', attribute, 'total', ...kinds, 'constraint'], rows };
  }, [roles.report, metrics.report, attribute]);
  return (
    <section aria-labelledby="brokers">
      <AttributePicker {...p} id="broker-attribute" />
      <p className="hint">Gould–Fernandez roles across the boundaries of the attribute (a liaison links two groups neither of which is its own), ranked by all brokerage; Burt's constraint beside them (low: a broker across structural holes).</p>
      {roles.error ? <Notice error={roles.error} /> : null}
      {ranked && <ReportTable report={ranked} caption="Brokers, ranked" limit={20} />}
      {ranked && (
        <p>
          <a href={csvUrl(p.dataset, 'brokerage', { ...p.params, attribute, report: 'node' })}>Download every node's roles (CSV)</a>
        </p>
      )}
    </section>
  );
}

function Boundaries(p: AttrProps) {
  const attribute = p.search.get('attr') ?? p.attributes.find((a) => a === 'organisation') ?? p.attributes[0];
  const network = useAnalysis(p.dataset, 'brokerage', { ...p.params, attribute, report: 'network' });
  const mixing = useAnalysis(p.dataset, 'brokerage', { ...p.params, attribute, report: 'mixing' });
  const option = useMemo((): ChartOption | null => {
    const m = mixing.report;
    if (!m || m.rows.length > 40) return null;
    const labels = m.columns.slice(1);
    const data = m.rows.flatMap((row, i) => labels.map((l, j) => [j, i, row[l] as number]));
    const max = Math.max(1, ...data.map((d) => d[2]));
    return {
      title: { text: `Ties between ${ATTRIBUTES[attribute]?.toLowerCase() ?? attribute} groups`, textStyle: { fontSize: 14 } },
      tooltip: {},
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: labels, axisLabel: { rotate: 45, width: 120, overflow: 'truncate' } },
      yAxis: { type: 'category', data: labels, axisLabel: { width: 160, overflow: 'truncate' } },
      visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, show: false },
      series: [{ type: 'heatmap', data }],
    };
  }, [mixing.report, attribute]);
  return (
    <section aria-labelledby="boundaries">
      {network.report && <ReportTable report={network.report} caption="Brokerage and the E–I index of the whole network" />}
      {option && <Chart name={`mixing-${attribute}`} label="The mixing matrix" option={option} csv={csvUrl(p.dataset, 'brokerage', { ...p.params, attribute, report: 'mixing' })} height={Math.max(320, 24 * (mixing.report?.rows.length ?? 10))} />}
      {mixing.report && !option && <ReportTable report={mixing.report} caption="The mixing matrix" limit={40} />}
    </section>
  );
}

function Interdisciplinarity({ dataset }: { dataset: string }) {
  // the network's own data: its grants carry subjects but no organisations, so each grant is the unit
  const [by, setBy] = useState(dataset === 'network-own' ? 'activity' : 'organisation');
  const state = useAnalysis(dataset, 'diversity', { by });
  const sorted = useMemo(() => (state.report ? { ...state.report, rows: [...state.report.rows].sort((a, b) => (b.rao_stirling as number) - (a.rao_stirling as number)) } : undefined), [state.report]);
  return (
    <section aria-labelledby="interdisciplinarity">
      <div className="field">
        <label htmlFor="diversity-by">Of each</label>
        <select id="diversity-by" value={by} onChange={(e) => setBy(e.target.value)}>
          <option value="organisation">organisation</option>
          <option value="region">region</option>
          <option value="country">country</option>
          <option value="person">person</option>
          <option value="activity">activity</option>
        </select>
      </div>
      <p className="hint">Diversity over the subject fields of the activities each unit took part in: Rao–Stirling (variety, balance and disparity), Hill numbers and DIV.</p>
      {state.error ? <Notice error={state.error} /> : null}
      {sorted && <ReportTable report={sorted} caption="Interdisciplinarity" columns={[by, 'total', 'variety', 'hill1', 'hill2', 'rao_stirling', 'div']} limit={25} />}
    </section>
  );
}

function Spectrum({ dataset }: { dataset: string }) {
  const state = useAnalysis(dataset, 'spectrum', { byYear: true });
  const option = useMemo((): ChartOption | null => {
    const r = state.report;
    if (!r || r.rows.length === 0) return null;
    const years = [...new Set(r.rows.map((x) => String(x.year)))].sort();
    const stages = [...new Set(r.rows.map((x) => String(x.stage)))].filter(Boolean);
    return {
      title: { text: 'Pairs of disciplines by the furthest stage reached, by year', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      legend: { top: 24 },
      grid: { left: 50, right: 20, top: 70, bottom: 30 },
      xAxis: { type: 'category', data: years },
      yAxis: { type: 'value', name: 'pairs' },
      series: stages.map((s) => ({ name: s, type: 'bar' as const, stack: 'stage', data: years.map((y) => r.rows.filter((x) => String(x.year) === y && x.stage === s).length) })),
    };
  }, [state.report]);
  return (
    <section aria-labelledby="spectrum">
      {state.error ? <Notice error={state.error} /> : null}
      {option ? <Chart name="spectrum" label="The cross-disciplinary spectrum by year" option={option} csv={csvUrl(dataset, 'spectrum', { byYear: true })} /> : state.report && <p>No two disciplines share an activity yet.</p>}
    </section>
  );
}

function Proximities({ dataset, nodes }: { dataset: string; nodes: Row[] }) {
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const state = useAnalysis(dataset, 'proximities', a && b ? { a, b } : null);
  const top = useMemo(() => [...nodes].sort((x, y) => (y.degree as number) - (x.degree as number)).slice(0, 500), [nodes]);
  const pick = (id: string, value: string, set: (v: string) => void, label: string) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(e.target.value)}>
        <option value="">Choose…</option>
        {top.map((n) => (
          <option key={String(n.id)} value={String(n.id)}>
            {String(n.label)}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <section aria-labelledby="proximities">
      <div className="row">
        {pick('prox-a', a, setA, 'First')}
        {pick('prox-b', b, setB, 'Second')}
      </div>
      {state.error ? <Notice error={state.error} /> : null}
      {state.report && <ReportTable report={state.report} caption="The five proximities" />}
    </section>
  );
}

function ScienceMaps({ dataset }: { dataset: string }) {
  const summary = useAnalysis(dataset, 'describe', { report: 'summary' });
  const values = new Map((summary.report?.rows ?? []).map((r) => [String(r.measure), r.value as number]));
  const keywords = (values.get("author's keywords") ?? 0) + (values.get('keywords plus / index keywords') ?? 0);
  const themes = useAnalysis(dataset, 'themes', keywords > 0 ? { keywords: 'all' } : null);
  const countries = useAnalysis(dataset, 'describe', { report: 'countries', top: 15 });
  const option = useMemo((): ChartOption | null => {
    const r = themes.report;
    if (!r) return null;
    return {
      title: { text: 'Thematic map: centrality against density', textStyle: { fontSize: 14 } },
      tooltip: { formatter: (x: unknown) => { const d = x as { name: string; data: { quadrant: string } }; return `${d.name}<br/>${d.data.quadrant}`; } },
      grid: { left: 50, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'value', name: 'centrality rank', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: 'density rank' },
      series: [{ type: 'scatter', label: { show: true, position: 'right', formatter: '{b}' }, data: r.rows.map((x) => ({ name: String(x.theme), value: [x.centrality_rank as number, x.density_rank as number], symbolSize: 8 + Math.sqrt(x.occurrences as number) * 2, quadrant: String(x.quadrant) })) }],
    };
  }, [themes.report]);
  return (
    <section aria-labelledby="science-maps">
      {summary.report && <ReportTable report={summary.report} caption="Descriptive bibliometrics" />}
      {summary.report && (values.get('references') ?? 0) === 0 && <p className="hint">The records carry no cited references: co-citation and coupling maps need them (choose another map above for keywords or subject fields).</p>}
      {themes.error ? <Notice error={themes.error} /> : null}
      {option && <Chart name="thematic-map" label="The thematic map" option={option} csv={csvUrl(dataset, 'themes', { keywords: 'all' })} />}
      {countries.report && countries.report.rows.length > 0 && (
        <>
          <h3>Countries</h3>
          <ReportTable report={countries.report} caption="Countries by documents" />
        </>
      )}
    </section>
  );
}
