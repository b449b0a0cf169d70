import type { ListPage, ListQuery } from '@muon/contracts';
import type { PageSummary } from './page-links.js';

/** Asks the owner for one chunk (a NATS request `muon.qry.<svc>.<resource>.list`). */
export type FetchChunk = (query: ListQuery) => Promise<ListPage>;

export interface ListChunks extends PageSummary {
  /** JSON array texts in the requested order, ready for assembleListBody. */
  chunksJson: string[];
  count: number;
}

/**
 * The gateway's side of chunked lists: asks the owner again and again, each time continuing from the
 * last row it got, until the client's limit is reached or no rows remain. Each reply stays small
 * whatever the size of the list (DESIGN.md §2); chunk sizes are the owner's business. With
 * page_reverse the owner reads backwards, so each further chunk comes before the ones already held.
 */
export async function readListInChunks(query: ListQuery, fetchChunk: FetchChunk): Promise<ListChunks> {
  const reverse = query.pageReverse === true;
  const chunksJson: string[] = [];
  let count = 0;
  let firstId: string | null = null;
  let lastId: string | null = null;
  let marker = query.marker;
  for (;;) {
    const remaining = query.limit ? query.limit - count : undefined;
    const page = await fetchChunk({ ...query, ...(remaining !== undefined ? { limit: remaining } : {}), ...(marker !== undefined ? { marker } : {}) });
    if (page.count > 0) {
      if (reverse) {
        chunksJson.unshift(page.itemsJson);
        firstId = page.firstId;
        lastId ??= page.lastId;
      } else {
        chunksJson.push(page.itemsJson);
        firstId ??= page.firstId;
        lastId = page.lastId;
      }
      count += page.count;
    }
    const next = reverse ? page.firstId : page.lastId;
    const limitReached = query.limit !== undefined && count >= query.limit;
    if (!page.hasMore || limitReached || page.count === 0 || next === null) {
      return { chunksJson, count, firstId, lastId, hasMore: page.hasMore };
    }
    marker = next;
  }
}
