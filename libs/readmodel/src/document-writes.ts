import { uuidString } from '@muon/contracts';
import { quoteTableName } from './document-table.js';
import type { QueryFn } from './query-fn.js';

/** A resource as Neutron shows it; `id` is required, `project_id` and the timestamps are copied into columns. */
export type ResourceDocument = Record<string, unknown> & { id: string };

/**
 * Inserts or replaces documents (an inline projection's write). The columns are derived from the body
 * by PostgreSQL, so they can never disagree with it. One statement however many documents.
 */
export async function putDocuments(q: QueryFn, table: string, docs: readonly (ResourceDocument | string)[]): Promise<void> {
  if (docs.length === 0) return;
  const json = `[${docs.map((d) => (typeof d === 'string' ? d : JSON.stringify(d))).join(',')}]`;
  await q(
    `insert into ${quoteTableName(table)} as t (id, project_id, body, created_at, updated_at)
     select (d ->> 'id')::uuid, coalesce(d ->> 'project_id', ''), d,
            nullif(d ->> 'created_at', '')::timestamptz, nullif(d ->> 'updated_at', '')::timestamptz
       from jsonb_array_elements($1::jsonb) as d
     on conflict (id) do update
       set project_id = excluded.project_id, body = excluded.body,
           created_at = excluded.created_at, updated_at = excluded.updated_at`,
    [json],
  );
}

/** Removes a document; returns whether it existed. */
export async function deleteDocument(q: QueryFn, table: string, id: string): Promise<boolean> {
  if (!uuidString.safeParse(id).success) return false;
  const rows = await q(`delete from ${quoteTableName(table)} where id = $1::uuid returning id`, [id]);
  return rows.length > 0;
}
