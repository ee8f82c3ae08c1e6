import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { get } from './api';

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
    page: Number(params.get('page') ?? 1),
    setPage: (n: number) => update((p) => p.set('page', String(n))),
  };
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
