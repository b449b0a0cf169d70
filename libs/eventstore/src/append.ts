import type { AppendMeta, EventEnvelope, NewEvent } from '@muon/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { TraceHeaders } from './append-span.js';
import { StreamVersionConflict, type ExpectedVersion } from './errors.js';
import type { SqlExecutor } from './sql-executor.js';
import type { StoreTables } from './store-tables.js';

/** Maps an event type to the NATS subject its outbox row is published on. */
export type SubjectForEventType = (eventType: string) => string;

/** 'ipam.port.created' → '<root>.ipam.port.created'; tests pass their own root so they never share subjects. */
export const eventSubjectsUnder =
  (root: string): SubjectForEventType =>
  (eventType) =>
    `${root}.${eventType}`;

export interface AppendRequest {
  stream: string;
  expected: ExpectedVersion;
  events: NewEvent[];
  meta: AppendMeta;
  headers: TraceHeaders;
}

/**
 * Appends events to a stream in ONE statement (one round trip): the conditional claim on the stream's
 * version, the events, and their outbox rows are data-modifying CTEs of a single query. If the claim
 * matches no row, nothing is inserted and the stream has moved on: a conflict, never a silent overwrite.
 */
export async function appendToStream(
  sql: SqlExecutor,
  tables: StoreTables,
  subjectFor: SubjectForEventType,
  request: AppendRequest,
): Promise<EventEnvelope[]> {
  const { stream, expected, events, meta } = request;
  if (typeof expected === 'number' && !(Number.isInteger(expected) && expected >= 0)) {
    throw new RangeError(`invalid expected version ${expected} for stream ${stream}`);
  }
  if (events.length === 0) return [];
  const occurredAt = new Date(meta.occurredAt ?? Date.now()).toISOString();
  const batch = events.map((event) => ({
    id: uuidv7(),
    type: event.type,
    version: event.version ?? 1,
    projectId: event.projectId ?? null,
    data: event.data,
    subject: subjectFor(event.type),
  }));
  const params: unknown[] = [
    stream,
    events.length,
    JSON.stringify(batch),
    occurredAt,
    JSON.stringify(meta.actor),
    meta.correlationId ?? null,
    meta.causationId ?? null,
    JSON.stringify(request.headers),
  ];
  if (typeof expected === 'number' && expected > 0) params.push(expected);

  const { rows } = await sql.query<{ id: string; position: string; transaction_id: string; stream_version: number }>(
    appendStatement(tables, expected),
    params,
  );
  if (rows.length === 0) throw new StreamVersionConflict(stream, expected);

  const stamped = new Map(rows.map((row) => [row.id, row]));
  return batch.map((event) => {
    const row = stamped.get(event.id)!;
    return {
      id: event.id,
      type: event.type,
      version: event.version,
      stream,
      streamVersion: row.stream_version,
      position: row.position,
      transactionId: row.transaction_id,
      occurredAt,
      projectId: event.projectId,
      actor: meta.actor,
      correlationId: meta.correlationId ?? null,
      causationId: meta.causationId ?? null,
      data: event.data,
    };
  });
}

/**
 * The claim is the optimistic-concurrency check: a new stream is an insert that does nothing if the
 * stream exists; a known version is an update guarded by that version. A concurrent writer blocks on
 * the stream's row and, once the first commits, re-checks the guard and matches nothing.
 */
function claimStatement(tables: StoreTables, expected: ExpectedVersion): string {
  if (expected === 'any') {
    return `insert into ${tables.streams} as s (stream, version) values ($1, $2::int)
      on conflict (stream) do update set version = s.version + excluded.version returning version`;
  }
  if (expected === 'no_stream' || expected === 0) {
    return `insert into ${tables.streams} (stream, version) values ($1, $2::int)
      on conflict (stream) do nothing returning version`;
  }
  return `update ${tables.streams} set version = version + $2::int
      where stream = $1 and version = $9::int returning version`;
}

const statementCache = new Map<string, string>();

function appendStatement(tables: StoreTables, expected: ExpectedVersion): string {
  const variant = expected === 'any' || expected === 'no_stream' || expected === 0 ? String(expected) : 'version';
  const key = `${tables.schema}:${variant}`;
  let statement = statementCache.get(key);
  if (!statement) {
    statement = `
      with claimed as (${claimStatement(tables, expected)}),
      batch as (select doc, ord from jsonb_array_elements($3::text::jsonb) with ordinality as b(doc, ord)),
      inserted as (
        insert into ${tables.events}
          (id, stream, stream_version, type, version, occurred_at, project_id, actor, correlation_id, causation_id, data)
        select (b.doc->>'id')::uuid, $1, c.version - $2::int + b.ord::int, b.doc->>'type', (b.doc->>'version')::int,
          $4::text::timestamptz, b.doc->>'projectId', $5::text::jsonb, $6::text, $7::text, b.doc->'data'
        from batch b cross join claimed c
        order by b.ord
        returning id, position, transaction_id, stream_version, type, version, project_id, data
      ),
      outboxed as (
        insert into ${tables.outbox} (event_id, subject, payload, headers)
        select i.id, b.doc->>'subject',
          jsonb_build_object('id', i.id, 'type', i.type, 'version', i.version, 'stream', $1::text,
            'streamVersion', i.stream_version, 'position', i.position::text, 'transactionId', i.transaction_id::text,
            'occurredAt', $4::text, 'projectId', i.project_id, 'actor', $5::text::jsonb,
            'correlationId', $6::text, 'causationId', $7::text, 'data', i.data),
          $8::text::jsonb
        from inserted i join batch b on (b.doc->>'id')::uuid = i.id
        order by i.position
      )
      select id, position::text as position, transaction_id::text as transaction_id, stream_version from inserted`;
    statementCache.set(key, statement);
  }
  return statement;
}
