import type { Visibility } from '@muon/contracts';
import type { BindParams } from './bind-params.js';
import { quoteTableName } from './document-table.js';

/**
 * The rows a caller may see, as a condition on document table alias `alias`: its own project's rows,
 * plus rows of other projects that match one of `alsoVisibleWhen` (a shared subnet pool) or that a
 * row of another table names (`alsoVisibleThrough`: an RBAC policy targeting the caller). Both extra
 * kinds are found by containment, so the bodies' GIN indexes serve them. Null when the caller sees
 * everything.
 */
export function visibilityCondition(visibility: Visibility, params: BindParams, alias: string): string | null {
  if (visibility.projectId === null) return null;
  const terms = [`${alias}.project_id = ${params.add(visibility.projectId, 'text')}`];
  const also = visibility.alsoVisibleWhen ?? [];
  if (also.length > 0) {
    const patterns = also.map((a) => JSON.stringify({ [a.attribute]: a.value }));
    terms.push(`${alias}.body @> ANY(${params.add(patterns, 'jsonb[]')})`);
  }
  for (const through of visibility.alsoVisibleThrough ?? []) {
    if (through.matchAny.length === 0) continue;
    const patterns = through.matchAny.map((m) => JSON.stringify(m));
    terms.push(`${alias}.id in (select (g.body ->> ${params.add(through.idAttribute, 'text')})::uuid from ${quoteTableName(through.table)} g
                where g.body @> ANY(${params.add(patterns, 'jsonb[]')}))`);
  }
  return terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`;
}
