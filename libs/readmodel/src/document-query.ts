import type { ListQuery, ResourceSpec, Visibility } from '@muon/contracts';
import { getDocument } from './get-document.js';
import { listDocuments } from './list-documents.js';
import type { ReadModelDb } from './query-fn.js';

/**
 * An owner's answer to `muon.qry.<svc>.<resource>.list|get` over the resource's document table,
 * as text that goes out unparsed: for a list, the items go ahead in parts (`sendPart`) and the answer
 * is the list's summary as JSON (see ListSummary); for a show, the document (`notFound` when the
 * caller may not see it). Null for any other verb.
 */
export async function documentQueryReply(
  db: ReadModelDb, spec: ResourceSpec, verb: string, req: { id?: string; query?: ListQuery }, visibility: Visibility,
  notFound: (id: string) => Error, sendPart: (bytes: Uint8Array) => void,
): Promise<string | null> {
  if (verb === 'list' && req.query) {
    return JSON.stringify(await listDocuments(db, spec.collection, spec, req.query, visibility, sendPart));
  }
  if (verb === 'get' && req.id) {
    const doc = await getDocument(db.query, spec.collection, req.id, visibility, req.query?.fields);
    if (doc === null) throw notFound(req.id);
    return doc;
  }
  return null;
}
