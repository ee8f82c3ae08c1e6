import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { TEXT_LIMITS } from '../../src/hub/platform/model.js';
import { get, type FacetCount } from './api';

/**
 * A faceted search kept in the page's address (q, facet values comma-separated, sort, page), as the directory and
 * the library use it: changing the words or a filter goes back to the first page.
 */
export function useFacetedParams() {
  const [params, setParams] = useSearchParams();
  const update = (change: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    change(next);
    if (next.get('page') === '1') next.delete('page');
    setParams(next);
  };
  return {
    params,
    update,
    /** New words (empty: none). */
    setWords: (q: string) =>
      update((p) => {
        q.trim() ? p.set('q', q.trim()) : p.delete('q');
        if (!q.trim() && p.get('sort') === 'relevance') p.delete('sort');
        p.delete('page');
      }),
    /** Ticks or unticks one value of a facet. */
    toggle: (facet: string, value: string) =>
      update((p) => {
        const values = new Set((p.get(facet) ?? '').split(',').filter(Boolean));
        values.has(value) ? values.delete(value) : values.add(value);
        values.size ? p.set(facet, [...values].join(',')) : p.delete(facet);
        p.delete('page');
      }),
    /** Whether a value is ticked, read from the address: a box ticks at once, before the new results come. */
    isSelected: (facet: string, value: string) => (params.get(facet) ?? '').split(',').includes(value),
    /** How many values are ticked in these facets. */
    selectedCount: (facets: readonly string[]) => facets.reduce((n, f) => n + (params.get(f) ?? '').split(',').filter(Boolean).length, 0),
    /** Unticks every value of these facets. */
    clear: (facets: readonly string[]) =>
      update((p) => {
        for (const f of facets) p.delete(f);
        p.delete('page');
      }),
    page: Number(params.get('page') ?? 1),
    setPage: (n: number) => update((p) => p.set('page', String(n))),
  };
}

/**
 * The filters of a faceted search. On a wide screen they sit beside the results; on a narrow one (a phone) they fold
 * into a panel behind a "Filters" button, so that the results come first.
 */
export function FacetPanel({ selected, onClear, children }: { selected: number; onClear: () => void; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <aside aria-label="Filters" className={`facets${open ? ' open' : ''}`}>
      <div className="facets-bar">
        <button type="button" className="facets-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
          {open ? 'Hide filters' : 'Filters'}
          {selected > 0 && ` (${selected} chosen)`}
        </button>
        {selected > 0 && (
          <button type="button" className="link" onClick={onClear}>
            Clear filters
          </button>
        )}
      </div>
      <div id={id} className="facets-body">
        {children}
      </div>
    </aside>
  );
}

/**
 * Every facet of a result that has values, in the order of `labels` (a facet's name → its label): one `FacetGroup`
 * each. `sizes` (the library's `facetSizes`) says how many values a facet has when the server listed only some.
 */
export function FacetGroups(props: {
  labels: Record<string, string>;
  facets: Record<string, FacetCount[]>;
  sizes?: Record<string, number>;
  shown: number;
  isSelected: (facet: string, value: string) => boolean;
  onToggle: (facet: string, value: string) => void;
  onShowAll?: (facet: string, all: boolean) => void;
}) {
  return (
    <>
      {Object.entries(props.labels).map(([facet, label]) => {
        const values = props.facets[facet] ?? [];
        const showAll = props.onShowAll;
        return values.length ? (
          <FacetGroup key={facet} facet={facet} label={label} values={values} size={props.sizes?.[facet]} shown={props.shown} isSelected={props.isSelected} onToggle={props.onToggle} onShowAll={showAll && ((all) => showAll(facet, all))} />
        ) : null;
      })}
    </>
  );
}

/**
 * One facet's values with their counts as checkboxes (a region's level beside its name), the first `shown` of them
 * and "Show all" for the rest; `onShowAll` tells the page when more values must be asked for.
 */
export function FacetGroup(props: {
  facet: string;
  label: string;
  values: FacetCount[];
  /** How many values the facet has (more than `values` holds when the server cut the list). */
  size?: number;
  shown?: number;
  isSelected: (facet: string, value: string) => boolean;
  onToggle: (facet: string, value: string) => void;
  onShowAll?: (all: boolean) => void;
}) {
  const { facet, label, values, isSelected, onToggle } = props;
  const limit = props.shown ?? 8;
  const size = props.size ?? values.length;
  const [all, setAll] = useState(false);
  const visible = all ? values : values.filter((v, i) => i < limit || isSelected(facet, v.value));
  return (
    <fieldset>
      <legend>{label}</legend>
      <ul>
        {visible.map((v) => (
          <li key={v.value}>
            <label>
              <input type="checkbox" checked={isSelected(facet, v.value)} onChange={() => onToggle(facet, v.value)} /> {v.label}
              {v.detail && <span className="detail"> {v.detail}</span>} <span className="count">({v.count.toLocaleString('en-GB')})</span>
            </label>
          </li>
        ))}
      </ul>
      {size > limit && (
        <button
          type="button"
          className="link"
          onClick={() => {
            setAll(!all);
            props.onShowAll?.(!all);
          }}
          aria-expanded={all}
        >
          {all ? 'Show fewer' : `Show all ${size.toLocaleString('en-GB')}`} <span className="visually-hidden">{label}</span>
        </button>
      )}
    </fieldset>
  );
}

/** The answer to GET `path` (`/api` prefix implied), fetched again whenever the path changes; a late answer to an old path is dropped. */
export function useAnswer<T>(path: string): { result: T | null; error: unknown } {
  const [result, setResult] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    get<T>(path).then(
      (r) => live && (setResult(r), setError(null)),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [path]);
  return { result, error };
}

/** The words of a search: a labelled search box that sends them on submit (kept in step with the address). */
export function WordsForm(props: { id: string; label: string; placeholder: string; words: string; onSearch: (words: string) => void }) {
  const [q, setQ] = useState(props.words);
  useEffect(() => setQ(props.words), [props.words]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSearch(q);
  };
  return (
    <form role="search" onSubmit={submit} className="search">
      <label htmlFor={props.id}>{props.label}</label>
      <div className="row">
        <input id={props.id} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={props.placeholder} maxLength={TEXT_LIMITS.query} />
        <button>Search</button>
      </div>
    </form>
  );
}

/** Previous and next page of results. */
export function Pager({ page, pages, setPage }: { page: number; pages: number; setPage: (n: number) => void }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label="Pages" className="pager">
      <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
        Previous
      </button>
      <span>
        Page {page.toLocaleString('en-GB')} of {pages.toLocaleString('en-GB')}
      </span>
      <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}

/** Type to search (two letters or more); each answer is a button, named by `pick`, that picks it. */
export function SearchPicker<T extends { id: string }>(props: { id: string; label: string; find: (q: string) => Promise<T[]>; pick: (t: T) => string; onPick: (t: T) => void }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<T[]>([]);
  const find = useRef(props.find);
  find.current = props.find;
  useEffect(() => {
    if (q.trim().length < 2) return setFound([]);
    let live = true;
    const t = setTimeout(() => find.current(q.trim()).then((r) => live && setFound(r), () => live && setFound([])), 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [q]);
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input id={props.id} type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" maxLength={TEXT_LIMITS.query} />
      {found.length > 0 && (
        <ul className="picker" aria-label={`${props.label}: results`}>
          {found.map((t) => (
            <li key={t.id}>
              <button
                type="button"
                onClick={() => {
                  props.onPick(t);
                  setQ('');
                  setFound([]);
                }}
              >
                {props.pick(t)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
