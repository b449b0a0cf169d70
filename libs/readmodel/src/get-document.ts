import { uuidString, type Visibility } from '@muon/contracts';
import { BindParams } from './bind-params.js';
import { callerBodySql } from './caller-body-sql.js';
import { quoteTableName } from './document-table.js';
import { projectionSql } from './projection-sql.js';
import type { QueryFn } from './query-fn.js';
import { visibilityCondition } from './visibility-sql.js';

/**
 * One document as the caller may see it (GET /v2.0/<collection>/<id>), as JSON text made by
 * PostgreSQL; null when it does not exist or is not visible, which the caller answers with
 * `<Resource>NotFound` either way so that other projects' ids are not disclosed.
 */
export async function getDocument(
  q: QueryFn, table: string, id: string, visibility: Visibility, fields?: string[],
): Promise<string | null> {
  if (!uuidString.safeParse(id).success) return null;
  const params = new BindParams();
  const conditions = [`t.id = ${params.add(id, 'uuid')}`];
  const visible = visibilityCondition(visibility, params, 't');
  if (visible) conditions.push(visible);
  const doc = projectionSql(() => callerBodySql('t.body', 't.id', visibility, params), fields, visibility.hiddenAttributes ?? [], params);
  const rows = await q(`select (${doc})::text as doc from ${quoteTableName(table)} t where ${conditions.join(' and ')}`, params.values);
  return rows.length > 0 ? (rows[0]!.doc as string) : null;
}
