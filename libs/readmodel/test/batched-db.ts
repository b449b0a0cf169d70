import type { QueryFn, ReadModelDb } from '../src/query-fn.js';

/**
 * A ReadModelDb over a plain query function for tests: a stream runs its statement whole and hands
 * the rows over in batches of the size asked for, as a portal would.
 */
export function batchedDb(q: QueryFn): ReadModelDb {
  return {
    query: q,
    async *stream(sql, params, batchRows) {
      const rows = await q(sql, params);
      for (let i = 0; i < rows.length; i += batchRows) yield rows.slice(i, i + batchRows);
    },
  };
}
