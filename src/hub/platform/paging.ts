import { type Page } from './model.js';
export interface PageRequest {
  page?: number;
  pageSize?: number;
}


export const MAX_PAGE_SIZE = 100;

export function pageOf(request: PageRequest): { limit: number; offset: number } {
  const limit = Math.min(Math.max(1, Math.floor(request.pageSize ?? 20)), MAX_PAGE_SIZE);
  const page = Math.max(1, Math.floor(request.page ?? 1));
  return { limit, offset: (page - 1) * limit };
}

/** One page of rows, and the number of rows it is drawn from, queried side by side. */
export async function paged<Row, T>(
  request: PageRequest,
  rows: (limit: number, offset: number) => Promise<Row[]>,
  count: () => Promise<{ n: number }>,
  map: (row: Row) => T | Promise<T>,
): Promise<Page<T>> {
  const { limit, offset } = pageOf(request);
  const [page, total] = await Promise.all([rows(limit, offset), count()]);
  return { total: total.n, page: request.page ?? 1, pageSize: limit, items: await Promise.all(page.map(map)) };
}
