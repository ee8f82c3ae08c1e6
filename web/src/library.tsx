import { useEffect, useState } from 'react';
import { Link, NavLink } from 'react-router';
import { ITEM_STATES } from '../../src/hub/library/library-model.js';
import { get, type ItemCard, type ItemState, type Taxonomies, type Vocabulary } from './api';
import { useSession } from './session';
import { ExampleBadge, formatDate } from './ui';

/** What the library pages share: its navigation, an item's card, the vocabulary and the taxonomies. */

export const FACET_LABELS: Record<string, string> = {
  type: 'Type',
  theme: 'Theme',
  technology: 'Technology',
  sector: 'Sector',
  region: 'Region',
  audience: 'Audience',
  discipline: 'Discipline',
  topic: 'Topic',
  year: 'Year',
  evidence: 'Evidence strength',
};

export function LibraryNav() {
  const { session, has } = useSession();
  const curator = has('curator') || has('administrator');
  return (
    <nav aria-label="Library" className="tabs">
      <NavLink to="/library" end>
        Search
      </NavLink>
      <NavLink to="/library/collections">Collections</NavLink>
      {session?.user && <NavLink to="/library/new">Submit an item</NavLink>}
      {session?.user && <NavLink to="/library/mine">My items</NavLink>}
      {(curator || session?.curatesCollections) && <NavLink to="/library/queue">Curation queue</NavLink>}
      {curator && <NavLink to="/library/taxonomies">Taxonomies</NavLink>}
    </nav>
  );
}

/** Loads once per page: item types, the evidence rubric; and every taxonomy. */
export function useLibraryLists(): { vocabulary: Vocabulary | null; taxonomies: Taxonomies | null; error: unknown } {
  const [vocabulary, setVocabulary] = useState<Vocabulary | null>(null);
  const [taxonomies, setTaxonomies] = useState<Taxonomies | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    Promise.all([get<Vocabulary>('/library/vocabulary'), get<Taxonomies>('/taxonomies')]).then(([v, t]) => (setVocabulary(v), setTaxonomies(t)), setError);
  }, []);
  return { vocabulary, taxonomies, error };
}

export function EvidenceBadge({ level }: { level: number | null }) {
  if (!level) return null;
  return (
    <span className="evidence" title={`Evidence strength ${level} of 5`}>
      Evidence {level}/5
    </span>
  );
}

export function StateBadge({ state }: { state: string }) {
  if (state === 'published') return null;
  return <span className={`state state-${state}`}>{ITEM_STATES[state as ItemState] ?? state}</span>;
}

/** A search result or list entry. `snippet` holds the server's highlights: escaped text with <mark> only. */
export function ItemCardView({ item, children }: { item: ItemCard; children?: React.ReactNode }) {
  return (
    <li className="card">
      <p className="kind">
        {item.typeLabel} <StateBadge state={item.state} /> <ExampleBadge show={item.isExample} /> <EvidenceBadge level={item.evidence} />
      </p>
      <h3>
        {item.snippet ? <Link to={`/library/${item.id}`} dangerouslySetInnerHTML={{ __html: item.snippet.title }} /> : <Link to={`/library/${item.id}`}>{item.title}</Link>}
      </h3>
      <p className="meta">{[item.authors.join('; '), item.publishedOn && formatDate(item.publishedOn)].filter(Boolean).join(' · ')}</p>
      {item.snippet ? <p className="snippet" dangerouslySetInnerHTML={{ __html: item.snippet.text }} /> : <p className="snippet">{clip(item.summary, 280)}</p>}
      {item.themes.length > 0 && (
        <p className="tags">
          {item.themes.map((t) => (
            <Link key={t.code} className="tag" to={`/library?theme=${encodeURIComponent(t.code)}`}>
              {t.label}
            </Link>
          ))}
        </p>
      )}
      {children}
    </li>
  );
}

export function clip(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n).replace(/\s+\S*$/, '')}…`;
}

export function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
