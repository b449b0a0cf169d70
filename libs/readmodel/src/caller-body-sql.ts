import type { Visibility } from '@muon/contracts';
import type { BindParams } from './bind-params.js';
import { quoteTableName } from './document-table.js';

/**
 * SQL for a document as this caller reads it, before projection: each `trueForCallerThrough`
 * attribute set to true where a row of its table names the document (a network shared with the
 * caller's project alone). `body` and `id` are the row's body and id expressions.
 */
export function callerBodySql(body: string, id: string, visibility: Visibility, params: BindParams): string {
  let out = body;
  for (const flag of visibility.trueForCallerThrough ?? []) {
    if (flag.matchAny.length === 0) continue;
    const patterns = flag.matchAny.map((m) => JSON.stringify(m));
    out = `(case when ${id} in (select (g.body ->> ${params.add(flag.idAttribute, 'text')})::uuid from ${quoteTableName(flag.table)} g
                                where g.body @> ANY(${params.add(patterns, 'jsonb[]')}))
             then jsonb_set(${out}, ${params.add([flag.attribute], 'text[]')}, 'true'::jsonb) else ${out} end)`;
  }
  return out;
}
