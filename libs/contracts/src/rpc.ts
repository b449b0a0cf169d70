import type { RequestContext } from './context.js';
import type { WireError } from './errors.js';
import type { ListQuery, Visibility } from './list-query.js';

/** Body of a command request `muon.cmd.<svc>.<resource>.<verb>`. */
export interface CommandRequest<B = unknown> {
  /** The command's id: the causation id of the events it appends. */
  commandId: string;
  /**
   * Whether commandId comes from a client's idempotency key (Idempotency-Key / X-Request-Id): only
   * then is the result stored, and a retry with the same id returns it instead of acting twice.
   */
  idempotent?: boolean;
  context: RequestContext;
  /** Resource id for update/delete/actions. */
  id?: string;
  /** Validated attributes (create/update) or action arguments. */
  body?: B;
  /** Expected revision_number from If-Match. */
  ifRevision?: number;
}

/** Body of a query request `muon.qry.<svc>.<resource>.<list|get>`. */
export interface QueryRequest {
  context: RequestContext;
  id?: string;
  query?: ListQuery;
  visibility?: Visibility;
}

export type Reply<T = unknown> = { ok: true; result: T } | { ok: false; error: WireError };
