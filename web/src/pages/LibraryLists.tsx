import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, del, get, type ItemCard, type SavedSearchView } from '../api';
import { ITEM_STATES } from '../../../src/hub/library/library-model.js';
import type { ItemState } from '../api';
import { ItemCardView, LibraryNav } from '../library';
import { useSession } from '../session';
import { Notice, PageTitle } from '../ui';

/** Items awaiting a decision, oldest first: all of them for curators, a community's for its curators. */
export function CuratorQueue() {
  const [items, setItems] = useState<ItemCard[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<ItemCard[]>('/library/queue').then(setItems, setError);
  }, []);
  return (
    <>
      <PageTitle>Curation queue</PageTitle>
      <LibraryNav />
      {error instanceof ApiError && (error.status === 401 || error.status === 403) ? (
        <p role="alert" className="notice error">
          {error.status === 401 ? 'Sign in as a curator to see the queue.' : 'Only curators, and the curators of a community, review submitted items.'}
        </p>
      ) : (
        <Notice error={error} />
      )}
      {items && (
        <section aria-labelledby="queue-heading">
          <h2 id="queue-heading">{items.length === 0 ? 'Nothing is waiting for a decision' : `${items.length} waiting for a decision, oldest first`}</h2>
          <ul className="results">
            {items.map((i) => (
              <ItemCardView key={i.id} item={i}>
                <p>
                  <Link to={`/library/${i.id}`}>
                    Review <span className="visually-hidden">{i.title}</span>
                  </Link>
                </p>
              </ItemCardView>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** A member's own items in every state, and the searches they follow. */
export function MyLibrary() {
  const { session } = useSession();
  const [items, setItems] = useState<ItemCard[] | null>(null);
  const [saved, setSaved] = useState<SavedSearchView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<{ error?: unknown; message?: string }>({});
  const load = useCallback(() => Promise.all([get<ItemCard[]>('/library/mine'), get<SavedSearchView[]>('/me/saved-searches')]).then(([i, s]) => (setItems(i), setSaved(s)), setError), []);
  useEffect(() => {
    if (session?.user) load();
  }, [session?.user, load]);
  if (session && !session.user)
    return (
      <>
        <PageTitle>My items</PageTitle>
        <LibraryNav />
        <p>
          <Link to="/sign-in">Sign in</Link> to see your items and the searches you follow.
        </p>
      </>
    );
  const unfollow = async (s: SavedSearchView) => {
    try {
      await del(`/me/saved-searches/${s.id}`);
      setStatus({ message: `No longer following “${s.name}”.` });
      load();
    } catch (err) {
      setStatus({ error: err });
    }
  };
  const byState = (state: string) => items?.filter((i) => i.state === state) ?? [];
  return (
    <>
      <PageTitle>My items</PageTitle>
      <LibraryNav />
      <Notice error={error ?? status.error} message={status.message} />
      <p>
        <Link className="button" to="/library/new">
          Submit an item
        </Link>
      </p>
      {items && items.length === 0 && <p>You have not written any items yet.</p>}
      {(Object.keys(ITEM_STATES) as ItemState[])
        .filter((s) => byState(s).length > 0)
        .map((s) => (
          <section key={s} aria-labelledby={`mine-${s}`}>
            <h2 id={`mine-${s}`}>
              {ITEM_STATES[s]} ({byState(s).length})
            </h2>
            <ul className="results">{byState(s).map((i) => <ItemCardView key={i.id} item={i} />)}</ul>
          </section>
        ))}
      <section aria-labelledby="saved-heading">
        <h2 id="saved-heading">Searches you follow</h2>
        {saved.length === 0 && <p>None yet: search the library, then choose “Follow this search”.</p>}
        <ul>
          {saved.map((s) => (
            <li key={s.id}>
              <Link to={`/library?${searchParamsOf(s.query)}`}>{s.name}</Link>{' '}
              <button type="button" className="link" onClick={() => unfollow(s)}>
                Stop following <span className="visually-hidden">{s.name}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** A saved query as the search page's address. */
export function searchParamsOf(query: Record<string, unknown>): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  return p;
}
