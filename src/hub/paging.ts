export interface PageRequest {
  page?: number;
  pageSize?: number;
}

export interface Page<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

export const MAX_PAGE_SIZE = 100;

export function pageOf(request: PageRequest): { limit: number; offset: number } {
  const limit = Math.min(Math.max(1, Math.floor(request.pageSize ?? 20)), MAX_PAGE_SIZE);
  const page = Math.max(1, Math.floor(request.page ?? 1));
  return { limit, offset: (page - 1) * limit };
}
