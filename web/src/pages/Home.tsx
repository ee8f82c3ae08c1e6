import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { get, type ItemCard, type NetworkSummary } from '../api';
import { ItemCardView } from '../library';
import { DateText, ExampleBadge, Notice, PageTitle } from '../ui';

export function Home() {
  const [summary, setNetworkSummary] = useState<NetworkSummary | null>(null);
  const [featured, setFeatured] = useState<ItemCard[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<NetworkSummary>('/summary').then(setNetworkSummary, setError);
    get<ItemCard[]>('/library/featured').then(setFeatured, setError);
  }, []);
  return (
    <>
      <PageTitle>An innovation network, in one place</PageTitle>
      <p className="lead">
        Researchers from many disciplines, policymakers, manufacturers and technology providers meet here to share what they know and find who to work with. Search the
        directory by expertise, discipline, sector and region, and the library for the network’s research, evidence and leading practice.
      </p>
      <p>
        <Link className="button" to="/directory">
          Search the directory
        </Link>{' '}
        <Link className="button" to="/library">
          Search the library
        </Link>{' '}
        <Link to="/sign-up">Join the network</Link>
      </p>
      <Notice error={error} />
      {featured.length > 0 && (
        <section aria-labelledby="featured-heading">
          <h2 id="featured-heading">Featured from the library</h2>
          <ul className="results featured">{featured.map((item) => <ItemCardView key={item.id} item={item} />)}</ul>
        </section>
      )}
      {summary && (
        <>
          <ul className="stats" aria-label="The network in numbers">
            <li>
              <strong>{summary.members}</strong> members
            </li>
            <li>
              <strong>{summary.organisations}</strong> organisations
            </li>
            <li>
              <strong>{summary.disciplines}</strong> disciplines
            </li>
            <li>
              <strong>{summary.regions}</strong> UK regions
            </li>
          </ul>
          <h2>Latest activity</h2>
          <ul className="activity">
            {summary.latest.map((a) => (
              <li key={`${a.kind}-${a.id}`}>
                {a.kind === 'member_joined' ? 'New member: ' : 'New organisation: '}
                <Link to={a.kind === 'member_joined' ? `/members/${a.id}` : `/organisations/${a.id}`}>{a.title}</Link> <ExampleBadge show={a.isExample} />{' '}
                <DateText iso={a.at} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
