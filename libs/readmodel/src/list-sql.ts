import { Errors, uuidString, type ListQuery, type ResourceSpec, type Visibility } from '@muon/contracts';
import { attributeAccess } from './attribute-access.js';
import { BindParams } from './bind-params.js';
import { quoteTableName } from './document-table.js';
import { filterConditions } from './filter-sql.js';
import { callerBodySql } from './caller-body-sql.js';
import { projectionSql } from './projection-sql.js';
import { visibilityCondition } from './visibility-sql.js';

export interface ListSql {
  sql: string;
  params: unknown[];
  /**
   * The most rows the caller asked for, or null for all. The statement returns one row more when more
   * follow, which the reader leaves out: the last row, or with page_reverse the one whose `rn` exceeds it.
   */
  limit: number | null;
}

/** One sort key as SQL: its expression on the table row, and the marker CTE's column holding the marker's value. */
interface SortColumn { expr: string; markerColumn: string; descending: boolean }

/**
 * One SELECT that answers a whole list in the requested order: rows `(id, doc[, rn])`, each document
 * rendered to JSON text by PostgreSQL for this caller. Filters, visibility and keyset pagination
 * apply to the table's rows, and only ids and sort values are ordered: a sort never carries the
 * documents, which spilled a 5,000-port list to disk (4 MB against work_mem's 4 MB). Each document
 * is rendered by a scalar subquery on the primary key after the order is fixed, so the plan is the
 * same whatever the statistics say. With page_reverse the rows are read backwards, limited, then
 * put back in the requested order by a middle query; the documents are rendered above it, which
 * keeps that order (the outermost query has no ORDER BY of its own so that nothing re-sorts the
 * rendered text). `rn` numbers the rows in the order read, so the row beyond the limit can be told.
 */
export function buildListSql(table: string, spec: ResourceSpec, query: ListQuery, visibility: Visibility): ListSql {
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
  const limit = query.limit || null;

  const visible = visibilityCondition(visibility, params, 't');
  const where = [...(visible ? [visible] : []), ...filterConditions(spec, query, visibility, params, 't')];

  const columns = sortColumns(spec, query, hidden, params, readBackwards);
  const selectSortValues = columns.map((c, i) => (c.expr === 't.id' ? '' : `, ${c.expr} as s${i}`)).join('');

  let markerCte = '';
  let joinMarker = false;
  if (query.marker !== undefined) {
    const markerId = params.add(query.marker, 'uuid');
    markerCte = `with marker as (
      select t.id${selectSortValues} from ${tableSql} t
       where t.id = ${markerId}${visible ? ` and ${visible}` : ''}
    )`;
    // The marker's id is compared as the parameter itself, so that `t.id > $n` is an index range
    // scan; only other keys need the marker row's values, and with them a join to it.
    const withIdFromParam = columns.map((c) => (c.expr === 't.id' ? { ...c, markerColumn: markerId } : c));
    joinMarker = columns.some((c) => c.expr !== 't.id');
    where.push(keysetCondition(withIdFromParam));
  }

  const numbered = readBackwards && limit !== null;
  const readOrder = columns.map((c) => `${c.expr} ${c.descending ? 'desc' : 'asc'}`).join(', ');
  const ordered = `${markerCte}
      select t.id${selectSortValues}${numbered ? `, row_number() over (order by ${readOrder}) as rn` : ''}
        from ${tableSql} t${joinMarker ? ' cross join marker m' : ''}
       ${where.length > 0 ? `where ${where.join('\n         and ')}` : ''}
       order by ${readOrder}
       ${limit !== null ? `limit ${params.add(limit + 1, 'bigint')}` : ''}`;
  // Read backwards, the requested order is each key the other way round.
  const requestedOrder = columns.map((c, i) => `${c.expr === 't.id' ? 'r.id' : `r.s${i}`} ${c.descending ? 'asc' : 'desc'}`).join(', ');
  const inRequestedOrder = readBackwards ? `select * from (${ordered}) r order by ${requestedOrder}` : ordered;
  const doc = projectionSql(() => callerBodySql('page.body', 'page.id', visibility, params), visibleFields(spec, query.fields), hidden, params);
  const sql = `select k.id::text as id, (select (${doc})::text from ${tableSql} page where page.id = k.id) as doc${numbered ? ', k.rn' : ''}
      from (${inRequestedOrder}) k`;
  return { sql, params: params.values, limit };
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
