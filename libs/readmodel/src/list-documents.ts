import { Errors, type ListPage, type ListQuery, type ResourceSpec, type Visibility } from '@muon/contracts';
import { buildListSql } from './list-sql.js';
import type { QueryFn } from './query-fn.js';

/**
 * Default byte budget of one chunk's items. NATS refuses messages over 1 MB by default; half of that
 * leaves room for the reply envelope and for documents larger than expected.
 */
export const DEFAULT_CHUNK_BYTES = 512 * 1024;

/** Row 0 of buildListSql's answer. */
interface ChunkSummary {
  count: number;
  fetched: number;
  readFirstId: string | null;
  readLastId: string | null;
  markerRows: number | null;
}

export interface ListDocumentsOptions {
  /** Most bytes of item JSON per call; see DEFAULT_CHUNK_BYTES. */
  maxBytes?: number;
}

/**
 * Answers one chunk of a list from a document table (the owner's side of `muon.qry.<svc>.<res>.list`).
 * At most `chunkLimit` rows (and `maxBytes` of JSON) per call, so one reply stays small; `hasMore`
 * says more rows follow in the direction read, and the gateway continues from `lastId` (or from
 * `firstId` with page_reverse). A marker that does not exist or is not visible is a 404, as for
 * Neutron's networks, subnets and ports. The items are JSON text made by PostgreSQL: Node never
 * parses or re-serialises a document, it only joins the few pieces PostgreSQL made.
 */
/**
 * A whole-collection read, paged or not: its statement has a handful of texts (with or without a
 * marker, each direction), so it is worth preparing. Planning one chunk of ports took ≈ 26 ms, more
 * than running it (docs/benchmarks.md). Filters, fields and sort keys make texts without bound.
 */
function isCommonShape(query: ListQuery): boolean {
  const tags = query.tags ?? {};
  return Object.keys(query.filters ?? {}).length === 0 && Object.values(tags).every((t) => !t || t.length === 0)
    && query.fields === undefined && query.sort.length <= 1;
}

export async function listDocuments(
  q: QueryFn, table: string, spec: ResourceSpec, query: ListQuery, visibility: Visibility, chunkLimit: number,
  options: ListDocumentsOptions = {},
): Promise<ListPage> {
  if (!Number.isInteger(chunkLimit) || chunkLimit < 1 || chunkLimit > 2 ** 31 - 2) throw new Error(`chunkLimit must be a positive integer, not ${chunkLimit}`);
  const maxBytes = options.maxBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes < 1 || maxBytes > 2 ** 31 - 1) throw new Error(`maxBytes must be a positive 32-bit integer, not ${maxBytes}`);
  const { sql, params, readBackwards } = buildListSql(table, spec, query, visibility, { chunkLimit, maxBytes });
  const rows = await q(sql, params, { prepare: isCommonShape(query) });
  const summary = JSON.parse(String(rows[0]?.text)) as ChunkSummary;
  if (query.marker !== undefined && summary.markerRows === 0) throw Errors.notFound(spec.member, query.marker);
  const pieces = rows.slice(1).map((r) => r.text as string);
  if (readBackwards) pieces.reverse();
  return {
    itemsJson: `[${pieces.join(',')}]`,
    count: summary.count,
    firstId: readBackwards ? summary.readLastId : summary.readFirstId,
    lastId: readBackwards ? summary.readFirstId : summary.readLastId,
    hasMore: summary.fetched > summary.count,
  };
}
