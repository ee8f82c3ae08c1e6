import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { get, type OrganisationPage as OrganisationData } from '../api';
import { ExampleBadge, formatDate, Notice, PageTitle } from '../ui';

export function OrganisationPage() {
  const { id } = useParams();
  const [o, setO] = useState<OrganisationData | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<OrganisationData>(`/organisations/${id}`).then(setO, setError);
  }, [id]);
  if (error) return (<><PageTitle>Organisation</PageTitle><Notice error={error} /></>);
  if (!o) return <p>Loading…</p>;
  const current = o.members?.filter((m) => !m.endDate) ?? [];
  const past = o.members?.filter((m) => m.endDate) ?? [];
  return (
    <article>
      <PageTitle>{o.name}</PageTitle>
      <ExampleBadge show={o.isExample} />
      <dl className="facts">
        <dt>Type</dt><dd>{o.typeLabel}</dd>
        <dt>Where</dt><dd>{[o.regionLabel, o.countryName].filter(Boolean).join(', ')}</dd>
        {o.website && (<><dt>Website</dt><dd><a href={o.website} rel="nofollow noopener">{o.website}</a></dd></>)}
      </dl>
      <h2>Members ({current.length})</h2>
      <ul>
        {current.map((m) => (
          <li key={m.profileId}><Link to={`/members/${m.profileId}`}>{m.name}</Link>{m.role ? `, ${m.role}` : ''}{m.startDate ? ` (since ${formatDate(m.startDate)})` : ''}</li>
        ))}
      </ul>
      {past.length > 0 && (
        <>
          <h2>Former members</h2>
          <ul>
            {past.map((m) => (
              <li key={m.profileId + m.endDate}><Link to={`/members/${m.profileId}`}>{m.name}</Link> (until {formatDate(m.endDate!)})</li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
