import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { documentTableMigrationSql } from './document-table.js';
import { putDocuments, type ResourceDocument } from './document-writes.js';
import { ListBodyWriter } from './list-body.js';
import { DEFAULT_PART_BYTES, listDocuments } from './list-documents.js';
import { parseListQuery, type RawQuery } from './parse-list-query.js';
import type { QueryFn, ReadModelDb } from './query-fn.js';
import { widgetSpec } from '../test/widgets.js';
import { batchedDb } from '../test/batched-db.js';

/**
 * Not a pass/fail timing: prints how long the owner's statement and the gateway's body take for 5,000
 * documents of about 800 bytes (Neutron's answer for 5,000 ports is about 4 MB), in NATS-sized parts.
 */
const schema = `readmodel_bench_${process.pid}_${Date.now().toString(36)}`;
const table = `${schema}.widgets`;
const COUNT = 5000;
let pool: pg.Pool;
let q: QueryFn;
let db: ReadModelDb;
const PARTS = Array.from({ length: 5 }, () => randomUUID());

function widget(i: number): ResourceDocument {
  const project = `project-${i % 20}`;
  return {
    id: randomUUID(), project_id: project, tenant_id: project,
    name: `widget-${i}`, description: `benchmark widget number ${i} `.padEnd(280, '.'),
    enabled: i % 2 === 0, shared: false, size: i % 100, colours: ['red', 'green'].slice(0, i % 3),
    parts: [{ part_id: PARTS[i % 5]!, serial: `SN-${i}-a` }, { part_id: PARTS[(i + 1) % 5]!, serial: `SN-${i}-b` }],
    tags: [`rack-${i % 40}`, 'benchmark'], secret: `s-${i}`,
    created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z', revision_number: 3,
  };
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 2 });
  q = async (sql, params) => (await pool.query(sql, params)).rows;
  db = batchedDb(q);
  await pool.query(`create schema ${schema}`);
  for (const statement of documentTableMigrationSql(table)) await pool.query(statement);
  await putDocuments(q, table, Array.from({ length: COUNT }, (_, i) => widget(i)));
  await pool.query(`analyze ${table}`);
});

afterAll(async () => {
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.end();
});

/** What the owner and the gateway do for GET /v2.0/widgets?<rawQuery>, in one process. */
async function gatewayList(rawQuery: RawQuery) {
  const query = parseListQuery(widgetSpec, rawQuery, { hiddenAttributes: [] });
  const pieces: (string | Uint8Array)[] = [];
  let parts = 0;
  let largestPart = 0;
  const writer = new ListBodyWriter('widgets', { write: (c) => pieces.push(c), end: () => undefined });
  const summary = await listDocuments(db, table, widgetSpec, query, { projectId: null }, (part) => {
    parts++;
    largestPart = Math.max(largestPart, part.byteLength);
    writer.items(part);
  });
  writer.end({});
  const body = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))).toString('utf8');
  return { body, count: summary.count, calls: parts, largestReply: largestPart };
}

async function time(label: string, rawQuery: RawQuery) {
  await gatewayList(rawQuery); // warm caches and plans
  const runs: number[] = [];
  let last!: Awaited<ReturnType<typeof gatewayList>>;
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    last = await gatewayList(rawQuery);
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  runs.sort((a, b) => a - b);
  console.log(`${label}: ${last.count} items, ${(last.body.length / 1e6).toFixed(2)} MB body, ${last.calls} parts ` +
    `(largest ${(last.largestReply / 1024).toFixed(0)} KiB), median ${runs[2]!.toFixed(1)} ms (min ${runs[0]!.toFixed(1)}, max ${runs[4]!.toFixed(1)})`);
  return last;
}

describe('listing 5,000 documents of ~800 bytes', () => {
  it('unfiltered, and filtered with fields=, in parts that fit a NATS message', async () => {
    const all = await time('unfiltered', {});
    expect(all.count).toBe(COUNT);
    expect(all.largestReply).toBeLessThanOrEqual(DEFAULT_PART_BYTES);
    expect(JSON.parse(all.body).widgets).toHaveLength(COUNT);
    console.log(`average document: ${Math.round(all.body.length / COUNT)} bytes`);

    const half = await time('enabled=true&fields=id&fields=name', { enabled: 'true', fields: ['id', 'name'] });
    expect(half.count).toBe(COUNT / 2);

    const few = await time(`parts=part_id=<one of 5>&fields=id&fields=name`, { parts: `part_id=${PARTS[0]}`, fields: ['id', 'name'] });
    expect(few.count).toBe((COUNT / 5) * 2);

    // For comparison: the same rows fetched as objects and re-serialised in Node.
    const start = process.hrtime.bigint();
    const rows = await q(`select body from ${table} order by id`, []);
    const text = JSON.stringify({ widgets: rows.map((r) => r.body) });
    console.log(`baseline (pg parses, Node stringifies): ${rows.length} items, ${(text.length / 1e6).toFixed(2)} MB, ` +
      `${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(1)} ms`);
  });
});
