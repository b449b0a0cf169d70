import type { Visibility } from '@muon/contracts';
import type { BindParams } from './bind-params.js';
import { quoteTableName } from './document-table.js';

type CallerFlag = NonNullable<Visibility['trueForCallerThrough']>[number];

/** Whether a row of the flag's table names document `id` for this caller (a policy sharing it with the caller's project). */
function namedThroughSql(flag: CallerFlag, id: string, params: BindParams): string {
  const patterns = flag.matchAny.map((m) => JSON.stringify(m));
  return `${id} in (select (g.body ->> ${params.add(flag.idAttribute, 'text')})::uuid from ${quoteTableName(flag.table)} g
                     where g.body @> ANY(${params.add(patterns, 'jsonb[]')}))`;
}

const flagsOf = (visibility: Visibility): CallerFlag[] => (visibility.trueForCallerThrough ?? []).filter((f) => f.matchAny.length > 0);

/**
 * SQL for a document as this caller reads it, before projection: each `trueForCallerThrough`
 * attribute set to true where a row of its table names the document (a network shared with the
 * caller's project alone). `body` and `id` are the row's body and id expressions.
 */
export function callerBodySql(body: string, id: string, visibility: Visibility, params: BindParams): string {
  let out = body;
  for (const flag of flagsOf(visibility)) {
    out = `(case when ${namedThroughSql(flag, id, params)}
             then jsonb_set(${out}, ${params.add([flag.attribute], 'text[]')}, 'true'::jsonb) else ${out} end)`;
  }
  return out;
}

/**
 * A filter on a `trueForCallerThrough` attribute, as the caller reads it (`?shared=true` lists
 * what is shared with the caller, as Neutron's RBAC-aware filter does); null when the attribute is
 * not such a flag or both values are asked for.
 */
export function callerFlagFilterSql(name: string, values: unknown[], visibility: Visibility, params: BindParams, alias: string): string | null {
  const flag = flagsOf(visibility).find((f) => f.attribute === name);
  if (!flag) return null;
  const isTrue = `(${alias}.body @> ${params.add(JSON.stringify({ [name]: true }), 'jsonb')} or ${namedThroughSql(flag, `${alias}.id`, params)})`;
  const wantTrue = values.includes(true);
  const wantFalse = values.includes(false);
  if (wantTrue && wantFalse) return 'true';
  return wantTrue ? isTrue : `not ${isTrue}`;
}
