import { Link } from 'react-router';
import type { OrganisationCard, OrganisationResult } from '../api';
import { FacetGroups, FacetPanel, Pager, useAnswer, useFacetedParams, WordsForm } from '../search';
import { ExampleBadge, Notice, PageTitle } from '../ui';

const FACET_LABELS: Record<string, string> = { type: 'Type', region: 'Region', country: 'Country' };
const FACETS = Object.keys(FACET_LABELS);
const PAGE_SIZE = 25;

/** The organisations of the network: search by name, filter by type, region and country. */
export function Organisations() {
  const { params, setWords, toggle, isSelected, selectedCount, clear, page, setPage } = useFacetedParams();
  const asked = new URLSearchParams(params);
  asked.set('pageSize', String(PAGE_SIZE));
  const { result, error } = useAnswer<OrganisationResult>(`/organisations?${asked}`);
  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1;
  return (
    <>
      <PageTitle>Organisations</PageTitle>
      <p className="lead">Universities, manufacturers, technology providers, policy bodies and intermediaries that members work at, and the public bodies whose work is in the library.</p>
      <WordsForm id="org-q" label="Search by name" placeholder="e.g. university, robotics" words={params.get('q') ?? ''} onSearch={setWords} />
      <Notice error={error} />
      <div className="directory">
        <FacetPanel selected={selectedCount(FACETS)} onClear={() => clear(FACETS)}>
          {result && <FacetGroups labels={FACET_LABELS} facets={result.facets} shown={10} isSelected={isSelected} onToggle={toggle} />}
        </FacetPanel>
        <section aria-labelledby="results-heading">
          <h2 id="results-heading" aria-live="polite">
            {result ? `${result.total.toLocaleString('en-GB')} ${result.total === 1 ? 'organisation' : 'organisations'}` : 'Searching…'}
          </h2>
          {result && result.total === 0 && <p>No organisation matches. Try another part of its name, or clear a filter.</p>}
          <ul className="results">{result?.items.map((o) => <Card key={o.id} o={o} />)}</ul>
          {result && <Pager page={page} pages={pages} setPage={setPage} />}
        </section>
      </div>
    </>
  );
}

function Card({ o }: { o: OrganisationCard }) {
  return (
    <li className="card">
      <h3>
        <Link to={`/organisations/${o.id}`}>{o.name}</Link> <ExampleBadge show={o.isExample} />
      </h3>
      <p className="meta">{[o.typeLabel, o.regionLabel, o.countryName, o.members ? `${o.members} ${o.members === 1 ? 'member' : 'members'}` : null].filter(Boolean).join(' · ')}</p>
    </li>
  );
}
