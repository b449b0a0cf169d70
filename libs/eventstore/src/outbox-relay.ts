import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { PollingLoop, warnOnStderr } from './polling-loop.js';
import type { EventStore } from './store.js';

export interface OutboxRelayOptions {
  store: EventStore;
  /** Usually `jetstream(nc)`; anything with JetStream's publish works (tests wrap it). */
  js: Pick<JetStreamClient, 'publish'>;
  /** Outbox rows taken per transaction (default 500). */
  batchSize?: number;
  /** Publishes awaiting their ack at once (default 128). */
  maxInFlight?: number;
  /** Poll interval when the outbox is empty (default 50 ms); appends in this process wake the relay at once. */
  idleMs?: number;
  publishTimeoutMs?: number;
  /** If set, JetStream rejects a publish that would land in any other stream. */
  streamName?: string;
  onError?: (error: unknown) => void;
}

export interface OutboxRelayStats {
  /** Rows acknowledged by JetStream and deleted from the outbox. */
  published: number;
  /** Of those, rows JetStream recognised by their Nats-Msg-Id as already stored, and dropped. */
  duplicates: number;
  failures: number;
}

interface OutboxRow {
  id: string;
  event_id: string;
  subject: string;
  payload: string;
  headers: Record<string, string>;
}

/**
 * Moves committed events from the outbox to JetStream. Rows are locked `for update skip locked`, so
 * replicas share the outbox without publishing the same row at the same time; a row is deleted in
 * the transaction that locked it, only after JetStream acknowledged it. A crash between the ack and
 * the commit re-sends the row, and JetStream drops it by its Nats-Msg-Id (= event id) within the
 * stream's duplicate window: at-least-once delivery, deduplicated in practice.
 */
export class OutboxRelay {
  readonly stats: OutboxRelayStats = { published: 0, duplicates: 0, failures: 0 };
  readonly #store: EventStore;
  readonly #js: Pick<JetStreamClient, 'publish'>;
  readonly #batchSize: number;
  readonly #maxInFlight: number;
  readonly #publishTimeoutMs: number;
  readonly #streamName: string | undefined;
  readonly #loop: PollingLoop;
  #unsubscribe: (() => void) | null = null;

  constructor(options: OutboxRelayOptions) {
    this.#store = options.store;
    this.#js = options.js;
    this.#batchSize = options.batchSize ?? 500;
    this.#maxInFlight = options.maxInFlight ?? 128;
    this.#publishTimeoutMs = options.publishTimeoutMs ?? 5000;
    this.#streamName = options.streamName;
    this.#loop = new PollingLoop(() => this.publishPending(), {
      idleMs: options.idleMs ?? 50,
      onError: options.onError ?? warnOnStderr('outbox relay'),
    });
  }

  start(): void {
    this.#unsubscribe ??= this.#store.onAppendCommitted(() => this.#loop.wake());
    this.#loop.start();
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    await this.#loop.stop();
  }

  /** Publishes everything that is in the outbox and not locked by another relay; returns the rows published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishPending();
      if (published === 0) return total;
      total += published;
    }
  }

  /**
   * Publishes one batch. Rows JetStream acknowledged are deleted even if others in the batch failed,
   * so one bad row cannot hold the rest back; the failure is then thrown for the caller to back off.
   */
  async publishPending(): Promise<number> {
    const { outbox } = this.#store.tables;
    // Its own statements are few and fixed, and the probe runs on every wake: all prepared.
    const probe = await this.#store.query(`select 1 from ${outbox} limit 1`, [], { prepare: true });
    if (probe.rowCount === 0) return 0;

    const outcome = await this.#store.transact(
      async (tx) => {
        const { rows } = await tx.query<OutboxRow>(
          `select id::text as id, event_id, subject, payload::text as payload, headers from ${outbox}
            order by id limit $1 for update skip locked`,
          [this.#batchSize],
          { prepare: true },
        );
        const acked: string[] = [];
        let duplicates = 0;
        let failure: unknown = null;
        for (let start = 0; start < rows.length; start += this.#maxInFlight) {
          const window = rows.slice(start, start + this.#maxInFlight);
          const results = await Promise.allSettled(window.map((row) => this.#publish(row)));
          results.forEach((result, i) => {
            if (result.status === 'fulfilled') {
              acked.push(window[i]!.id);
              if (result.value.duplicate) duplicates++;
            } else {
              failure ??= result.reason;
            }
          });
        }
        if (acked.length > 0) await tx.query(`delete from ${outbox} where id = any($1::bigint[])`, [acked], { prepare: true });
        return { published: acked.length, duplicates, failure };
      },
      { retries: 0 },
    );
    this.stats.published += outcome.published;
    this.stats.duplicates += outcome.duplicates;
    if (outcome.failure !== null) {
      this.stats.failures++;
      throw outcome.failure;
    }
    return outcome.published;
  }

  #publish(row: OutboxRow): Promise<PubAck> {
    const headers = natsHeaders();
    for (const [key, value] of Object.entries(row.headers)) headers.set(key, value);
    return this.#js.publish(row.subject, row.payload, {
      msgID: row.event_id,
      headers,
      timeout: this.#publishTimeoutMs,
      ...(this.#streamName ? { expect: { streamName: this.#streamName } } : {}),
    });
  }
}
