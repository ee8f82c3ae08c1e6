import { Link } from 'react-router';
import type { DirectoryResult, MemberCard } from '../api';
import { Pager, useAnswer, useFacetedParams, WordsForm } from '../search';
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
  const { params, setWords, toggle, page, setPage } = useFacetedParams();
  const asked = new URLSearchParams(params);
  asked.set('pageSize', String(PAGE_SIZE));
  const { result, error } = useAnswer<DirectoryResult>(`/directory?${asked}`);

  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1;

  return (
    <>
      <PageTitle>Member directory</PageTitle>
      <WordsForm id="q" label="Search by name, expertise or bio" placeholder="e.g. digital twins" words={params.get('q') ?? ''} onSearch={setWords} />
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
          {result && <Pager page={page} pages={pages} setPage={setPage} />}
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
