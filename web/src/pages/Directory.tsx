import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { get, type DirectoryResult, type MemberCard } from '../api';
import { ExampleBadge, Notice, PageTitle } from '../ui';

const FACET_LABELS: Record<string, string> = {
  discipline: 'Discipline',
  sector: 'Sector',
  theme: 'Theme',
  region: 'Region',
  organisationType: 'Organisation type',
  careerStage: 'Career stage',
};
const PAGE_SIZE = 20;

export function Directory() {
  const [params, setParams] = useSearchParams();
  const [result, setResult] = useState<DirectoryResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [q, setQ] = useState(params.get('q') ?? '');
  const query = params.toString();

  useEffect(() => {
    let live = true;
    const p = new URLSearchParams(query);
    p.set('pageSize', String(PAGE_SIZE));
    get<DirectoryResult>(`/directory?${p}`).then(
      (r) => live && (setResult(r), setError(null)),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [query]);

  const update = (change: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    change(next);
    if (!next.has('page') || next.get('page') === '1') next.delete('page');
    setParams(next);
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    update((p) => {
      q ? p.set('q', q) : p.delete('q');
      p.delete('page');
    });
  };
  const toggle = (facet: string, value: string) =>
    update((p) => {
      const values = new Set((p.get(facet) ?? '').split(',').filter(Boolean));
      values.has(value) ? values.delete(value) : values.add(value);
      values.size ? p.set(facet, [...values].join(',')) : p.delete(facet);
      p.delete('page');
    });
  const page = Number(params.get('page') ?? 1);
  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1;

  return (
    <>
      <PageTitle>Member directory</PageTitle>
      <form role="search" onSubmit={search} className="search">
        <label htmlFor="q">Search by name, expertise or bio</label>
        <div className="row">
          <input id="q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="e.g. digital twins" />
          <button>Search</button>
        </div>
      </form>
      <Notice error={error} />
      <div className="directory">
        <aside aria-label="Filters">
          {result &&
            Object.entries(result.facets).map(([facet, values]) =>
              values.length ? (
                <fieldset key={facet}>
                  <legend>{FACET_LABELS[facet] ?? facet}</legend>
                  <ul>
                    {values.slice(0, facet === 'discipline' || facet === 'region' ? 12 : 20).map((v) => (
                      <li key={v.value}>
                        <label>
                          <input type="checkbox" checked={v.selected} onChange={() => toggle(facet, v.value)} /> {v.label} <span className="count">({v.count})</span>
                        </label>
                      </li>
                    ))}
                  </ul>
                </fieldset>
              ) : null,
            )}
        </aside>
        <section aria-labelledby="results-heading">
          <h2 id="results-heading" aria-live="polite">
            {result ? `${result.total} ${result.total === 1 ? 'member' : 'members'}` : 'Searching…'}
          </h2>
          <ul className="results">
            {result?.items.map((p) => <ResultCard key={p.id} p={p} />)}
          </ul>
          {result && pages > 1 && (
            <nav aria-label="Pages" className="pager">
              <button type="button" disabled={page <= 1} onClick={() => update((p) => p.set('page', String(page - 1)))}>
                Previous
              </button>
              <span>
                Page {page} of {pages}
              </span>
              <button type="button" disabled={page >= pages} onClick={() => update((p) => p.set('page', String(page + 1)))}>
                Next
              </button>
            </nav>
          )}
        </section>
      </div>
    </>
  );
}

function ResultCard({ p }: { p: MemberCard }) {
  const org = p.organisations?.find((o) => !o.endDate);
  return (
    <li className="card">
      <h3>
        <Link to={`/members/${p.id}`}>{p.name}</Link> <ExampleBadge show={p.isExample} />
      </h3>
      <p className="meta">{[p.jobTitle, org?.organisationName, p.region?.label].filter(Boolean).join(' · ')}</p>
      {p.expertise && p.expertise.length > 0 && <p className="tags">{p.expertise.join(', ')}</p>}
    </li>
  );
}
