import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { Chart, type ChartOption } from '../chart';
import { categoryColours, GraphView, type GraphNode } from '../graph-view';
import { csvUrl, formatNumber, listDatasets, runAnalysis, useAnalysis, type DatasetView, type Params, type ReportResponse, type Row } from '../analyses';
import { Notice, PageTitle } from '../ui';

const STRATEGIES: Record<string, string> = { 'low-hanging-fruit': 'Low-hanging fruit', balanced: 'Balanced', 'long-jumps': 'Long jumps', custom: 'Custom weights' };

/** A report as a table: its columns (those given, else all), numbers formatted, list cells as their text. */
export function ReportTable({ report, columns, caption, limit = 50, labels = {} }: { report: ReportResponse; columns?: string[]; caption: string; limit?: number; labels?: Record<string, string> }) {
  const cols = (columns ?? report.columns).filter((c) => report.columns.includes(c));
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {cols.map((c) => (
              <th key={c} scope="col">
                {labels[c] ?? c.replace(/_/g, ' ')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.slice(0, limit).map((r, i) => (
            <tr key={i}>
              {cols.map((c) => (
                <td key={c} className={typeof r[c] === 'number' ? 'num' : undefined}>
                  {formatNumber(r[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {report.rows.length > limit && <p className="hint">The first {limit} of {report.rows.length} rows; the CSV has them all.</p>}
    </div>
  );
}

/** The notices of a report, as the analyst must read them beside its numbers. */
export function Notices({ report }: { report?: ReportResponse }) {
  if (!report?.notices.length) return null;
  return (
    <ul className="notices">
      {report.notices.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}

/** A panel's state: an error, or while its job runs, a progress bar with the stage it is at. */
export function Loading({ state }: { state: { loading: boolean; error?: unknown; progress?: { stage: string; fraction: number } } }) {
  if (state.error) return <Notice error={state.error} />;
  if (!state.loading) return null;
  const p = state.progress ?? { stage: 'queued', fraction: 0 };
  return (
    <p className="progress" aria-live="polite">
      <progress max={1} value={p.fraction} aria-label="Progress of the analysis" /> {p.stage === 'queued' ? 'Waiting for a free worker…' : `${p.stage.charAt(0).toUpperCase()}${p.stage.slice(1)}…`}
    </p>
  );
}

const nameOf = (r: Row | undefined) => (r ? String(r.label || r.activity || r.id) : '');

function bars(rows: Row[], value: string, title: string): ChartOption {
  const top = [...rows].reverse();
  return {
    title: { text: title, textStyle: { fontSize: 14 } },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', name: value },
    yAxis: { type: 'category', data: top.map((r) => `${String(r.activity)} ${String(r.label ?? '').slice(0, 40)}`), axisLabel: { width: 260, overflow: 'truncate' } },
    series: [{ type: 'bar', data: top.map((r) => r[value] as number), itemStyle: { color: '#0b5cad' } }],
  };
}

/**
 * The region explorer: a data set, a year and a region; the region's specialisations, its activity space, its
 * opportunities under a strategy, PSWOT, a target assessment, variety and complexity, and a comparison. Every choice is
 * in the URL, so a page can be shared as it is.
 */
export function Regions() {
  const [search, setSearch] = useSearchParams();
  const [datasets, setDatasets] = useState<DatasetView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    listDatasets().then((d) => setDatasets(d.items.filter((x) => x.kind === 'regions')), setError);
  }, []);
  const dataset = search.get('d') ?? datasets?.[0]?.slug ?? '';
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) if (v === null || v === '') next.delete(k);
    else next.set(k, v);
    setSearch(next, { replace: false });
  };
  const catalogue = useAnalysis(dataset || undefined, 'catalogue', dataset ? {} : null);
  const years = (catalogue.report?.meta.years as string[] | undefined) ?? [];
  const year = search.get('y') ?? years[years.length - 1] ?? '';
  const regions = useMemo(() => (catalogue.report?.rows ?? []).filter((r) => r.kind === 'region'), [catalogue.report]);
  const activities = useMemo(() => (catalogue.report?.rows ?? []).filter((r) => r.kind === 'activity'), [catalogue.report]);
  const region = search.get('r') ?? '';
  const current = datasets?.find((d) => d.slug === dataset);
  return (
    <>
      <PageTitle>Regions</PageTitle>
      <p className="lead">What a region is specialised in, which related activities it could enter, how complex they are, and which regions could partner it.</p>
      <Notice error={error} />
      <form className="choices" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="dataset">Data set</label>
          <select id="dataset" value={dataset} onChange={(e) => set({ d: e.target.value, y: null, r: null, t: null, c: null })}>
            {(datasets ?? []).map((d) => (
              <option key={d.slug} value={d.slug}>
                {d.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="year">Year</label>
          <select id="year" value={year} onChange={(e) => set({ y: e.target.value })}>
            {years.map((y) => (
              <option key={y}>{y}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="region">Region</label>
          <select id="region" value={region} onChange={(e) => set({ r: e.target.value })}>
            <option value="">Choose a region…</option>
            {regions.map((r) => (
              <option key={String(r.id)} value={String(r.id)}>
                {r.label ? `${String(r.id)} (${String(r.label)})` : String(r.id)}
              </option>
            ))}
          </select>
        </div>
      </form>
      {current && (
        <p className="hint">
          {current.source}. {current.licence}.
        </p>
      )}
      <Loading state={catalogue} />
      {dataset && year && region && <RegionPage key={`${dataset}/${year}/${region}`} dataset={dataset} year={year} region={region} years={years} regions={regions} activities={activities} search={search} set={set} />}
    </>
  );
}

interface PageProps {
  dataset: string;
  year: string;
  region: string;
  years: string[];
  regions: Row[];
  activities: Row[];
  search: URLSearchParams;
  set: (changes: Record<string, string | null>) => void;
}

function RegionPage(p: PageProps) {
  const base: Params = { year: p.year, region: p.region };
  return (
    <div className="region-page">
      <h2 id="specialisation">Specialisation</h2>
      <Specialisation {...p} base={base} />
      <h2 id="space">Activity space</h2>
      <Space {...p} base={base} />
      <h2 id="opportunities">Opportunities</h2>
      <Opportunities {...p} base={base} />
      <h2 id="pswot">PSWOT</h2>
      <Pswot {...p} base={base} />
      <h2 id="target">Target assessment</h2>
      <Target {...p} base={base} />
      <h2 id="complexity">Variety and complexity</h2>
      <Complexity {...p} />
      <h2 id="comparison">Comparison</h2>
      <Comparison {...p} />
    </div>
  );
}

function Specialisation({ dataset, base, search, set }: PageProps & { base: Params }) {
  const by = search.get('by') === 'size' ? 'size' : 'rca';
  const params = { ...base, by, top: 15 };
  const state = useAnalysis(dataset, 'specialisation', params);
  const r = state.report;
  return (
    <section aria-labelledby="specialisation">
      <div className="tabs" role="group" aria-label="Rank by">
        <button type="button" aria-pressed={by === 'rca'} onClick={() => set({ by: null })}>
          By RCA
        </button>
        <button type="button" aria-pressed={by === 'size'} onClick={() => set({ by: 'size' })}>
          By size
        </button>
      </div>
      <Loading state={state} />
      {r && (
        <>
          <Chart name={`specialisation-${by}`} label={`The region's top activities by ${by === 'rca' ? 'RCA' : 'size'}`} option={bars(r.rows, by === 'rca' ? 'rca' : 'value', by === 'rca' ? 'Revealed comparative advantage' : 'Size')} csv={csvUrl(dataset, 'specialisation', params)} height={420} />
          <ReportTable report={r} caption="Top activities" columns={['rank', 'activity', 'label', 'value', 'share', 'rca', 'pci']} />
          <Notices report={r} />
        </>
      )}
    </section>
  );
}

function Space({ dataset, base, activities }: PageProps & { base: Params }) {
  const space = useAnalysis(dataset, 'space', { year: base.year });
  const pswot = useAnalysis(dataset, 'pswot', base);
  const [selected, setSelected] = useState<string | null>(null);
  const graph = useMemo(() => {
    const r = space.report;
    if (!r) return null;
    const present = new Set((pswot.report?.rows ?? []).filter((x) => x.present === true).map((x) => String(x.activity)));
    const groupKey = r.columns.includes('group') ? 'group' : 'cluster';
    const colours = categoryColours(r.rows.map((x) => x[groupKey] as string));
    const size = new Map(activities.map((a) => [String(a.id), Number(a.size) || 0]));
    const max = Math.max(1, ...size.values());
    const nodes: GraphNode[] = r.rows.map((x) => ({
      id: String(x.id),
      label: String(x.label),
      size: 3 + 9 * Math.sqrt((size.get(String(x.id)) ?? 0) / max),
      color: present.size && !present.has(String(x.id)) ? '#d5dbe1' : (colours.get(String(x[groupKey])) ?? '#999'),
      highlighted: present.has(String(x.id)),
    }));
    const index = new Map(nodes.map((n, i) => [n.id, i]));
    const links = (r.meta.links as { source: string; target: string; weight: number }[]).map((l) => [index.get(l.source)!, index.get(l.target)!, l.weight] as [number, number, number]);
    return { nodes, links, colours, groupKey };
  }, [space.report, pswot.report, activities]);
  const info = selected ? pswot.report?.rows.find((x) => String(x.activity) === selected) : undefined;
  return (
    <section aria-labelledby="space">
      <p className="hint">The maximum spanning tree of the activities' proximity plus the strongest links; coloured by {graph?.groupKey === 'group' ? 'sector' : 'cluster'}, the region's present activities (RCA ≥ 1) bright and labelled, the others grey; sized by national size.</p>
      <Loading state={space} />
      {graph && <GraphView nodes={graph.nodes} edges={graph.links} onSelect={setSelected} label="The activity space" height={480} layoutMs={2500} />}
      {info && (
        <div className="panel" aria-live="polite">
          <h3>{nameOf(info)}</h3>
          <dl className="facts">
            <dt>Code</dt>
            <dd>{String(info.activity)}</dd>
            <dt>Class</dt>
            <dd>{String(info.class)}</dd>
            <dt>RCA</dt>
            <dd>{formatNumber(info.rca)}</dd>
            <dt>Density</dt>
            <dd>{formatNumber(info.density)}</dd>
          </dl>
        </div>
      )}
      {graph && (
        <ul className="legend">
          {[...graph.colours].slice(0, 18).map(([k, c]) => (
            <li key={k}>
              <span className="swatch" style={{ background: c }} /> {k}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Opportunities({ dataset, base, search, set, activities }: PageProps & { base: Params }) {
  const strategy = search.get('s') ?? 'balanced';
  const weights = search.get('w') ?? 'density=0.5,pci=0.25,cog=0.25';
  const axis = search.get('ax') === 'cog' ? 'cog' : 'pci';
  const params: Params = { ...base, top: 1000, ...(strategy === 'custom' ? { weights } : { strategy }) };
  const state = useAnalysis(dataset, 'opportunities', params);
  const r = state.report;
  const size = useMemo(() => new Map(activities.map((a) => [String(a.id), Number(a.size) || 0])), [activities]);
  const [draft, setDraft] = useState(weights);
  const option = useMemo((): ChartOption | null => {
    if (!r) return null;
    const max = Math.max(1, ...r.rows.map((x) => size.get(String(x.activity)) ?? 0));
    const top = new Set(r.rows.slice(0, 20).map((x) => String(x.activity)));
    const point = (x: Row) => ({ value: [x.density as number, x[axis] as number, size.get(String(x.activity)) ?? 0], name: nameOf(x), symbolSize: 6 + 30 * Math.sqrt((size.get(String(x.activity)) ?? 0) / max) });
    return {
      title: { text: `Density against ${axis.toUpperCase()}`, textStyle: { fontSize: 14 } },
      tooltip: { formatter: (x: unknown) => { const d = x as { name: string; value: number[] }; return `${d.name}<br/>density ${formatNumber(d.value[0])}, ${axis.toUpperCase()} ${formatNumber(d.value[1])}`; } },
      grid: { left: 50, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'value', name: 'density', nameLocation: 'middle', nameGap: 28, scale: true },
      yAxis: { type: 'value', name: axis.toUpperCase(), scale: true },
      legend: { top: 0, right: 0 },
      series: [
        { name: 'top 20', type: 'scatter', data: r.rows.filter((x) => top.has(String(x.activity))).map(point), itemStyle: { color: '#D55E00', opacity: 0.8 } },
        { name: 'other candidates', type: 'scatter', data: r.rows.filter((x) => !top.has(String(x.activity))).map(point), itemStyle: { color: '#0072B2', opacity: 0.35 } },
      ],
    };
  }, [r, axis, size]);
  const custom = (e: FormEvent) => {
    e.preventDefault();
    set({ s: 'custom', w: draft });
  };
  return (
    <section aria-labelledby="opportunities">
      <div className="row">
        <div className="field">
          <label htmlFor="strategy">Strategy</label>
          <select id="strategy" value={strategy} onChange={(e) => set({ s: e.target.value })}>
            {Object.entries(STRATEGIES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="axis">Against</label>
          <select id="axis" value={axis} onChange={(e) => set({ ax: e.target.value === 'pci' ? null : e.target.value })}>
            <option value="pci">PCI (complexity)</option>
            <option value="cog">COG (opportunity gain)</option>
          </select>
        </div>
        {strategy === 'custom' && (
          <form onSubmit={custom} className="field">
            <label htmlFor="weights">Weights</label>
            <input id="weights" value={draft} onChange={(e) => setDraft(e.target.value)} />
            <button type="submit">Re-rank</button>
          </form>
        )}
      </div>
      <Loading state={state} />
      {r && option && (
        <>
          <Chart name="opportunities" label="Opportunities: density against complexity, sized by national size" option={option} csv={csvUrl(dataset, 'opportunities', params)} />
          <ReportTable report={r} caption="Ranked opportunities" columns={['rank', 'activity', 'label', 'score', 'density', 'pci', 'cog', 'related_present']} limit={20} labels={{ related_present: 'builds on (proximity)' }} />
        </>
      )}
      <Notices report={r} />
    </section>
  );
}

const PSWOT_COLOURS: Record<string, string> = { strength: '#009E73', weakness: '#E69F00', opportunity: '#0072B2', 'possible entrant': '#56B4E9', threat: '#D55E00' };

function Pswot({ dataset, base }: PageProps & { base: Params }) {
  const state = useAnalysis(dataset, 'pswot', base);
  const r = state.report;
  const option = useMemo((): ChartOption | null => {
    if (!r) return null;
    const classes = [...new Set(r.rows.map((x) => String(x.class)))];
    return {
      title: { text: 'RCA against relative density', textStyle: { fontSize: 14 } },
      legend: { top: 0, right: 0 },
      tooltip: { formatter: (x: unknown) => { const d = x as { name: string; value: number[] }; return `${d.name}<br/>relative density ${formatNumber(d.value[0])}, RCA ${formatNumber(d.value[1])}`; } },
      grid: { left: 50, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'value', name: 'relative density', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'log', name: 'RCA', min: 0.01 },
      series: classes.map((c) => ({
        name: c,
        type: 'scatter' as const,
        data: r.rows.filter((x) => x.class === c).map((x) => ({ value: [x.relative_density as number, Math.max(0.01, x.rca as number)], name: nameOf(x) })),
        itemStyle: { color: PSWOT_COLOURS[c] ?? '#999' },
        markLine: c === classes[0] ? { silent: true, symbol: 'none', lineStyle: { color: '#888', type: 'dashed' as const }, data: [{ yAxis: 1 }, { xAxis: 1 }] } : undefined,
      })),
    };
  }, [r]);
  return (
    <section aria-labelledby="pswot">
      <Loading state={state} />
      {r && option && <Chart name="pswot" label="PSWOT quadrants" option={option} csv={csvUrl(dataset, 'pswot', base)} />}
      <Notices report={r} />
    </section>
  );
}

function Target({ dataset, base, search, set, activities }: PageProps & { base: Params }) {
  const target = search.get('t') ?? '';
  const [draft, setDraft] = useState(target);
  const params = target ? { ...base, activities: target } : null;
  const state = useAnalysis(dataset, 'target', params);
  const partners = useAnalysis(dataset, 'partners', target ? { ...base, target } : null);
  return (
    <section aria-labelledby="target">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          set({ t: draft.trim() });
        }}
        className="row"
      >
        <div className="field">
          <label htmlFor="target-codes">Target activities</label>
          <input id="target-codes" list="activity-codes" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="codes or labels, separated by commas" />
          <datalist id="activity-codes">
            {activities.map((a) => (
              <option key={String(a.id)} value={String(a.id)}>
                {String(a.label)}
              </option>
            ))}
          </datalist>
        </div>
        <button type="submit">Assess</button>
      </form>
      <Loading state={state} />
      {state.report && (
        <>
          <ReportTable report={state.report} caption="Target assessment" columns={['section', 'name', 'label', 'density', 'relatedness', 'rca', 'detail']} limit={60} />
          <p>
            <a href={csvUrl(dataset, 'target', params!)} download>
              Download the assessment (CSV)
            </a>
          </p>
          <Notices report={state.report} />
        </>
      )}
      {partners.report && (
        <>
          <h3>Partner regions</h3>
          <ReportTable report={partners.report} caption="Partner regions and the gaps each covers" />
        </>
      )}
    </section>
  );
}

function Complexity({ dataset, year, region, years }: PageProps) {
  const variety = useAnalysis(dataset, 'variety', { year });
  const complexity = useAnalysis(dataset, 'complexity', { year });
  const [trend, setTrend] = useState<{ year: string; eci: number; diversity: number }[] | null>(null);
  useEffect(() => {
    if (years.length < 3) return;
    let live = true;
    Promise.all(years.map((y) => runAnalysis(dataset, 'complexity', { year: y }).then((r) => ({ y, row: r.rows.find((x) => x.region === region) })))).then((all) => {
      if (live) setTrend(all.filter((x) => x.row).map((x) => ({ year: x.y, eci: x.row!.eci as number, diversity: x.row!.diversity as number })));
    });
    return () => {
      live = false;
    };
  }, [dataset, region, years]);
  const rank = (report: ReportResponse | undefined, column: string) => {
    if (!report) return '';
    const sorted = [...report.rows].sort((a, b) => (b[column] as number) - (a[column] as number));
    const i = sorted.findIndex((x) => x.region === region);
    return i < 0 ? '' : `${i + 1} of ${sorted.length}`;
  };
  const v = variety.report?.rows.find((x) => x.region === region);
  const c = complexity.report?.rows.find((x) => x.region === region);
  return (
    <section aria-labelledby="complexity">
      <Loading state={complexity} />
      {v && c && (
        <dl className="facts">
          <dt>Diversity</dt>
          <dd>{formatNumber(c.diversity)} activities (rank {rank(complexity.report, 'diversity')})</dd>
          <dt>Entropy</dt>
          <dd>{formatNumber(v.entropy)}</dd>
          {v.related_variety !== undefined && (
            <>
              <dt>Related variety</dt>
              <dd>{formatNumber(v.related_variety)}</dd>
              <dt>Unrelated variety</dt>
              <dd>{formatNumber(v.unrelated_variety)}</dd>
            </>
          )}
          <dt>ECI</dt>
          <dd>
            {formatNumber(c.eci)} (rank {rank(complexity.report, 'eci')})
          </dd>
          <dt>COI</dt>
          <dd>
            {formatNumber(c.coi)} (rank {rank(complexity.report, 'coi')})
          </dd>
        </dl>
      )}
      <Notices report={complexity.report} />
      {trend && trend.length > 2 && (
        <Chart
          name="eci-over-time"
          label="ECI and diversity over time"
          option={{
            title: { text: 'ECI and diversity over time', textStyle: { fontSize: 14 } },
            tooltip: { trigger: 'axis' },
            legend: { top: 0, right: 0 },
            grid: { left: 50, right: 50, top: 40, bottom: 30 },
            xAxis: { type: 'category', data: trend.map((t) => t.year) },
            yAxis: [{ type: 'value', name: 'ECI' }, { type: 'value', name: 'diversity' }],
            series: [
              { name: 'ECI', type: 'line', data: trend.map((t) => t.eci) },
              { name: 'diversity', type: 'line', yAxisIndex: 1, data: trend.map((t) => t.diversity) },
            ],
          }}
          csv={csvUrl(dataset, 'complexity', {})}
        />
      )}
    </section>
  );
}

function Comparison({ dataset, year, region, regions, search, set }: PageProps) {
  const others = (search.get('c') ?? '').split(',').filter(Boolean).slice(0, 3);
  const list = [region, ...others.filter((o) => o !== region)];
  const params = { year, regions: list.join(',') };
  const state = useAnalysis(dataset, 'comparison', params);
  const toggle = (id: string) => {
    const next = others.includes(id) ? others.filter((o) => o !== id) : [...others, id].slice(-3);
    set({ c: next.join(',') || null });
  };
  return (
    <section aria-labelledby="comparison">
      <fieldset className="compare">
        <legend>Compare with up to three regions</legend>
        <select aria-label="Add a region to compare" value="" onChange={(e) => e.target.value && toggle(e.target.value)}>
          <option value="">Add a region…</option>
          {regions
            .filter((r) => String(r.id) !== region && !others.includes(String(r.id)))
            .map((r) => (
              <option key={String(r.id)} value={String(r.id)}>
                {String(r.id)}
              </option>
            ))}
        </select>
        {others.map((o) => (
          <button key={o} type="button" className="link" onClick={() => toggle(o)}>
            Remove {o}
          </button>
        ))}
      </fieldset>
      <Loading state={state} />
      {state.report && (
        <>
          <ReportTable report={state.report} caption="Regions compared" />
          <p>
            <a href={csvUrl(dataset, 'comparison', params)} download>
              Download the comparison (CSV)
            </a>
          </p>
        </>
      )}
    </section>
  );
}
