import { Errors, uuidString, type ListQuery, type ResourceSpec, assertStorableJson } from '@muon/contracts';
import { attributeAccess, type AttributeAccess } from './attribute-access.js';
import { SUBSTRING_FILTER_SUFFIX, type ScalarKind } from './attribute-kind.js';
import { CHANGED_SINCE, parseChangedSince } from './changed-since.js';

export type RawQuery = Record<string, string | string[] | undefined>;

export interface ParseListOptions {
  /** Attributes the caller may not see (the policy table's `get_<member>:<attr>` rules). */
  hiddenAttributes: readonly string[];
  /** Neutron's `pagination_max_limit`: a larger (or no) limit is cut to this. Unset = unbounded. */
  maxLimit?: number;
}

/** Query parameters that steer the list rather than filter it. */
const CONTROL_PARAMS = new Set(['fields', 'sort_key', 'sort_dir', 'limit', 'marker', 'page_reverse']);

/** The standard-attr tag extension's four filters, and the ListQuery slot each fills. */
const TAG_PARAMS = { 'tags': 'all', 'tags-any': 'any', 'not-tags': 'notAll', 'not-tags-any': 'notAny' } as const;
type TagParam = keyof typeof TAG_PARAMS;
const isTagParam = (key: string): key is TagParam => Object.hasOwn(TAG_PARAMS, key);


const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;

/**
 * Turns a Neutron list request's query string into a ListQuery, with Neutron's semantics: repeated
 * filters OR, different ones AND; values converted to the attribute's type; unknown filters and
 * sort keys rejected (filter-validation, sort-key-validation); `id` ascending is always the last sort
 * key so that keyset pagination is stable. Throws only NeutronError (400, or 404 for a malformed marker).
 */
export function parseListQuery(spec: ResourceSpec, query: RawQuery, opts: ParseListOptions): ListQuery {
  assertStorableJson(query, 'query string');
  const access = attributeAccess(spec, opts.hiddenAttributes);
  const filters: Record<string, unknown[]> = {};
  const tags: NonNullable<ListQuery['tags']> = {};
  const invalid: string[] = [];

  for (const [key, raw] of Object.entries(query)) {
    if (CONTROL_PARAMS.has(key) || raw === undefined) continue;
    const values = valuesOf(raw);
    if (spec.taggable && isTagParam(key)) {
      // "red,blue" and two repeated parameters mean the same set of tags.
      const set = new Set(values.flatMap((v) => v.split(',')));
      if (set.size > 0) tags[TAG_PARAMS[key]] = [...set];
      continue;
    }
    if (key === CHANGED_SINCE && !access.attribute(key) && access.canRead('updated_at')) {
      filters[CHANGED_SINCE] = [parseChangedSince(values[0] ?? '')];
      continue;
    }
    if (!access.canFilter(key)) {
      invalid.push(key);
      continue;
    }
    const converted = convertFilter(access, key, values);
    if (converted.length > 0) filters[key] = converted;
  }
  if (invalid.length > 0) {
    const names = invalid.map((k) => `"${k}"`).join(', ');
    throw Errors.badRequest(invalid.length === 1
      ? `${names} is not a valid filter for ${spec.collection}`
      : `${names} are not valid filters for ${spec.collection}`);
  }

  const result: ListQuery = { filters, sort: parseSort(spec, access, query) };
  if (Object.keys(tags).length > 0) result.tags = tags;
  const fields = parseFields(access, query.fields);
  if (fields) result.fields = fields;

  const limit = parseLimit(query.limit, opts.maxLimit);
  // Like Neutron, marker and page_reverse only mean something on a limited list.
  if (limit !== undefined) {
    result.limit = limit;
    const marker = lastValue(query.marker);
    if (marker) {
      if (!uuidString.safeParse(marker).success) throw Errors.notFound(spec.member, marker);
      result.marker = marker;
    }
    if ((lastValue(query.page_reverse) ?? '').toLowerCase() === 'true') result.pageReverse = true;
  }
  return result;
}

function valuesOf(raw: string | string[]): string[] {
  return (Array.isArray(raw) ? raw : [raw]).map((v) => (typeof v === 'string' ? v : String(v)));
}

/** Single-valued parameters take the last occurrence, as webob's MultiDict does for Neutron. */
function lastValue(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const values = valuesOf(raw);
  return values[values.length - 1];
}

/**
 * Empty values are kept: with Neutron's empty-string-filtering, `?device_id=` matches an empty device_id.
 * For a list of objects (fixed_ips) each value is `key=value`; every value becomes a one-key pattern,
 * patterns with the same key OR and different keys AND, each matched against any element of the list.
 */
