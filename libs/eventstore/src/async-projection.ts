import type { EventEnvelope } from '@muon/contracts';
import { PollingLoop, warnOnStderr } from './polling-loop.js';
import type { LogCursor } from './read-all.js';
import type { EventStore } from './store.js';
import type { StoreTransaction } from './transaction.js';

/** A read model that follows the log after the fact, e.g. a cross-service view or a reactor. */
export interface AsyncProjection {
  /** Names its checkpoint; two runners with the same name are replicas of one projection. */
  name: string;
  /** Runs in the same transaction as the checkpoint update, so an event is handled exactly once. */
  handler(event: EventEnvelope, tx: StoreTransaction): Promise<void>;
  /** Clears what the projection built; called by rebuild() before the log is replayed from the start. */
  reset?(tx: StoreTransaction): Promise<void>;
}

export interface AsyncProjectionRunnerOptions {
  /** Events handled per transaction (default 200). */
  batchSize?: number;
  /** Poll interval once caught up (default 200 ms). */
  idleMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Feeds the gap-free log to an async projection from its checkpoint. Each batch is one transaction:
 * handler calls plus the checkpoint update, under a row lock on the checkpoint taken with SKIP
 * LOCKED, so replicas of the same projection take turns instead of running it twice at once.
 */
export class AsyncProjectionRunner {
  readonly #store: EventStore;
  readonly #projection: AsyncProjection;
  readonly #batchSize: number;
  readonly #loop: PollingLoop;
  #registered = false;

  constructor(store: EventStore, projection: AsyncProjection, options: AsyncProjectionRunnerOptions = {}) {
    this.#store = store;
    this.#projection = projection;
    this.#batchSize = options.batchSize ?? 200;
    this.#loop = new PollingLoop(() => this.runBatch(), {
      idleMs: options.idleMs ?? 200,
      onError: options.onError ?? warnOnStderr(`async projection ${projection.name}`),
    });
  }

  start(): void {
    this.#loop.start();
  }

  /** Resolves after the batch in flight has committed or rolled back. */
  stop(): Promise<void> {
    return this.#loop.stop();
  }

  /** Handles batches until the projection has seen everything readable now; returns the events handled. */
  async catchUp(): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.runBatch();
      if (handled === 0) return total;
      total += handled;
    }
  }

  async checkpoint(): Promise<LogCursor> {
    await this.#register();
    const { rows } = await this.#store.query<CheckpointRow>(
      `select position::text as position, transaction_id::text as transaction_id from ${this.#store.tables.checkpoints} where name = $1`,
      [this.#projection.name],
    );
    return cursorFromRow(rows[0]!);
  }

  /**
   * One batch. Reads first without the lock, so an idle poll writes nothing (and uses no transaction
   * id); only when there is work does it lock the checkpoint, re-reading if another replica moved it.
   */
  async runBatch(): Promise<number> {
    await this.#register();
    const { checkpoints } = this.#store.tables;
    const name = this.#projection.name;
    return this.#store.transact(
      async (tx) => {
        const seen = await tx.query<CheckpointRow>(
          `select position::text as position, transaction_id::text as transaction_id from ${checkpoints} where name = $1`,
          [name],
        );
        const seenCursor = cursorFromRow(seen.rows[0]!);
        let events = await tx.readAll({ after: seenCursor, limit: this.#batchSize });
        if (events.length === 0) return 0;

        const locked = await tx.query<CheckpointRow>(
          `select position::text as position, transaction_id::text as transaction_id from ${checkpoints}
            where name = $1 for update skip locked`,
          [name],
        );
        if (locked.rows.length === 0) return 0; // another replica is running this projection right now
        const lockedCursor = cursorFromRow(locked.rows[0]!);
        if (lockedCursor.position !== seenCursor.position || lockedCursor.transactionId !== seenCursor.transactionId) {
          events = await tx.readAll({ after: lockedCursor, limit: this.#batchSize });
          if (events.length === 0) return 0;
        }

        for (const event of events) await this.#projection.handler(event, tx);
        const last = events[events.length - 1]!;
        await tx.query(
          `update ${checkpoints} set position = $2::bigint, transaction_id = $3::text::xid8, updated_at = now() where name = $1`,
          [name, last.position, last.transactionId],
        );
        return events.length;
      },
      { retries: 3 },
    );
  }

  /** Resets the checkpoint and the projection's own state in one transaction; the log then replays from the start. */
  async rebuild(): Promise<void> {
    await this.#register();
    const { checkpoints } = this.#store.tables;
    await this.#store.transact(async (tx) => {
      // Waits for a batch in flight on any replica, so nothing it writes survives the reset.
      await tx.query(`select 1 from ${checkpoints} where name = $1 for update`, [this.#projection.name]);
      await this.#projection.reset?.(tx);
      await tx.query(
        `update ${checkpoints} set position = 0, transaction_id = '0', updated_at = now() where name = $1`,
        [this.#projection.name],
      );
    });
  }

  async #register(): Promise<void> {
    if (this.#registered) return;
    await this.#store.query(`insert into ${this.#store.tables.checkpoints} (name) values ($1) on conflict (name) do nothing`, [
      this.#projection.name,
    ]);
    this.#registered = true;
  }
}

interface CheckpointRow {
  position: string;
  transaction_id: string;
}

const cursorFromRow = (row: CheckpointRow): LogCursor => ({ position: row.position, transactionId: row.transaction_id });
