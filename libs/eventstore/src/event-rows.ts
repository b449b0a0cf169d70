import type { Actor, EventEnvelope } from '@muon/contracts';

/** The events columns as the envelope wants them: bigints and xid8 as decimal text, time as ISO 8601 UTC. */
export const ENVELOPE_COLUMNS = `id, type, version, stream, stream_version, position::text as position,
  transaction_id::text as transaction_id,
  to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as occurred_at,
  project_id, actor, correlation_id, causation_id, data`;

export interface EventRow {
  id: string;
  type: string;
  version: number;
  stream: string;
  stream_version: number;
  position: string;
  transaction_id: string;
  occurred_at: string;
  project_id: string | null;
  actor: Actor;
  correlation_id: string | null;
  causation_id: string | null;
  data: Record<string, unknown>;
}

export function envelopeFromRow(row: EventRow): EventEnvelope {
  return {
    id: row.id,
    type: row.type,
    version: row.version,
    stream: row.stream,
    streamVersion: row.stream_version,
    position: row.position,
    transactionId: row.transaction_id,
    occurredAt: row.occurred_at,
    projectId: row.project_id,
    actor: row.actor,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    data: row.data,
  };
}
