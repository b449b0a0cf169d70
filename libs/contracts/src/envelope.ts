/** Who caused an event: the authenticated user and the project they acted in. */
export interface Actor {
  userId: string | null;
  projectId: string | null;
}

/**
 * The public event envelope (DESIGN.md §3). Every subscriber, in any language, sees exactly this.
 * `position` is global per store and gap-safe for readers: events are handed out in
 * (transactionId, position) order only once every older transaction has finished.
 */
export interface EventEnvelope<D = Record<string, unknown>> {
  id: string; // UUIDv7
  type: string; // '<service>.<aggregate>.<event>', e.g. 'ipam.port.created'
  version: number; // schema version of this event type
  stream: string; // '<aggregate>-<uuid>', e.g. 'port-0196…'
  streamVersion: number; // 1-based position inside the stream
  position: string; // bigint as decimal string
  transactionId: string; // xid8 of the writing transaction, decimal string
  occurredAt: string; // ISO 8601
  projectId: string | null;
  actor: Actor;
  correlationId: string | null;
  causationId: string | null;
  data: D;
}

/** An event a decider produced, before the store stamps it. */
export interface NewEvent<D = Record<string, unknown>> {
  type: string;
  version?: number;
  projectId?: string | null;
  data: D;
}

/** Metadata the command handler hands to the store with each append. */
export interface AppendMeta {
  actor: Actor;
  correlationId?: string | null;
  causationId?: string | null;
  /** W3C trace context of the command, carried to the outbox so subscribers join the trace. */
  traceparent?: string | null;
  /** Fixed clock for deterministic replays and tests; defaults to now. */
  occurredAt?: string;
}
