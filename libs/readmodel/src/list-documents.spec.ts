import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { NeutronError, portResource, type ListQuery, type Visibility } from '@muon/contracts';
import { documentTableMigrationSql } from './document-table.js';
import { deleteDocument, putDocuments } from './document-writes.js';
import { getDocument } from './get-document.js';
import { ListBodyWriter, parseListParts } from './list-body.js';
import { listDocuments, type ListDocumentsOptions } from './list-documents.js';
import { buildListSql } from './list-sql.js';
import { renderPageLinks } from './page-links.js';
import { parseListQuery } from './parse-list-query.js';
import type { QueryFn, ReadModelDb } from './query-fn.js';
import { widgetSpec } from '../test/widgets.js';
import { batchedDb } from '../test/batched-db.js';

type Widget = Record<string, unknown> & { id: string };

const schema = `readmodel_list_${process.pid}_${Date.now().toString(36)}`;
const table = `${schema}.widgets`;
let pool: pg.Pool;
let q: QueryFn;
let db: ReadModelDb;

const PART_A = randomUUID();
const PART_B = randomUUID();
const TAG_SETS = [['a'], ['b'], ['a', 'b'], [], ['c', 'a']];
const COLOUR_SETS = [['red'], ['blue'], ['red', 'green'], []];

/** 250 widgets in three projects, with duplicate names, null and missing sizes and assorted lists. */
const widgets: Widget[] = Array.from({ length: 250 }, (_, i) => {
  const project = `p${(i % 3) + 1}`;
  const w: Widget = {
    id: randomUUID(),
    project_id: project,
    tenant_id: project,
    name: `w${String(i % 40).padStart(2, '0')}`,
    description: '',
    enabled: i % 2 === 0,
    shared: i % 25 === 0,
    size: i % 11 === 0 ? null : i % 7,
    colours: COLOUR_SETS[i % 4],
    parts: i % 5 === 0 ? [] : [
      { part_id: i % 2 ? PART_A : PART_B, serial: `SN-${i}` },
      ...(i % 3 === 0 ? [{ part_id: PART_B, serial: `XX-${i}` }] : []),
    ],
    tags: TAG_SETS[i % 5],
    secret: `s${i}`,
    created_at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString().replace('.000', ''),
    updated_at: '2024-02-01T00:00:00Z',
    revision_number: 1,
  };
  if (i % 13 === 0) delete w.size;
  return w;
});

const ADMIN: Visibility = { projectId: null };
const P1_MEMBER: Visibility = {
  projectId: 'p1', alsoVisibleWhen: [{ attribute: 'shared', value: true }], hiddenAttributes: ['secret'],
};

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 4 });
  q = async (sql, params) => (await pool.query(sql, params)).rows;
  db = batchedDb(q);
  await pool.query(`create schema ${schema}`);
  for (const statement of documentTableMigrationSql(table)) await pool.query(statement);
  await putDocuments(q, table, widgets);
});

afterAll(async () => {
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.end();
});

// --- what PostgreSQL should answer, computed in JavaScript ---

/** jsonb's order: null (and a missing key) < strings < numbers < booleans. */
function compareJson(a: unknown, b: unknown): number {
  const rank = (v: unknown) => (v === null || v === undefined ? 0 : typeof v === 'string' ? 1 : typeof v === 'number' ? 2 : 3);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (rank(a) === 0) return 0;
  return (a as never) < (b as never) ? -1 : (a as never) > (b as never) ? 1 : 0;
}

function expectedOrder(rows: Widget[], sort: ListQuery['sort']): string[] {
  const keys = sort.some((s) => s.key === 'id') ? sort : [...sort, { key: 'id', dir: 'asc' as const }];
  return [...rows].sort((x, y) => {
    for (const { key, dir } of keys) {
      const c = compareJson(x[key], y[key]);
      if (c !== 0) return dir === 'asc' ? c : -c;
    }
    return 0;
  }).map((w) => w.id);
}

const byId = (where: (w: Widget) => boolean) => expectedOrder(widgets.filter(where), []);
const query = (q: Partial<ListQuery>): ListQuery => ({ filters: {}, sort: [{ key: 'id', dir: 'asc' }], ...q });

