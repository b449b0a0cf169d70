import type { ListQuery, ResourceSpec, Visibility } from '@muon/contracts';
import { getDocument } from './get-document.js';
import { listDocuments } from './list-documents.js';
import type { QueryFn } from './query-fn.js';

/**
 * Rows and bytes per reply: the gateway asks again for more, so one NATS message stays under the
 * server's default 1 MB whatever the list (DESIGN.md §2). The items travel as raw text (never
 * escaped inside another JSON string), so nearly all of the megabyte is usable; fewer, larger
 * chunks mean fewer statements to plan per list.
 */
const CHUNK_ROWS = 2000;
const CHUNK_BYTES = 900 * 1024;

/**
 * An owner's answer to `muon.qry.<svc>.<resource>.list|get` over the resource's document table,
 * as text that goes out unparsed: "<page meta>\n<items array>" for a list, the document for a show
 * (`notFound` when the caller may not see it). Null for any other verb.
 */
export async function documentQueryReply(
  q: QueryFn, spec: ResourceSpec, verb: string, req: { id?: string; query?: ListQuery }, visibility: Visibility, notFound: (id: string) => Error,
): Promise<string | null> {
  if (verb === 'list' && req.query) {
    const { itemsJson, ...meta } = await listDocuments(q, spec.collection, spec, req.query, visibility, CHUNK_ROWS, { maxBytes: CHUNK_BYTES });
    return `${JSON.stringify(meta)}\n${itemsJson}`;
  }
  if (verb === 'get' && req.id) {
    const doc = await getDocument(q, spec.collection, req.id, visibility, req.query?.fields);
    if (doc === null) throw notFound(req.id);
    return doc;
  }
  return null;
}
