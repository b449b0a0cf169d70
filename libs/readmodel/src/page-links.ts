import type { ListQuery } from '@muon/contracts';
import type { RawQuery } from './parse-list-query.js';

export interface PageLink { rel: 'next' | 'previous'; href: string }

/** What links need to know about the page that was answered (a ListPage, or several chunks summed up). */
export interface PageSummary {
  firstId: string | null;
  lastId: string | null;
  /** More rows follow in the direction read (after the page, or before it with page_reverse). */
  hasMore: boolean;
}

export interface PageLinksInput {
  /** Absolute URL of the request's path without its query, e.g. http://127.0.0.1:9696/v2.0/networks. */
  baseUrl: string;
  collection: string;
  query: ListQuery;
  /** The request's query parameters as received; the links repeat them with a new marker. */
  rawQuery: RawQuery;
  page: PageSummary;
}

/**
 * Neutron's `<collection>_links`, only on a limited list. A link repeats the request's parameters with
 * the marker moved to the page's last id (next) or first id (previous, with page_reverse=True).
 * Neutron decides by page size alone, so it offers `next` after a full last page and `previous` on
 * the first page; the owner tells us whether more rows follow, so we offer `next` only when there
 * are more rows ahead and `previous` only when the request came from somewhere (it had a marker) —
 * mirrored for page_reverse. A client following links sees the same rows, with no empty last page.
 */
export function renderPageLinks(input: PageLinksInput): Record<string, PageLink[]> {
  const { baseUrl, collection, query, rawQuery, page } = input;
  if (!query.limit) return {};
  const reverse = query.pageReverse === true;
  const cameFromMarker = query.marker !== undefined;
  const links: PageLink[] = [];
  if (reverse ? cameFromMarker : page.hasMore) links.push({ rel: 'next', href: linkHref(baseUrl, rawQuery, page.lastId, false) });
  if (reverse ? page.hasMore : cameFromMarker) links.push({ rel: 'previous', href: linkHref(baseUrl, rawQuery, page.firstId, true) });
  return links.length > 0 ? { [`${collection}_links`]: links } : {};
}

function linkHref(baseUrl: string, rawQuery: RawQuery, marker: string | null, reverse: boolean): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(rawQuery)) {
    if (value === undefined || key === 'marker' || key === 'page_reverse') continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  // An empty page has no id to continue from: the link then starts again from the end it points to.
  if (marker !== null) params.append('marker', marker);
  if (reverse) params.append('page_reverse', 'True');
  return `${baseUrl}?${params.toString()}`;
}