/** Small batches and parts, so that every list here crosses both boundaries many times. */
async function list(lq: Partial<ListQuery>, visibility: Visibility = ADMIN, options: ListDocumentsOptions = { batchRows: 7, partBytes: 2000 }) {
  const parts: Uint8Array[] = [];
  const summary = await listDocuments(db, table, widgetSpec, query(lq), visibility, (part) => parts.push(part), options);
  const items = parseListParts<Widget>(parts);
  return { ...summary, items, ids: items.map((w) => w.id), parts };
}

const hasTag = (w: Widget, t: string) => (w.tags as string[]).includes(t);
const partsOf = (w: Widget) => w.parts as { part_id: string; serial: string }[];

describe('listDocuments filters', () => {
  it('ORs the values of one attribute and ANDs different attributes', async () => {
    const { ids } = await list({ filters: { name: ['w01', 'w02'], enabled: [true] } });
    expect(ids).toEqual(byId((w) => ['w01', 'w02'].includes(w.name as string) && w.enabled === true));
    expect(ids.length).toBeGreaterThan(0);
  });

  it('matches booleans, integers and one element of a list attribute', async () => {
    expect((await list({ filters: { enabled: [false] } })).ids).toEqual(byId((w) => w.enabled === false));
    expect((await list({ filters: { size: [3] } })).ids).toEqual(byId((w) => w.size === 3));
    expect((await list({ filters: { colours: ['green'] } })).ids).toEqual(byId((w) => (w.colours as string[]).includes('green')));
  });

  it('changed_since keeps the rows updated at or after the time', async () => {
    expect((await list({ filters: { changed_since: ['2024-02-01T00:00:00.000Z'] } })).ids).toEqual(byId(() => true));
    expect((await list({ filters: { changed_since: ['2024-02-01T00:00:01.000Z'] } })).ids).toEqual([]);
  });

  it('an empty-string filter matches an empty value and nothing else', async () => {
    expect((await list({ filters: { description: [''] } })).count).toBe(250);
    expect((await list({ filters: { name: [''] } })).count).toBe(0);
  });

  it('filters on tags four ways', async () => {
    expect((await list({ tags: { all: ['a', 'b'] } })).ids).toEqual(byId((w) => hasTag(w, 'a') && hasTag(w, 'b')));
    expect((await list({ tags: { any: ['b', 'c'] } })).ids).toEqual(byId((w) => hasTag(w, 'b') || hasTag(w, 'c')));
    expect((await list({ tags: { notAll: ['a', 'b'] } })).ids).toEqual(byId((w) => !(hasTag(w, 'a') && hasTag(w, 'b'))));
    expect((await list({ tags: { notAny: ['a'] } })).ids).toEqual(byId((w) => !hasTag(w, 'a')));
    expect((await list({ tags: { any: ['a'], notAll: ['c'] } })).ids).toEqual(byId((w) => hasTag(w, 'a') && !hasTag(w, 'c')));
  });

  it('list-of-object filters match any element per key, like Neutron\'s fixed_ips', async () => {
    expect((await list({ filters: { parts: [{ part_id: PART_A }] } })).ids)
      .toEqual(byId((w) => partsOf(w).some((p) => p.part_id === PART_A)));
    // Different keys are separate conditions, each satisfied by any element.
    expect((await list({ filters: { parts: [{ part_id: PART_B }, { serial: 'SN-3' }, { serial: 'SN-9' }] } })).ids)
      .toEqual(byId((w) => partsOf(w).some((p) => p.part_id === PART_B) && partsOf(w).some((p) => ['SN-3', 'SN-9'].includes(p.serial))));
    expect((await list({ filters: { parts: [{ serial_substr: 'XX-1' }] } })).ids)
      .toEqual(byId((w) => partsOf(w).some((p) => p.serial.includes('XX-1'))));
    expect((await list({ filters: { parts: [{ serial_substr: '%' }] } })).count).toBe(0);
  });

  it('values are data, never SQL', async () => {
    const { count } = await list({ filters: { name: [`w01'; drop table widgets; --`, '"\\'] } });
    expect(count).toBe(0);
    expect((await list({})).count).toBe(250);
  });

  it('rejects names outside the spec even when the gateway let them through', async () => {
    const attempts: Partial<ListQuery>[] = [
      { filters: { nonsense: ['x'] } },
      { filters: { 'name\'); drop table x; --': ['x'] } },
      { sort: [{ key: 'nonsense', dir: 'asc' }] },
    ];
    for (const attempt of attempts) await expect(list(attempt)).rejects.toMatchObject({ status: 400 });
    await expect(list({ filters: { secret: ['s1'] } }, P1_MEMBER)).rejects.toMatchObject({ status: 400 });
  });

  it('a malformed query from the wire is a 4xx, never a database error', async () => {
    await expect(list({ limit: -1 })).rejects.toMatchObject({ status: 400 });
    await expect(list({ limit: 2.5 })).rejects.toMatchObject({ status: 400 });
    await expect(list({ limit: 5, marker: 'not-a-uuid' })).rejects.toMatchObject({ status: 404, type: 'WidgetNotFound' });
    await expect(list({ filters: { parts: ['serial=SN-1'] } })).rejects.toMatchObject({ status: 400 });
  });

  it('the body\'s GIN index can answer the filters', async () => {
    const { sql, params } = buildListSql(table, widgetSpec, query({ filters: { name: ['w01', 'w02'] }, tags: { any: ['c'] } }),
      ADMIN);
    const client = await pool.connect();
    try {
      // Without sequential or plain index scans, only a bitmap scan of an index that understands @> remains.
      await client.query('set enable_seqscan = off; set enable_indexscan = off');
      const plan = JSON.stringify((await client.query(`explain (format json) ${sql}`, params)).rows);
      expect(plan).toContain('widgets_body_idx');
      expect(plan).not.toContain('Seq Scan');
    } finally {
      await client.query('reset enable_seqscan; reset enable_indexscan');
      client.release();
    }
  });
});

