import type { Visibility } from '@muon/contracts';
import type { BindParams } from './bind-params.js';

/**
 * The rows a caller may see, as a condition on document table alias `alias`: its own project's rows,
 * plus rows of other projects that match one of `alsoVisibleWhen` (a shared network). The extra rows
 * are found by containment, so the body's GIN index serves them. Null when the caller sees everything.
 */
export function visibilityCondition(visibility: Visibility, params: BindParams, alias: string): string | null {
  if (visibility.projectId === null) return null;
  const own = `${alias}.project_id = ${params.add(visibility.projectId, 'text')}`;
  const also = visibility.alsoVisibleWhen ?? [];
  if (also.length === 0) return own;
  const patterns = also.map((a) => JSON.stringify({ [a.attribute]: a.value }));
  return `(${own} OR ${alias}.body @> ANY(${params.add(patterns, 'jsonb[]')}))`;
}
