import { describe, expect, it } from '@jest/globals';
import type { ListPage, ListQuery } from '@muon/contracts';
import { readListInChunks } from './list-chunks.js';

/** An owner over ids 1..n in order that answers at most `chunk` rows per call, like listDocuments. */
function fakeOwner(n: number, chunk: number) {
  const ids = Array.from({ length: n }, (_, i) => String(i + 1));
  const calls: ListQuery[] = [];
  const fetch = async (q: ListQuery): Promise<ListPage> => {
    calls.push(q);
    const cap = Math.min(q.limit ?? Infinity, chunk);
    let rows: string[];
    let more: boolean;
    if (q.pageReverse) {
      const end = q.marker ? ids.indexOf(q.marker) : ids.length;
      rows = ids.slice(Math.max(0, end - cap), end);
      more = end - rows.length > 0;
    } else {
      const start = q.marker ? ids.indexOf(q.marker) + 1 : 0;
      rows = ids.slice(start, start + cap);
      more = start + rows.length < ids.length;
    }
    return { itemsJson: JSON.stringify(rows), count: rows.length, firstId: rows[0] ?? null, lastId: rows.at(-1) ?? null, hasMore: more };
  };
  return { fetch, calls };
}

const base: ListQuery = { filters: {}, sort: [{ key: 'id', dir: 'asc' }] };
const items = (chunks: string[]) => chunks.flatMap((c) => JSON.parse(c) as string[]);

describe('readListInChunks', () => {
  it('an unlimited list is read chunk after chunk until nothing is left', async () => {
    const owner = fakeOwner(23, 5);
    const out = await readListInChunks(base, owner.fetch);
    expect(items(out.chunksJson)).toEqual(Array.from({ length: 23 }, (_, i) => String(i + 1)));
    expect(out).toMatchObject({ count: 23, firstId: '1', lastId: '23', hasMore: false });
    expect(owner.calls.map((c) => c.marker)).toEqual([undefined, '5', '10', '15', '20']);
  });

  it('a limit larger than a chunk is filled from several chunks and reports that more follow', async () => {
    const owner = fakeOwner(23, 5);
    const out = await readListInChunks({ ...base, limit: 12, marker: '3' }, owner.fetch);
    expect(items(out.chunksJson)).toEqual(['4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15']);
    expect(out).toMatchObject({ count: 12, firstId: '4', lastId: '15', hasMore: true });
    expect(owner.calls.map((c) => c.limit)).toEqual([12, 7, 2]);
  });

  it('page_reverse reads backwards and still returns the rows in order', async () => {
    const owner = fakeOwner(23, 5);
    const out = await readListInChunks({ ...base, limit: 12, marker: '20', pageReverse: true }, owner.fetch);
    expect(items(out.chunksJson)).toEqual(['8', '9', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19']);
    expect(out).toMatchObject({ firstId: '8', lastId: '19', hasMore: true });
  });

  it('an empty list is one call', async () => {
    const owner = fakeOwner(0, 5);
    const out = await readListInChunks(base, owner.fetch);
    expect(out).toEqual({ chunksJson: [], count: 0, firstId: null, lastId: null, hasMore: false });
    expect(owner.calls).toHaveLength(1);
  });
});