describe('listDocuments fields', () => {
  it('returns only the requested keys the document has', async () => {
    const { items } = await list({ fields: ['name', 'size'] });
    expect(items).toHaveLength(250);
    for (const item of items) expect(Object.keys(item).every((k) => k === 'name' || k === 'size')).toBe(true);
    expect(items.filter((i) => !('size' in i))).toHaveLength(widgets.filter((w) => !('size' in w)).length);
  });

  it('an empty field list gives empty objects, and still pages by id', async () => {
    const page = await list({ fields: [], limit: 3 });
    expect(page.items).toEqual([{}, {}, {}]);
    expect(page.lastId).toBe(byId(() => true)[2]);
  });

  it('a hidden attribute stays hidden even when asked for', async () => {
    const { items } = await list({ fields: ['name', 'secret'] }, P1_MEMBER);
    expect(items.every((i) => !('secret' in i) && 'name' in i)).toBe(true);
  });
});

describe('listDocuments sorting', () => {
  it('sorts by several keys in both directions, nulls and missing values first ascending', async () => {
    const sorts: ListQuery['sort'][] = [
      [{ key: 'name', dir: 'asc' }, { key: 'size', dir: 'desc' }, { key: 'id', dir: 'asc' }],
      [{ key: 'size', dir: 'asc' }, { key: 'enabled', dir: 'desc' }, { key: 'id', dir: 'desc' }],
      [{ key: 'name', dir: 'desc' }],
    ];
    for (const sort of sorts) expect((await list({ sort })).ids).toEqual(expectedOrder(widgets, sort));
  });
});

