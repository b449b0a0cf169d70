import { Errors, uuidString, type ListQuery, type ResourceSpec, type Visibility } from '@muon/contracts';
import { attributeAccess } from './attribute-access.js';
import { BindParams } from './bind-params.js';
import { quoteTableName } from './document-table.js';
import { filterConditions } from './filter-sql.js';
import { callerBodySql } from './caller-body-sql.js';
import { projectionSql } from './projection-sql.js';
import { visibilityCondition } from './visibility-sql.js';

export interface ListSqlLimits {
  /** Most rows one call returns. */
  chunkLimit: number;
  /** Most bytes of item JSON one call returns (always at least one row), so a reply fits a NATS message. */
  maxBytes: number;
}

export interface ListSql {
  sql: string;
  params: unknown[];
  /** Rows are read against the requested order (page_reverse): item pieces come last-first and first/last ids swap. */
  readBackwards: boolean;
}

/** One sort key as SQL: its expression on the table row, and the marker CTE's column holding the marker's value. */
interface SortColumn { expr: string; markerColumn: string; descending: boolean }

/**
 * Documents per piece of item text. node-pg receives one large value far more slowly than several
 * medium ones (a 512 KiB chunk as one value took twice as long here), so PostgreSQL joins the
 * documents into pieces of this many and the owner only joins the pieces.
 */
const PIECE_ROWS = 16;

/**
 * One SELECT that answers one chunk of a list: filters, visibility and keyset pagination in SQL,
 * items rendered to JSON text by PostgreSQL. It returns rows `(part, text)`: part 0 is a small JSON
 * summary `{count, fetched, readFirstId, readLastId, markerRows}` — fetched is count + 1 when more rows
 * follow in the direction read, read*Id are the ids of the first and last row in the direction read,
 * markerRows says whether the marker exists and is visible — and parts 1… are the items, each a
 * comma-separated run of documents in the requested order; read backwards, the parts themselves come
 * last-first and the caller reverses them.
 */
export function buildListSql(
  table: string, spec: ResourceSpec, query: ListQuery, visibility: Visibility, limits: ListSqlLimits,
): ListSql {
  const tableSql = quoteTableName(table);
  // The query crossed NATS: check what would otherwise surface as a PostgreSQL error (a 500).
  if (query.limit !== undefined && (!Number.isSafeInteger(query.limit) || query.limit < 0)) {
    throw Errors.badRequest(`limit must be an integer of 0 or more, not '${String(query.limit)}'`);
  }
  if (query.marker !== undefined && !uuidString.safeParse(query.marker).success) {
    throw Errors.notFound(spec.member, String(query.marker));
  }
  const hidden = visibility.hiddenAttributes ?? [];
  const params = new BindParams();
  const readBackwards = query.pageReverse === true;

  const visible = visibilityCondition(visibility, params, 't');
  const where = [...(visible ? [visible] : []), ...filterConditions(spec, query, visibility, params, 't')];

  const columns = sortColumns(spec, query, hidden, params, readBackwards);
  const orderBy = (prefix: string) => columns
    .map((c, i) => `${c.expr === 't.id' ? `${prefix}id` : `${prefix}s${i}`} ${c.descending ? 'desc' : 'asc'}`)
    .join(', ');
  const selectSortValues = columns.map((c, i) => (c.expr === 't.id' ? '' : `, ${c.expr} as s${i}`)).join('');

  const withMarker = query.marker !== undefined;
  let markerCte = '';
  let joinMarker = false;
  if (withMarker) {
    const markerId = params.add(query.marker, 'uuid');
    markerCte = `marker as (
      select t.id${selectSortValues} from ${tableSql} t
       where t.id = ${markerId}${visible ? ` and ${visible}` : ''}
    ),`;
    // The marker's id is compared as the parameter itself, so that `t.id > $n` is an index range
    // scan; only other keys need the marker row's values, and with them a join to it.
    const withIdFromParam = columns.map((c) => (c.expr === 't.id' ? { ...c, markerColumn: markerId } : c));
    joinMarker = columns.some((c) => c.expr !== 't.id');
    where.push(keysetCondition(withIdFromParam));
  }

  const rowCap = Math.min(query.limit || Infinity, limits.chunkLimit);
  const doc = projectionSql(() => callerBodySql('page.body', 'page.id', visibility, params), visibleFields(spec, query.fields), hidden, params);
  const sql = `with ${markerCte}
    page as (
      select t.id, t.body${selectSortValues}
        from ${tableSql} t${joinMarker ? ' cross join marker m' : ''}
       ${where.length > 0 ? `where ${where.join('\n         and ')}` : ''}
       order by ${columns.map((c) => `${c.expr} ${c.descending ? 'desc' : 'asc'}`).join(', ')}
       limit ${params.add(rowCap + 1, 'int')}
    ),
    numbered as (
      select page.id, (${doc})::text as doc, row_number() over (order by ${orderBy('page.')}) as rn
        from page
    ),
    measured as (
      -- each document with the bracket or comma before it; "< maxBytes" leaves room for the closing bracket
      select id, doc, rn, sum(octet_length(doc) + 1) over (order by rn) as bytes from numbered
    ),
    kept as (
      select id, doc, rn from measured
       where rn <= ${params.add(rowCap, 'int')} and (rn = 1 or bytes < ${params.add(limits.maxBytes, 'int')})
    )
    select 0 as part, json_build_object(
             'count', count(*),
             'fetched', (select count(*) from numbered),
             'readFirstId', (array_agg(id::text order by rn asc))[1],
             'readLastId', (array_agg(id::text order by rn desc))[1],
             'markerRows', ${withMarker ? '(select count(*) from marker)' : 'null'})::text as text
      from kept
    union all
    select part, text from (
      select 1 + (rn - 1) / ${PIECE_ROWS} as part, string_agg(doc, ',' order by rn ${readBackwards ? 'desc' : 'asc'}) as text
        from kept group by 1
    ) pieces
    order by part`;
  return { sql, params: params.values, readBackwards };
}

