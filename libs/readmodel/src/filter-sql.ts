import { Errors, type ListQuery, type ResourceSpec, type Visibility } from '@muon/contracts';
import { attributeAccess } from './attribute-access.js';
import { SUBSTRING_FILTER_SUFFIX } from './attribute-kind.js';
import type { BindParams } from './bind-params.js';
import { callerFlagFilterSql } from './caller-body-sql.js';
import { CHANGED_SINCE, parseChangedSince } from './changed-since.js';


const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A ListQuery's filters and tag filters as SQL conditions on document table alias `alias`, ANDed by
 * the caller. Each attribute's values OR through `body @> ANY(array of patterns)`, which the body's GIN
 * (jsonb_path_ops) index answers with one bitmap scan per pattern. The owner re-checks every name
 * against the spec: names reach SQL only inside JSON parameters, and only if the spec declares them.
 */
export function filterConditions(
  spec: ResourceSpec, query: ListQuery, visibility: Visibility, params: BindParams, alias: string,
): string[] {
  const hidden = visibility.hiddenAttributes ?? [];
  const access = attributeAccess(spec);
  const invalid = (name: string) => Errors.badRequest(`"${name}" is not a valid filter for ${spec.collection}`);
  const conditions: string[] = [];
  for (const [name, values] of Object.entries(query.filters ?? {})) {
    if (name === CHANGED_SINCE && !access.attribute(name) && access.attribute('updated_at') && !hidden.includes('updated_at')) {
      if (!Array.isArray(values) || values.length === 0) throw invalid(name);
      conditions.push(`${alias}.updated_at >= ${params.add(parseChangedSince(String(values[0])), 'timestamptz')}`);
      continue;
    }
    if (!access.attribute(name) || hidden.includes(name) || !Array.isArray(values)) throw invalid(name);
    const flag = callerFlagFilterSql(name, values, visibility, params, alias);
    if (flag !== null) {
      conditions.push(flag);
      continue;
    }
    const kind = access.kind(name);
    if (kind.kind === 'objectList') {
      conditions.push(...objectListConditions(name, values, kind.keys, params, alias, invalid));
      continue;
    }
    // A list attribute matches when it contains the value: {"security_groups": ["sg"]}.
    const patterns = values.map((v) => JSON.stringify({ [name]: kind.kind === 'list' ? [v] : v }));
    conditions.push(`${alias}.body @> any(${params.add(patterns, 'jsonb[]')})`);
  }
  conditions.push(...tagConditions(spec, query.tags, hidden, params, alias, invalid));
  return conditions;
}

/**
 * Neutron's `fixed_ips=ip_address=…&fixed_ips=subnet_id=…`: each key is its own "some element
 * matches" condition (values of one key OR, different keys AND), exactly as Neutron's port query
 * applies one EXISTS per key. `<key>_substr` matches part of a string key (ip-substring-filtering).
 */
function objectListConditions(
  name: string, values: unknown[], keys: Record<string, string>, params: BindParams, alias: string,
  invalid: (name: string) => Error,
): string[] {
  const byKey = new Map<string, unknown[]>();
  for (const value of values) {
    const entries = isPlainObject(value) ? Object.entries(value) : [];
    if (entries.length !== 1) throw invalid(name);
    const [key, v] = entries[0]!;
    byKey.set(key, [...(byKey.get(key) ?? []), v]);
  }
  const conditions: string[] = [];
  for (const [key, vals] of byKey) {
    if (Object.hasOwn(keys, key)) {
      const patterns = vals.map((v) => JSON.stringify({ [name]: [{ [key]: v }] }));
      conditions.push(`${alias}.body @> any(${params.add(patterns, 'jsonb[]')})`);
      continue;
    }
    const base = key.endsWith(SUBSTRING_FILTER_SUFFIX) ? key.slice(0, -SUBSTRING_FILTER_SUFFIX.length) : '';
    if (!base || !Object.hasOwn(keys, base) || keys[base] !== 'string') throw invalid(`${name}=${key}`);
    const list = `${alias}.body -> ${params.add(name, 'text')}`;
    // strpos, not LIKE: a client's "%" or "_" is a character to find, not a wildcard.
    conditions.push(`exists (select 1
        from jsonb_array_elements(case jsonb_typeof(${list}) when 'array' then ${list} end) as e(v),
             unnest(${params.add(vals.map(String), 'text[]')}) as s(part)
       where strpos(e.v ->> ${params.add(base, 'text')}, s.part) > 0)`);
  }
  return conditions;
}

/** tags (all of), tags-any, not-tags (not all of), not-tags-any (none of), as containment on body.tags. */
function tagConditions(
  spec: ResourceSpec, tags: ListQuery['tags'], hidden: readonly string[], params: BindParams, alias: string,
  invalid: (name: string) => Error,
): string[] {
  if (!tags) return [];
  const given = (list: unknown): list is string[] => Array.isArray(list) && list.length > 0;
  const { all, any, notAll, notAny } = tags;
  if (![all, any, notAll, notAny].some(given)) return [];
  if (!spec.taggable || hidden.includes('tags')) throw invalid('tags');
  const allOf = (list: string[]) => `${alias}.body @> ${params.add(JSON.stringify({ tags: list.map(String) }), 'jsonb')}`;
  const anyOf = (list: string[]) =>
    `${alias}.body @> any(${params.add(list.map((t) => JSON.stringify({ tags: [String(t)] })), 'jsonb[]')})`;
  const conditions: string[] = [];
  if (given(all)) conditions.push(allOf(all));
  if (given(any)) conditions.push(anyOf(any));
  if (given(notAll)) conditions.push(`not (${allOf(notAll)})`);
  if (given(notAny)) conditions.push(`not (${anyOf(notAny)})`);
  return conditions;
}