describe('listDocuments pagination', () => {
  const sort: ListQuery['sort'] = [{ key: 'size', dir: 'asc' }, { key: 'name', dir: 'desc' }, { key: 'id', dir: 'asc' }];
  const all = expectedOrder(widgets, sort);

  it('forward pages of 20 visit every row exactly once, in order', async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    for (let pages = 0; ; pages++) {
      const page = await list({ sort, limit: 20, ...(marker ? { marker } : {}) });
      expect(page.count).toBeLessThanOrEqual(20);
      expect([page.firstId, page.lastId]).toEqual([page.ids[0] ?? null, page.ids.at(-1) ?? null]);
      seen.push(...page.ids);
      if (!page.hasMore) break;
      marker = page.lastId!;
      expect(pages).toBeLessThan(20);
    }
    expect(seen).toEqual(all);
  });

  it('reverse pages of 20 visit every row exactly once, each page in the requested order', async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await list({ sort, limit: 20, pageReverse: true, ...(marker ? { marker } : {}) });
      expect(page.ids).toEqual(all.slice(all.indexOf(page.ids[0]!), all.indexOf(page.ids[0]!) + page.count));
      seen.unshift(...page.ids);
      if (!page.hasMore) break;
      marker = page.firstId!;
    }
    expect(seen).toEqual(all);
  });

  it('page_reverse from a marker gives the rows just before it', async () => {
    const page = await list({ sort, limit: 20, marker: all[100], pageReverse: true });
    expect(page.ids).toEqual(all.slice(80, 100));
    expect(page.hasMore).toBe(true);
  });

  it('the default order pages by id; a page ending at the last row says no more follow', async () => {
    const ids = byId(() => true);
    const page = await list({ limit: 20, marker: ids[9] });
    expect(page.ids).toEqual(ids.slice(10, 30));
    expect(page.hasMore).toBe(true);
    const last = await list({ limit: 20, marker: ids[ids.length - 21] });
    expect(last.ids).toEqual(ids.slice(-20));
    expect(last.hasMore).toBe(false);
    const reversedToStart = await list({ limit: 20, marker: ids[20], pageReverse: true });
    expect([reversedToStart.ids, reversedToStart.hasMore]).toEqual([ids.slice(0, 20), false]);
  });

  it('one batch or many, one part or many: the same page', async () => {
    const lq = { sort, limit: 77, marker: all[33] };
    const whole = await list(lq, ADMIN, { batchRows: 10_000, partBytes: 10_000_000 });
    expect(whole.parts).toHaveLength(1);
    for (const options of [{ batchRows: 1, partBytes: 16 }, { batchRows: 3, partBytes: 500 }, { batchRows: 77, partBytes: 5000 }]) {
      const page = await list(lq, ADMIN, options);
      expect(Buffer.concat(page.parts).equals(whole.parts[0]!)).toBe(true);
      expect([page.count, page.firstId, page.lastId, page.hasMore]).toEqual([whole.count, whole.firstId, whole.lastId, whole.hasMore]);
    }
  });

  it('a marker that does not exist is 404 WidgetNotFound', async () => {
    const error = await list({ limit: 5, marker: randomUUID() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NeutronError);
    expect(error).toMatchObject({ status: 404, type: 'WidgetNotFound' });
  });
});

describe('listDocuments visibility', () => {
  const visibleToP1 = (w: Widget) => w.project_id === 'p1' || w.shared === true;

  it('a member sees their project\'s rows and shared ones, without admin-only attributes', async () => {
    const { ids, items } = await list({}, P1_MEMBER);
    expect(ids).toEqual(byId(visibleToP1));
    expect(items.some((w) => w.project_id !== 'p1')).toBe(true);
    expect(items.every((w) => !('secret' in w))).toBe(true);
    expect((await list({})).items.every((w) => 'secret' in w)).toBe(true);
  });

  it('filters and pages apply within what the caller may see', async () => {
    const expected = byId((w) => visibleToP1(w) && w.enabled === true);
    const first = await list({ filters: { enabled: [true] }, limit: 10 }, P1_MEMBER);
    const second = await list({ filters: { enabled: [true] }, limit: 10, marker: first.lastId! }, P1_MEMBER);
    expect([...first.ids, ...second.ids]).toEqual(expected.slice(0, 20));
  });

  it('a marker the caller may not see is 404, as if it did not exist', async () => {
    const hidden = widgets.find((w) => !visibleToP1(w))!;
    await expect(list({ limit: 5, marker: hidden.id }, P1_MEMBER)).rejects.toMatchObject({ status: 404 });
  });
});

describe('visibility through another table', () => {
  // Grants name widgets of other projects, as RBAC policies name networks.
  const grants = `${schema}.grants`;
  const granted = widgets.find((w) => w.project_id === 'p2' && !w.shared)!;
  const grantedToOthers = widgets.find((w) => w.project_id === 'p3' && !w.shared)!;
  const P1_WITH_GRANTS: Visibility = {
    projectId: 'p1',
    alsoVisibleThrough: [{ table: grants, idAttribute: 'widget_id', matchAny: [{ grantee: 'p1' }, { grantee: '*' }] }],
  };

  beforeAll(async () => {
    for (const statement of documentTableMigrationSql(grants)) await pool.query(statement);
    await putDocuments(q, grants, [
      { id: randomUUID(), project_id: 'p2', widget_id: granted.id, grantee: 'p1' },
      { id: randomUUID(), project_id: 'p3', widget_id: grantedToOthers.id, grantee: 'p2' },
    ]);
  });

  it('a member sees the rows granted to it, and not those granted to another project', async () => {
    const { ids } = await list({}, P1_WITH_GRANTS);
    expect(ids).toEqual(byId((w) => w.project_id === 'p1' || w.id === granted.id));
    expect(await getDocument(q, table, granted.id, P1_WITH_GRANTS)).not.toBeNull();
    expect(await getDocument(q, table, grantedToOthers.id, P1_WITH_GRANTS)).toBeNull();
  });
});

