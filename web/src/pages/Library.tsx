import { useState, type FormEvent } from 'react';
import { TEXT_LIMITS } from '../../../src/hub/platform/model.js';
import { post, type LibraryResult } from '../api';
import { FACET_LABELS, ItemCardView, LibraryNav } from '../library';
import { FacetGroups, FacetPanel, Pager, useAnswer, useFacetedParams, WordsForm } from '../search';
import { useSession } from '../session';
import { Notice, PageTitle } from '../ui';

const PAGE_SIZE = 20;
const FACET_SHOWN = 8;
/** Query parameters that are filters (the rest: q, sort, page). */
const FACETS = Object.keys(FACET_LABELS);

/** The library: full-text search with facets and counts, sorting, pages, exports, feeds, and following a search. */
export function Library() {
  const { params, update, setWords, toggle, isSelected, selectedCount, clear, page, setPage } = useFacetedParams();
  /** Facets whose every value is shown ("Show all"): the search then asks for them all. */
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const asked = new URLSearchParams(params);
  asked.set('pageSize', String(PAGE_SIZE));
  if (expanded.size > 0) asked.set('facetLimit', '1000');
  const { result, error } = useAnswer<LibraryResult>(`/library?${asked}`);

  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1;
  const sort = params.get('sort') ?? (params.get('q') ? 'relevance' : 'newest');
  const filtered = FACETS.some((f) => params.has(f)) || params.has('q');
  const exportQuery = new URLSearchParams(params);
  exportQuery.delete('page');
  const themes = (params.get('theme') ?? '').split(',').filter(Boolean);
  const feed = themes.length === 1 && [...params.keys()].every((k) => k === 'theme') ? `/api/library/feeds/themes/${encodeURIComponent(themes[0])}` : '/api/library/feeds/library';

  return (
    <>
      <PageTitle>Knowledge library</PageTitle>
      <LibraryNav />
      <p className="lead">Research summaries, briefing papers, reviews, case studies, stories, recordings, data and tools from the network, and the research projects behind them.</p>
      <WordsForm id="library-q" label="Search the library" placeholder="e.g. digital twins, skills, ES/K000357/1" words={params.get('q') ?? ''} onSearch={setWords} />
      <Notice error={error} />
      <div className="directory">
        <FacetPanel selected={selectedCount(FACETS)} onClear={() => clear(FACETS)}>
          {result && (
            <FacetGroups
              labels={FACET_LABELS}
              facets={result.facets}
              sizes={result.facetSizes}
              shown={FACET_SHOWN}
              isSelected={isSelected}
              onToggle={toggle}
              onShowAll={(facet, on) => setExpanded((x) => { const next = new Set(x); on ? next.add(facet) : next.delete(facet); return next; })}
            />
          )}
        </FacetPanel>
        <section aria-labelledby="results-heading">
          <div className="row spread">
            <h2 id="results-heading" aria-live="polite">
              {result ? `${result.total.toLocaleString('en-GB')} ${result.total === 1 ? 'item' : 'items'}` : 'Searching…'}
            </h2>
            <div className="row">
              <label htmlFor="library-sort">Sort by</label>
              <select id="library-sort" value={sort} onChange={(e) => update((p) => (p.set('sort', e.target.value), p.delete('page')))}>
                {params.get('q') && <option value="relevance">Relevance</option>}
                <option value="newest">Newest first</option>
                <option value="oldest">Oldest first</option>
              </select>
            </div>
          </div>
          {result && result.total === 0 ? (
            <p className="empty">
              No item matches {params.get('q') ? `“${params.get('q')}”` : 'these filters'}. Try fewer or other words
              {selectedCount(FACETS) > 0 && (
                <>
                  , or{' '}
                  <button type="button" className="link" onClick={() => clear(FACETS)}>
                    clear the filters
                  </button>
                </>
              )}
              .
            </p>
          ) : (
            <p className="actions">
              Download these results: <a href={`/api/library/export?format=csv&${exportQuery}`}>CSV</a> · <a href={`/api/library/export?format=json&${exportQuery}`}>JSON</a> · Feed:{' '}
              <a href={`${feed}.atom`}>Atom</a> · <a href={`${feed}.rss`}>RSS</a>
            </p>
          )}
          {filtered && <FollowSearch params={params} />}
          <ul className="results">{result?.items.map((item) => <ItemCardView key={item.id} item={item} />)}</ul>
          {result && <Pager page={page} pages={pages} setPage={setPage} />}
        </section>
      </div>
    </>
  );
}

/** Members save the current search (its words and filters) to follow it; digests read these. */
function FollowSearch({ params }: { params: URLSearchParams }) {
  const { session } = useSession();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [status, setStatus] = useState<{ error?: unknown; message?: string }>({});
  if (!session?.user) return null;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of params) if (k !== 'page') query[k] = FACETS.includes(k) ? v.split(',') : v;
    try {
      await post('/me/saved-searches', { name, query });
      setStatus({ message: `Following “${name}”. It is listed under My items.` });
      setOpen(false);
    } catch (err) {
      setStatus({ error: err });
    }
  };
  return (
    <div className="follow">
      {!open && (
        <button type="button" onClick={() => (setOpen(true), setName(params.get('q') ?? ''))}>
          Follow this search
        </button>
      )}
      {open && (
        <form onSubmit={save} className="row">
          <label htmlFor="follow-name">Name this search</label>
          <input id="follow-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={TEXT_LIMITS.searchName} />
          <button>Save</button>
          <button type="button" className="link" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </form>
      )}
      <Notice error={status.error} message={status.message} />
    </div>
  );
}
