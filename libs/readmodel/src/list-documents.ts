import { Errors, type ListQuery, type ResourceSpec, type Visibility } from '@muon/contracts';
import { getDocument } from './get-document.js';
import { buildListSql } from './list-sql.js';
import { ListParts } from './list-parts.js';
import type { PageSummary } from './page-links.js';
import type { ReadModelDb } from './query-fn.js';

/**
 * Bytes per part of a list: far below NATS's 1 MB limit, and small enough that most parts arrive
 * within one 64 KiB socket read, which nats.js hands over without copying; a larger message is
 * gathered into a buffer that grows and copies. A list of 5,000 ports through the gateway took
 * 88 ms (p50) with 16 KiB parts, 98 with 32, 112 with 64 and 129 with 256 (docs/benchmarks.md).
 */
export const DEFAULT_PART_BYTES = 16 * 1024;
/** Rows per fetch from PostgreSQL's portal: what the owner holds of a list at one time. */
export const DEFAULT_BATCH_ROWS = 500;

/** What the requester needs besides the items: their number, and the page's ends for links. */
export interface ListSummary extends PageSummary {
  count: number;
}

export interface ListDocumentsOptions {
  partBytes?: number;
  batchRows?: number;
}

/**
 * Answers a list from a document table (the owner's side of `muon.qry.<svc>.<res>.list`): one
 * statement, read in batches, each document's JSON text (made by PostgreSQL for this caller) packed
 * into parts that `sendPart` gets in the requested order; the summary is returned last. A marker
 * that does not exist or is not visible is a 404, as for Neutron's networks, subnets and ports, and
 * it is told before any part is sent. The row beyond the limit only says that more rows follow.
 */
export async function listDocuments(
  db: ReadModelDb, table: string, spec: ResourceSpec, query: ListQuery, visibility: Visibility,
  sendPart: (bytes: Uint8Array) => void, options: ListDocumentsOptions = {},
): Promise<ListSummary> {
  const { sql, params, limit } = buildListSql(table, spec, query, visibility);
  // The marker as a show would find it (fields=[]: nothing rendered), so an unseen one is a 404 too.
  if (query.marker !== undefined && (await getDocument(db.query, table, query.marker, visibility, [])) === null) {
    throw Errors.notFound(spec.member, query.marker);
  }
  const parts = new ListParts(options.partBytes ?? DEFAULT_PART_BYTES, sendPart);
  const summary: ListSummary = { count: 0, firstId: null, lastId: null, hasMore: false };
  for await (const rows of db.stream(sql, params, options.batchRows ?? DEFAULT_BATCH_ROWS)) {
    for (const row of rows) {
      // Read forwards, the extra row comes last; read backwards, it comes first, numbered past the limit.
      const beyond = limit !== null && (row.rn === undefined ? summary.count === limit : Number(row.rn) > limit);
      if (beyond) {
        summary.hasMore = true;
        continue;
      }
      parts.add(row.doc as string);
      summary.firstId ??= row.id as string;
      summary.lastId = row.id as string;
      summary.count++;
    }
  }
  parts.flush();
  return summary;
}