describe('getDocument', () => {
  const own = widgets.find((w) => w.project_id === 'p1')!;
  const other = widgets.find((w) => w.project_id === 'p2' && !w.shared)!;
  const shared = widgets.find((w) => w.project_id === 'p3' && w.shared)!;

  it('returns the document as JSON text, hidden attributes removed', async () => {
    expect(JSON.parse((await getDocument(q, table, own.id, ADMIN))!)).toEqual(own);
    const { secret: _secret, ...withoutSecret } = own;
    expect(JSON.parse((await getDocument(q, table, own.id, P1_MEMBER))!)).toEqual(withoutSecret);
  });

  it('another project\'s document is null unless it is visible anyway', async () => {
    expect(await getDocument(q, table, other.id, P1_MEMBER)).toBeNull();
    expect(await getDocument(q, table, shared.id, P1_MEMBER)).not.toBeNull();
  });

  it('applies fields and answers null for ids that cannot exist', async () => {
    expect(JSON.parse((await getDocument(q, table, own.id, ADMIN, ['name', 'nonsense']))!)).toEqual({ name: own.name });
    expect(await getDocument(q, table, 'not-a-uuid', ADMIN)).toBeNull();
    expect(await getDocument(q, table, randomUUID(), ADMIN)).toBeNull();
  });
});

describe('streamed lists, from query string to response body', () => {
  /** What the gateway does: the owner's parts into ListBodyWriter, the summary into links. */
  async function respond(rawQuery: Record<string, string | string[]>, visibility: Visibility, hiddenAttributes: string[]) {
    const lq = parseListQuery(widgetSpec, rawQuery, { hiddenAttributes });
    let body = '';
    let ended = 0;
    const writer = new ListBodyWriter('widgets', { write: (c) => { body += typeof c === 'string' ? c : Buffer.from(c).toString('utf8'); }, end: () => { ended++; } });
    const summary = await listDocuments(db, table, widgetSpec, lq, visibility, (part) => writer.items(part), { batchRows: 13, partBytes: 3000 });
    writer.end(renderPageLinks({ baseUrl: 'http://127.0.0.1:9696/v2.0/widgets', collection: 'widgets', query: lq, rawQuery, page: summary }));
    expect(ended).toBe(1);
    return { lq, summary, body: JSON.parse(body) as { widgets: Widget[]; widgets_links?: { rel: string; href: string }[] } };
  }

  it('an unlimited list comes whole and in order, without links', async () => {
    const { lq, body } = await respond({ sort_key: 'name', sort_dir: 'desc' }, ADMIN, []);
    expect(body.widgets.map((w) => w.id)).toEqual(expectedOrder(widgets, lq.sort));
    expect(body.widgets_links).toBeUndefined();
  });

  it('a limited page carries Neutron\'s links, and following them visits every row', async () => {
    let rawQuery: Record<string, string | string[]> = { limit: '30', sort_key: 'size', sort_dir: 'desc', fields: ['id', 'name'] };
    const seen: string[] = [];
    for (let pages = 0; pages < 20; pages++) {
      const { summary, body } = await respond(rawQuery, P1_MEMBER, ['secret']);
      expect(body.widgets.every((w) => Object.keys(w).sort().join() === 'id,name')).toBe(true);
      expect(body.widgets.length).toBe(summary.count);
      expect(summary.count).toBeLessThanOrEqual(30);
      seen.push(...body.widgets.map((w) => w.id));
      const next = body.widgets_links?.find((l) => l.rel === 'next');
      if (!next) break;
      const url = new URL(next.href);
      rawQuery = {};
      for (const key of new Set(url.searchParams.keys())) rawQuery[key] = url.searchParams.getAll(key);
    }
    const visible = widgets.filter((w) => w.project_id === 'p1' || w.shared === true);
    expect(seen).toEqual(expectedOrder(visible, [{ key: 'size', dir: 'desc' }]));
  });

  it('an empty list is an empty array, and a part smaller than one document still carries every document', async () => {
    expect((await respond({ name: 'no such widget' }, ADMIN, [])).body).toEqual({ widgets: [] });
    const page = await list({ limit: 5 }, ADMIN, { batchRows: 2, partBytes: 16 });
    expect(page.parts).toHaveLength(5);
    expect(page.ids).toEqual(byId(() => true).slice(0, 5));
  });
});