/**
 * Sort keys as SQL. A missing attribute and JSON null both sort as JSON null — the lowest jsonb value,
 * so nulls come first ascending (as on MySQL, Neutron's usual database) and the keyset comparison never
 * meets an SQL NULL. `id` is the uuid column, so the default order is the primary key's and a page is
 * an index range scan.
 */
function sortColumns(
  spec: ResourceSpec, query: ListQuery, hidden: readonly string[], params: BindParams, readBackwards: boolean,
): SortColumn[] {
  const access = attributeAccess(spec);
  const sort = [...(query.sort ?? [])];
  const idAt = sort.findIndex((s) => s.key === 'id');
  // Keys after id can never decide an order; without id, rows with equal keys would page unstably.
  const keys = idAt >= 0 ? sort.slice(0, idAt + 1) : [...sort, { key: 'id', dir: 'asc' as const }];
  return keys.map(({ key, dir }, i) => {
    if (dir !== 'asc' && dir !== 'desc') throw Errors.badRequest(`sort_dir must be 'asc' or 'desc'`);
    const descending = (dir === 'desc') !== readBackwards;
    if (key === 'id') return { expr: 't.id', markerColumn: 'm.id', descending };
    if (!access.attribute(key) || hidden.includes(key)) {
      throw Errors.badRequest(`"${key}" cannot be used as sort_key for ${spec.collection}`);
    }
    return { expr: `coalesce(t.body -> ${params.add(key, 'text')}, 'null'::jsonb)`, markerColumn: `m.s${i}`, descending };
  });
}

/**
 * Rows after the marker in the direction read: (k1 > m1) or (k1 = m1 and k2 > m2) or …, with < for a
 * descending key. An OR-chain rather than a row comparison because directions may differ per key.
 */
function keysetCondition(columns: SortColumn[]): string {
  const terms = columns.map((c, i) => {
    const equalBefore = columns.slice(0, i).map((p) => `${p.expr} = ${p.markerColumn}`);
    return [...equalBefore, `${c.expr} ${c.descending ? '<' : '>'} ${c.markerColumn}`].join(' and ');
  });
  return terms.length === 1 ? terms[0]! : `(${terms.map((t) => `(${t})`).join(' or ')})`;
}

/** Only attributes the spec declares are ever projected. */
function visibleFields(spec: ResourceSpec, fields: string[] | undefined): string[] | undefined {
  return fields?.filter((f) => Object.hasOwn(spec.attributes, f));
}
