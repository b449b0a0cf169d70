import type { InlineProjection } from './inline-projection.js';
import { cursorOf, readCommittedAfter, START_OF_LOG } from './read-all.js';
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
 * and replays the whole log through `apply` in log order. Runs inside the caller's transaction; the
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
  let cursor = START_OF_LOG;
  let events = 0;
  for (;;) {
    const page = await readCommittedAfter(sql, tables, { after: cursor, limit: REPLAY_PAGE });
    for (const event of page) {
      for (const projection of projections) await projection.apply(tx, event);
    }
    events += page.length;
    if (page.length < REPLAY_PAGE) break;
    cursor = cursorOf(page[page.length - 1]!);
  }
  return { events, projections: projections.map((projection) => projection.name), tables: owned };
}
