import { describe, expect, it } from '@jest/globals';
import type { ListQuery } from '@muon/contracts';
import { renderPageLinks, type PageSummary } from './page-links.js';
import type { RawQuery } from './parse-list-query.js';

const baseUrl = 'http://127.0.0.1:9696/v2.0/networks';
const FIRST = '11111111-1111-4111-8111-111111111111';
const LAST = '22222222-2222-4222-8222-222222222222';
const MARKER = '33333333-3333-4333-8333-333333333333';

function links(query: Partial<ListQuery>, rawQuery: RawQuery, page: Partial<PageSummary>) {
  return renderPageLinks({
    baseUrl, collection: 'networks', rawQuery,
    query: { filters: {}, sort: [{ key: 'id', dir: 'asc' }], ...query },
    page: { firstId: FIRST, lastId: LAST, hasMore: false, ...page },
  });
}

const params = (href: string) => Object.fromEntries(new URL(href).searchParams);

describe('renderPageLinks', () => {
  it('gives no links when no limit was asked for', () => {
    expect(links({}, {}, { hasMore: true })).toEqual({});
  });

  it('the first page of several has only a next link, continuing after its last row', () => {
    const out = links({ limit: 2 }, { limit: '2' }, { hasMore: true });
    expect(out.networks_links).toEqual([{ rel: 'next', href: `${baseUrl}?limit=2&marker=${LAST}` }]);
  });

  it('a middle page has next and a previous link that reads backwards from its first row', () => {
    const out = links({ limit: 2, marker: MARKER }, { limit: '2', marker: MARKER }, { hasMore: true });
    expect(out.networks_links!.map((l) => l.rel)).toEqual(['next', 'previous']);
    expect(params(out.networks_links![1]!.href)).toEqual({ limit: '2', marker: FIRST, page_reverse: 'True' });
  });

  it('the last page has only a previous link', () => {
    const out = links({ limit: 2, marker: MARKER }, { limit: '2', marker: MARKER }, { hasMore: false });
    expect(out.networks_links!.map((l) => l.rel)).toEqual(['previous']);
  });

  it('a single page that holds everything has no links at all', () => {
    expect(links({ limit: 50 }, { limit: '50' }, { hasMore: false })).toEqual({});
  });

  it('reading backwards, previous goes further back and next returns forwards without page_reverse', () => {
    const raw = { limit: '2', marker: MARKER, page_reverse: 'True' };
    const out = links({ limit: 2, marker: MARKER, pageReverse: true }, raw, { hasMore: true });
    const [next, previous] = out.networks_links!;
    expect(next!.rel).toBe('next');
    expect(params(next!.href)).toEqual({ limit: '2', marker: LAST });
    expect(previous!.rel).toBe('previous');
    expect(params(previous!.href)).toEqual({ limit: '2', marker: FIRST, page_reverse: 'True' });
  });

  it('reading backwards to the very beginning leaves only next', () => {
    const raw = { limit: '2', marker: MARKER, page_reverse: 'True' };
    const out = links({ limit: 2, marker: MARKER, pageReverse: true }, raw, { hasMore: false });
    expect(out.networks_links!.map((l) => l.rel)).toEqual(['next']);
  });

  it('an empty page after a marker links back without a marker, like Neutron', () => {
    const out = links({ limit: 2, marker: MARKER }, { limit: '2', marker: MARKER }, { firstId: null, lastId: null });
    expect(out.networks_links).toEqual([{ rel: 'previous', href: `${baseUrl}?limit=2&page_reverse=True` }]);
  });

  it('keeps every other parameter, repeated ones included, URL-encoded', () => {
    const raw = { 'name': ['a b', 'c&d'], 'sort_key': 'name', 'sort_dir': 'asc', 'limit': '2', 'tags-any': 'x,y' };
    const out = links({ limit: 2 }, raw, { hasMore: true });
    const url = new URL(out.networks_links![0]!.href);
    expect(url.searchParams.getAll('name')).toEqual(['a b', 'c&d']);
    expect(url.searchParams.get('tags-any')).toBe('x,y');
    expect(url.searchParams.get('marker')).toBe(LAST);
  });
});
