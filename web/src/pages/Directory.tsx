import { Link } from 'react-router';
import type { DirectoryResult, MemberCard } from '../api';
import { FacetGroups, FacetPanel, Pager, useAnswer, useFacetedParams, WordsForm } from '../search';
import { useSession } from '../session';
import { ExampleBadge, Notice, PageTitle } from '../ui';

const FACET_LABELS: Record<string, string> = {
  discipline: 'Discipline',
  sector: 'Sector',
  theme: 'Theme',
  region: 'Region',
  organisationType: 'Organisation type',
  careerStage: 'Career stage',
};
const FACETS = Object.keys(FACET_LABELS);
const PAGE_SIZE = 20;

export function Directory() {
  const { params, setWords, toggle, isSelected, selectedCount, clear, page, setPage } = useFacetedParams();
  const { session } = useSession();
  const asked = new URLSearchParams(params);
  asked.set('pageSize', String(PAGE_SIZE));
  const { result, error } = useAnswer<DirectoryResult>(`/directory?${asked}`);

  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1;

  return (
    <>
      <PageTitle>Member directory</PageTitle>
      <WordsForm id="q" label="Search by name, expertise, organisation or bio" placeholder="e.g. digital twins" words={params.get('q') ?? ''} onSearch={setWords} />
      <Notice error={error} />
      <div className="directory">
        <FacetPanel selected={selectedCount(FACETS)} onClear={() => clear(FACETS)}>
          {result && <FacetGroups labels={FACET_LABELS} facets={result.facets} shown={12} isSelected={isSelected} onToggle={toggle} />}
        </FacetPanel>
        <section aria-labelledby="results-heading">
          <h2 id="results-heading" aria-live="polite">
            {result ? `${result.total.toLocaleString('en-GB')} ${result.total === 1 ? 'member' : 'members'}` : 'Searching…'}
          </h2>
          {session && !session.user && <p className="hint">Some members show their names to signed-in members only: <Link to="/sign-in">sign in</Link> to find them too.</p>}
          {result && result.total === 0 && <p>No member matches. Try fewer or other words, or clear a filter.</p>}
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
