import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { get, type Profile } from '../api';
import { ExampleBadge, formatDate, Notice, PageTitle } from '../ui';

export function MemberPage() {
  const { id } = useParams();
  const [p, setP] = useState<Profile | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<Profile>(`/profiles/${id}`).then(setP, setError);
  }, [id]);
  if (error) return (<><PageTitle>Member</PageTitle><Notice error={error} /></>);
  if (!p) return <p>Loading…</p>;
  return (
    <article>
      <PageTitle>{p.name}</PageTitle>
      <ExampleBadge show={p.isExample} />
      {p.jobTitle && <p className="lead">{p.jobTitle}</p>}
      <dl className="facts">
        {p.organisations && p.organisations.length > 0 && (
          <>
            <dt>Organisations</dt>
            <dd>
              <ul>
                {p.organisations.map((o) => (
                  <li key={o.organisationId + (o.startDate ?? '')}>
                    <Link to={`/organisations/${o.organisationId}`}>{o.organisationName}</Link> ({o.organisationTypeLabel}){o.role ? `, ${o.role}` : ''}
                    {(o.startDate || o.endDate) && ` — ${o.startDate ? formatDate(o.startDate) : '…'} to ${o.endDate ? formatDate(o.endDate) : 'now'}`}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {p.region?.label && (<><dt>Region</dt><dd>{p.region.label}{p.region.countryName ? `, ${p.region.countryName}` : ''}</dd></>)}
        {p.careerStage && (<><dt>Career stage</dt><dd>{p.careerStage.label}</dd></>)}
        {p.disciplines && p.disciplines.length > 0 && (<><dt>Disciplines</dt><dd>{p.disciplines.map((d) => d.label).join(', ')}</dd></>)}
        {p.sectors && p.sectors.length > 0 && (<><dt>Sectors</dt><dd>{p.sectors.map((d) => d.label).join(', ')}</dd></>)}
        {p.themes && p.themes.length > 0 && (<><dt>Themes</dt><dd>{p.themes.map((d) => d.label).join(', ')}</dd></>)}
        {p.expertise && p.expertise.length > 0 && (<><dt>Expertise</dt><dd>{p.expertise.join(', ')}</dd></>)}
        {p.orcid && (<><dt>ORCID iD</dt><dd><a href={`https://orcid.org/${p.orcid}`} rel="noopener">{p.orcid}</a></dd></>)}
      </dl>
      {/* bioHtml is Markdown rendered and sanitised on the server (only harmless tags, http(s) links) */}
      {p.bioHtml && <section className="bio" aria-label="Biography" dangerouslySetInnerHTML={{ __html: p.bioHtml }} />}
      {p.links && p.links.length > 0 && (
        <ul className="links">
          {p.links.map((l) => (
            <li key={l.url}><a href={l.url} rel="nofollow noopener">{l.label}</a></li>
          ))}
        </ul>
      )}
      {p.canEdit && (
        <p>
          <Link to={`/members/${p.id}/edit`}>Edit this profile</Link>
        </p>
      )}
    </article>
  );
}
