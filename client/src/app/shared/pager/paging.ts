/** One page of a server-side listing, as the API answers it. */
export interface Paged<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** How many pages the listing has (at least one, so an empty list still reads 1 / 1). */
export function pageCountOf(page: Paged<unknown> | null): number {
  return page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
}

/** Which rows the page shows, counted from 1 ("51–100 of 230"); null when there are none. */
export function rangeOf(
  page: Paged<unknown> | null,
): { from: number; to: number; total: number } | null {
  if (!page || page.total === 0) return null;
  const from = (page.page - 1) * page.pageSize + 1;
  return { from, to: from + page.items.length - 1, total: page.total };
}
