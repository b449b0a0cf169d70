import type { InlineProjection } from './inline-projection.js';
import { readInAppendOrder } from './read-all.js';
import type { SqlExecutor } from './sql-executor.js';
import { quoteTableName, type StoreTables } from './store-tables.js';
import type { StoreTransaction } from './transaction.js';

export interface RebuildReport {
  events: number;
  projections: string[];
  tables: string[];
}

const REPLAY_PAGE = 1000;

/**
 * Truncates every projection's tables (RESTART IDENTITY, so generated ids come out the same again)
 * and replays the whole log through `apply` in append order. Runs inside the caller's transaction; the
 * truncate's lock makes concurrent appenders wait until the rebuilt tables are committed.
 */
export async function rebuildInlineProjections(
  sql: SqlExecutor,
  tables: StoreTables,
  projections: readonly InlineProjection[],
  tx: StoreTransaction,
): Promise<RebuildReport> {
  const owned = [...new Set(projections.flatMap((projection) => projection.tables))];
  if (owned.length > 0) await sql.query(`truncate ${owned.map(quoteTableName).join(', ')} restart identity`);
  // Append order, not the gap-safe (transaction id, position) order of live readers: a rebuild must
  // re-live the reservations exactly as they happened (see readInAppendOrder).
  let after = '0';
  let events = 0;
  for (;;) {
    const page = await readInAppendOrder(sql, tables, after, REPLAY_PAGE);
    for (const event of page) {
      for (const projection of projections) await projection.apply(tx, event);
    }
    events += page.length;
    if (page.length < REPLAY_PAGE) break;
    after = page[page.length - 1]!.position;
  }
  return { events, projections: projections.map((projection) => projection.name), tables: owned };
}
