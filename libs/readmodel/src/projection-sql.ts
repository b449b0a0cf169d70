import type { BindParams } from './bind-params.js';

/**
 * SQL for the document a caller receives, built from the body expression `bodySql` makes: attributes hidden
 * from the caller removed, and with `fields` only the requested keys that the document has (Neutron
 * leaves an unknown field out rather than answering null for it). `fields` = [] gives `{}`.
 */
export function projectionSql(bodySql: () => string, fields: readonly string[] | undefined, hidden: readonly string[], params: BindParams): string {
  const keys = fields?.filter((f) => !hidden.includes(f));
  if (keys?.length === 0) return `'{}'::jsonb`;
  // Built only when used: a body expression adds bind parameters, and an unused one is an error.
  const body = bodySql();
  if (keys === undefined) return hidden.length === 0 ? body : `(${body} - ${params.add([...hidden], 'text[]')})`;
  return `(select coalesce(jsonb_object_agg(f.k, ${body} -> f.k), '{}'::jsonb)
             from unnest(${params.add(keys, 'text[]')}) as f(k) where ${body} -> f.k is not null)`;
}
