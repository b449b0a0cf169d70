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

/** Events for one stream, at the version the caller believes the stream is at. */
export interface StreamAppend {
  stream: string;
  expected: ExpectedVersion;
  events: NewEvent[];
  meta: AppendMeta;
}

export interface AppendRequest extends StreamAppend {
  headers: TraceHeaders;
}

/**
 * Appends events to one or more streams in ONE statement (one round trip): the conditional claims on
 * the streams' versions, the events and their outbox rows are data-modifying CTEs of a single query.
 * A stream whose claim matches no row has moved on: StreamVersionConflict, never a silent overwrite
 * (the caller's transaction then rolls back whatever the other streams wrote). Returns each
 * request's envelopes, in the order given; positions rise in that order.
 */
export async function appendToStreams(
  sql: SqlExecutor,
  tables: StoreTables,
  subjectFor: SubjectForEventType,
  requests: readonly AppendRequest[],
): Promise<EventEnvelope[][]> {
  const streams = new Set<string>();
  for (const { stream, expected } of requests) {
    if (typeof expected === 'number' && !(Number.isInteger(expected) && expected >= 0)) {
      throw new RangeError(`invalid expected version ${expected} for stream ${stream}`);
    }
    // Two claims on one stream in one statement would see the same snapshot: append them in order instead.
    if (streams.has(stream)) throw new Error(`stream ${stream} appears twice in one append`);
    streams.add(stream);
  }
  const prepared = requests.map((request) => prepare(request, subjectFor));
  const claims = prepared.filter((p) => p.batch.length > 0).map((p) => p.claim);
  if (claims.length === 0) return requests.map(() => []);

  const { rows } = await sql.query<{ id: string; position: string; transaction_id: string; stream_version: number }>(
    appendStatement(tables),
    [JSON.stringify(claims), JSON.stringify(prepared.flatMap((p) => p.batch))],
    { prepare: true },
  );
  const stamped = new Map(rows.map((row) => [row.id, row]));
  return prepared.map(({ request, batch, occurredAt }) =>
    batch.map((event) => {
      const row = stamped.get(event.id);
      if (!row) throw new StreamVersionConflict(request.stream, request.expected);
      return {
        id: event.id,
        type: event.type,
        version: event.version,
        stream: request.stream,
        streamVersion: row.stream_version,
        position: row.position,
        transactionId: row.transaction_id,
        occurredAt,
        projectId: event.projectId,
        actor: request.meta.actor,
        correlationId: request.meta.correlationId ?? null,
        causationId: request.meta.causationId ?? null,
        data: event.data,
      };
    }),
  );
}

/** The claim row and the event rows of one request, as the statement reads them from JSON. */
function prepare(request: AppendRequest, subjectFor: SubjectForEventType) {
  const { stream, expected, events, meta } = request;
  const occurredAt = new Date(meta.occurredAt ?? Date.now()).toISOString();
  const mode = expected === 'any' ? 'any' : expected === 'no_stream' || expected === 0 ? 'new' : 'version';
  const claim = { stream, mode, expected: typeof expected === 'number' ? expected : null, n: events.length };
  const batch = events.map((event, i) => ({
    id: uuidv7(),
    stream,
    seq: i + 1,
    type: event.type,
    version: event.version ?? 1,
    projectId: event.projectId ?? null,
    data: event.data,
    subject: subjectFor(event.type),
    occurredAt,
    actor: meta.actor,
    correlationId: meta.correlationId ?? null,
    causationId: meta.causationId ?? null,
    headers: request.headers,
  }));
  return { request, claim, batch, occurredAt };
}

const statementCache = new Map<string, string>();

/**
 * The claim is the optimistic-concurrency check: a new stream is an insert that does nothing if the
 * stream exists; a known version is an update guarded by that version; 'any' adds to whatever is
 * there. A concurrent writer blocks on the stream's row and, once the first commits, re-checks the
 * guard and matches nothing. One text per schema, so it is prepared once per connection.
 */
function appendStatement(tables: StoreTables): string {
  let statement = statementCache.get(tables.schema);
  if (!statement) {
    statement = `
      with req as (
        select r.stream, r.mode, r.expected, r.n from jsonb_to_recordset($1::text::jsonb) as r(stream text, mode text, expected int, n int)
      ),
      claim_new as (
        insert into ${tables.streams} (stream, version) select stream, n from req where mode = 'new'
        on conflict (stream) do nothing returning stream, version
      ),
      claim_any as (
        insert into ${tables.streams} as s (stream, version) select stream, n from req where mode = 'any'
        on conflict (stream) do update set version = s.version + excluded.version returning stream, version
      ),
      claim_version as (
        update ${tables.streams} s set version = s.version + r.n from req r
        where r.mode = 'version' and s.stream = r.stream and s.version = r.expected returning s.stream, s.version
      ),
      claimed as (
        select c.stream, c.version - r.n as base from (
          select stream, version from claim_new union all select stream, version from claim_any
          union all select stream, version from claim_version
        ) c join req r on r.stream = c.stream
      ),
      batch as (select doc, ord from jsonb_array_elements($2::text::jsonb) with ordinality as b(doc, ord)),
      inserted as (
        insert into ${tables.events}
          (id, stream, stream_version, type, version, occurred_at, project_id, actor, correlation_id, causation_id, data)
        select (b.doc->>'id')::uuid, c.stream, c.base + (b.doc->>'seq')::int, b.doc->>'type', (b.doc->>'version')::int,
          (b.doc->>'occurredAt')::timestamptz, b.doc->>'projectId', b.doc->'actor', b.doc->>'correlationId',
          b.doc->>'causationId', b.doc->'data'
        from batch b join claimed c on c.stream = b.doc->>'stream'
        order by b.ord
        returning id, position, transaction_id, stream, stream_version, type, version, project_id, actor,
          correlation_id, causation_id, data
      ),
      outboxed as (
        insert into ${tables.outbox} (event_id, subject, payload, headers)
        select i.id, b.doc->>'subject',
          jsonb_build_object('id', i.id, 'type', i.type, 'version', i.version, 'stream', i.stream,
            'streamVersion', i.stream_version, 'position', i.position::text, 'transactionId', i.transaction_id::text,
            'occurredAt', b.doc->>'occurredAt', 'projectId', i.project_id, 'actor', i.actor,
            'correlationId', i.correlation_id, 'causationId', i.causation_id, 'data', i.data),
          b.doc->'headers'
        from inserted i join batch b on (b.doc->>'id')::uuid = i.id
        order by i.position
      )
      select id, position::text as position, transaction_id::text as transaction_id, stream_version from inserted`;
    statementCache.set(tables.schema, statement);
  }
  return statement;
}
