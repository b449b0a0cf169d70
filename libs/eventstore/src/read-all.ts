import type { EventEnvelope } from '@muon/contracts';
import { ENVELOPE_COLUMNS, envelopeFromRow, type EventRow } from './event-rows.js';
import type { SqlExecutor } from './sql-executor.js';
import type { StoreTables } from './store-tables.js';

/** Where a reader of the global log stands: the last event it has seen. */
export interface LogCursor {
  transactionId: string;
  position: string;
}

export const START_OF_LOG: LogCursor = { transactionId: '0', position: '0' };

export const cursorOf = (event: EventEnvelope): LogCursor => ({
  transactionId: event.transactionId,
  position: event.position,
});

export interface ReadAllOptions {
  after?: LogCursor | null;
  limit: number;
}

/**
 * One page of the global log in (transaction_id, position) order, holding back every event of a
 * transaction that is not older than the oldest one still running. Positions come from a sequence,
 * so a later position can commit before an earlier one; transaction ids below the snapshot's xmin
 * belong only to finished transactions, and any transaction that commits later has an id >= xmin,
 * which sorts after everything handed out. A reader that follows the cursor therefore never skips an
 * event that committed late (Emmett's approach; Marten's fixed wait can skip).
 */
export function readAllAfter(sql: SqlExecutor, tables: StoreTables, options: ReadAllOptions): Promise<EventEnvelope[]> {
  return readPage(sql, tables, options, 'and e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())');
}

/**
 * Everything committed, ungated: only for a rebuild, which replays inside one transaction that
 * already keeps concurrent writers off the read model by truncating its tables first.
 */
export function readCommittedAfter(sql: SqlExecutor, tables: StoreTables, options: ReadAllOptions): Promise<EventEnvelope[]> {
  return readPage(sql, tables, options, '');
}

async function readPage(sql: SqlExecutor, tables: StoreTables, options: ReadAllOptions, gate: string): Promise<EventEnvelope[]> {
  const after = options.after ?? START_OF_LOG;
  // Columns are qualified: the select list re-exports transaction_id and position as text, and an
  // unqualified ORDER BY would sort by those text aliases ('10' < '9').
  const { rows } = await sql.query<EventRow>(
    `select ${ENVELOPE_COLUMNS} from ${tables.events} e
      where (e.transaction_id, e.position) > ($1::text::xid8, $2::bigint) ${gate}
      order by e.transaction_id, e.position
      limit $3`,
    [after.transactionId, after.position, options.limit],
  );
  return rows.map(envelopeFromRow);
}

/**
 * Committed events in append order (position), for replays inside one transaction. A transaction
 * that waited on another's row (a unique reservation, a row lock) appends after that one committed,
 * so append order respects every such dependency; transaction-id order does not, because an id is
 * taken at a transaction's first write, possibly long before it waited.
 */
export async function readInAppendOrder(sql: SqlExecutor, tables: StoreTables, afterPosition: string, limit: number): Promise<EventEnvelope[]> {
  const { rows } = await sql.query<EventRow>(
    `select ${ENVELOPE_COLUMNS} from ${tables.events} e where e.position > $1::bigint order by e.position limit $2`,
    [afterPosition, limit],
  );
  return rows.map(envelopeFromRow);
}