describe('document writes', () => {
  const gadgets = `${schema}.gadgets`;

  it('put replaces by id and copies project and timestamps from the body; delete says whether it existed', async () => {
    for (const statement of documentTableMigrationSql(gadgets)) await pool.query(statement);
    const id = randomUUID();
    await putDocuments(q, gadgets, [{ id, project_id: 'p1', name: 'one', created_at: '2024-03-01T10:00:00Z' }]);
    await putDocuments(q, gadgets, [JSON.stringify({ id, project_id: 'p2', name: 'two', created_at: '2024-03-01T10:00:00Z' })]);
    const rows = await q(`select project_id, body->>'name' as name, created_at from ${gadgets}`, []);
    expect(rows).toEqual([{ project_id: 'p2', name: 'two', created_at: new Date('2024-03-01T10:00:00Z') }]);
    expect(await deleteDocument(q, gadgets, id)).toBe(true);
    expect(await deleteDocument(q, gadgets, id)).toBe(false);
    expect(await deleteDocument(q, gadgets, 'not-a-uuid')).toBe(false);
  });
});

describe('the real port spec: the filters the openstack CLI sends', () => {
  const ports = `${schema}.ports`;
  const [S1, S2, SG1, SG2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const port = (name: string, fixedIps: [string, string][], securityGroups: string[]) => ({
    id: randomUUID(), project_id: 'p1', tenant_id: 'p1', name, admin_state_up: true,
    fixed_ips: fixedIps.map(([subnet_id, ip_address]) => ({ subnet_id, ip_address })), security_groups: securityGroups,
  });
  const portDocs = [
    port('a', [[S1, '10.0.0.5']], [SG1]),
    port('b', [[S1, '10.0.0.6'], [S2, '10.1.0.5']], [SG1, SG2]),
    port('c', [[S2, '10.1.0.6']], []),
    port('d', [], [SG2]),
  ];

  beforeAll(async () => {
    for (const statement of documentTableMigrationSql(ports)) await pool.query(statement);
    await putDocuments(q, ports, portDocs);
  });

  async function names(rawQuery: Record<string, string | string[]>): Promise<string[]> {
    const lq = parseListQuery(portResource, rawQuery, { hiddenAttributes: [] });
    const parts: Uint8Array[] = [];
    await listDocuments(db, ports, portResource, lq, ADMIN, (part) => parts.push(part));
    return parseListParts<{ name: string }>(parts).map((p) => p.name).sort();
  }

  it('--fixed-ip ip-address=… and subnet=… filter on any fixed IP, each key on its own', async () => {
    expect(await names({ fixed_ips: 'ip_address=10.0.0.5' })).toEqual(['a']);
    expect(await names({ fixed_ips: `subnet_id=${S2}` })).toEqual(['b', 'c']);
    expect(await names({ fixed_ips: ['ip_address=10.0.0.5', 'ip_address=10.1.0.6'] })).toEqual(['a', 'c']);
    expect(await names({ fixed_ips: ['ip_address=10.0.0.6', `subnet_id=${S2}`] })).toEqual(['b']);
  });

  it('--fixed-ip ip-substring=… matches part of an address', async () => {
    expect(await names({ fixed_ips: 'ip_address_substr=10.1.' })).toEqual(['b', 'c']);
  });

  it('--security-group matches ports whose list holds the group', async () => {
    expect(await names({ security_groups: SG2 })).toEqual(['b', 'd']);
    expect(await names({ security_groups: [SG1, SG2], admin_state_up: 'True' })).toEqual(['a', 'b', 'd']);
  });
});