function convertFilter(access: AttributeAccess, name: string, values: string[]): unknown[] {
  const kind = access.kind(name);
  switch (kind.kind) {
    case 'scalar': return values.map((v) => convertScalar(name, kind.scalar, v));
    case 'list': return values.map((v) => convertScalar(name, kind.element, v));
    case 'other': return values;
    case 'objectList': {
      // `--fixed-ip` given without a value reaches Neutron as the bare string "True": no filter.
      if (values.length === 1 && values[0] === 'True') return [];
      return values.map((v) => {
        const eq = v.indexOf('=');
        const key = eq < 0 ? '' : v.slice(0, eq).trim();
        if (!key) throw Errors.invalidInput(`'${v}' is not of the form <key>=[value] for ${name}`);
        const value = v.slice(eq + 1).trim();
        if (Object.hasOwn(kind.keys, key)) return { [key]: convertScalar(`${name} ${key}`, kind.keys[key]!, value) };
        const base = key.endsWith(SUBSTRING_FILTER_SUFFIX) ? key.slice(0, -SUBSTRING_FILTER_SUFFIX.length) : '';
        if (base && Object.hasOwn(kind.keys, base) && kind.keys[base] === 'string') return { [key]: value };
        throw Errors.badRequest(`"${key}" is not a valid key for the ${name} filter`);
      });
    }
  }
}

function convertScalar(name: string, kind: ScalarKind, value: string): unknown {
  switch (kind) {
    case 'string':
      return value;
    case 'boolean': {
      // Neutron's convert_to_boolean: true/false in any case, or 1/0.
      const v = value.toLowerCase();
      if (v === 'true' || v === '1') return true;
      if (v === 'false' || v === '0') return false;
      throw Errors.invalidInput(`'${value}' is not a boolean value for ${name}`);
    }
    case 'integer':
      if (!INTEGER_TEXT.test(value)) throw Errors.invalidInput(`'${value}' is not an integer value for ${name}`);
      return Number(value);
    case 'number': {
      const n = value.trim() === '' ? NaN : Number(value);
      if (!Number.isFinite(n)) throw Errors.invalidInput(`'${value}' is not a number value for ${name}`);
      return n;
    }
  }
}

function parseSort(spec: ResourceSpec, access: AttributeAccess, query: RawQuery): ListQuery['sort'] {
  const keys = query.sort_key === undefined ? [] : valuesOf(query.sort_key).filter((v) => v !== '');
  const dirs = query.sort_dir === undefined ? [] : valuesOf(query.sort_dir).filter((v) => v !== '');
  if (keys.length !== dirs.length) {
    throw Errors.badRequest('sort_key and sort_dir must be given the same number of times');
  }
  const badKeys = keys.filter((k) => !access.canSort(k));
  if (badKeys.length > 0) {
    throw Errors.badRequest(`${badKeys.map((k) => `"${k}"`).join(', ')} cannot be used as sort_key for ${spec.collection}`);
  }
  const badDirs = dirs.filter((d) => d !== 'asc' && d !== 'desc');
  if (badDirs.length > 0) {
    throw Errors.badRequest(`sort_dir must be 'asc' or 'desc', not ${badDirs.map((d) => `'${d}'`).join(', ')}`);
  }
  const sort: ListQuery['sort'] = [];
  const seen = new Set<string>();
  for (const [i, key] of keys.entries()) {
    if (seen.has(key)) continue;
    seen.add(key);
    sort.push({ key, dir: dirs[i] as 'asc' | 'desc' });
    // id is unique: keys after it could never decide an order.
    if (key === 'id') return sort;
  }
  sort.push({ key: 'id', dir: 'asc' });
  return sort;
}

/** Neutron drops empty `fields=` values and ignores names it does not know; `fields=` alone means all. */
function parseFields(access: AttributeAccess, raw: string | string[] | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const asked = [...new Set(valuesOf(raw).filter((v) => v !== ''))];
  if (asked.length === 0) return undefined;
  return asked.filter((name) => access.canRead(name));
}

function parseLimit(raw: string | string[] | undefined, maxLimit: number | undefined): number | undefined {
  const text = lastValue(raw);
  let limit = 0;
  if (text !== undefined) {
    if (!INTEGER_TEXT.test(text) || Number(text) < 0) {
      throw Errors.badRequest(`limit must be an integer of 0 or more, not '${text}'`);
    }
    limit = Math.min(Number(text), Number.MAX_SAFE_INTEGER);
  }
  if (maxLimit !== undefined && maxLimit > 0) limit = Math.min(maxLimit, limit) || maxLimit;
  return limit > 0 ? limit : undefined;
}
