// GitHub's pagination: `per_page` (default 30, at most 100) and `page`, and a Link header naming
// the other pages. Its URLs use the `/repositories/{id}/...` form that api.github.com writes, on
// the same origin and prefix, with the request's own query and only `page` changed.
export interface Page {
  perPage: number;
  page: number;
}

function positive(value: string | null, fallback: number): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function pageOf(query: URLSearchParams): Page {
  return {
    perPage: Math.min(100, positive(query.get('per_page'), 30)),
    page: positive(query.get('page'), 1),
  };
}

export function pageItems<T>(items: readonly T[], p: Page): T[] {
  return items.slice((p.page - 1) * p.perPage, p.page * p.perPage);
}

/**
 * `<...>; rel="prev", <...>; rel="next", <...>; rel="last", <...>; rel="first"`: the order GitHub
 * writes them in, each present only where it applies. undefined when there is one page only.
 */
export function linkHeader(base: URL, p: Page, total: number): string | undefined {
  const last = Math.max(1, Math.ceil(total / p.perPage));
  if (last === 1 && p.page === 1) return undefined;
  const link = (page: number, rel: string) => {
    const url = new URL(base);
    url.searchParams.set('page', String(page));
    return `<${url.href}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (p.page > 1) links.push(link(p.page - 1, 'prev'));
  if (p.page < last) links.push(link(p.page + 1, 'next'), link(last, 'last'));
  if (p.page > 1) links.push(link(1, 'first'));
  return links.join(', ');
}
