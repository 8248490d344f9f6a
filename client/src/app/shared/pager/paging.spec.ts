import { pageCountOf, rangeOf } from './paging';

describe('paging', () => {
  const page = (pageNumber: number, items: number, total: number) => ({
    items: Array.from({ length: items }, (_, i) => i),
    total,
    page: pageNumber,
    pageSize: 50,
  });

  it('counts the pages, one at least', () => {
    expect(pageCountOf(null)).toBe(1);
    expect(pageCountOf(page(1, 0, 0))).toBe(1);
    expect(pageCountOf(page(1, 50, 50))).toBe(1);
    expect(pageCountOf(page(1, 50, 51))).toBe(2);
  });

  it('tells which rows a page shows, and nothing for an empty list', () => {
    expect(rangeOf(null)).toBeNull();
    expect(rangeOf(page(1, 0, 0))).toBeNull();
    expect(rangeOf(page(1, 50, 230))).toEqual({ from: 1, to: 50, total: 230 });
    expect(rangeOf(page(5, 30, 230))).toEqual({ from: 201, to: 230, total: 230 });
  });
});
