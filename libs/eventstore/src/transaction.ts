import type { AppendMeta, EventEnvelope, NewEvent } from '@muon/contracts';
import { appendToStreams, type StreamAppend, type SubjectForEventType } from './append.js';
import { inAppendSpans } from './append-span.js';
import type { ExpectedVersion } from './errors.js';
import { ENVELOPE_COLUMNS, envelopeFromRow, type EventRow } from './event-rows.js';
import type { InlineProjection } from './inline-projection.js';
import { readAllAfter, type ReadAllOptions } from './read-all.js';
import type { QueryOptions, QueryResult, SqlExecutor } from './sql-executor.js';
import type { StoreTables } from './store-tables.js';

/** What a unit of work sees inside `store.transact()`: one PostgreSQL transaction. */
export interface StoreTransaction {
  /**
   * True while a rebuild replays the log. A projection may skip rows the live command already
   * wrote itself (e.g. reservations under unique keys) and must write them when replaying.
   */
  readonly replaying: boolean;
  /** Raw SQL inside this transaction, `$1`-style parameters; unqualified tables resolve to the service schema. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<R>>;
  /** All events of a stream in stream-version order ([] if the stream does not exist). */
  readStream(stream: string): Promise<EventEnvelope[]>;
  /** The stream's current version, 0 if it has no events. */
  streamVersion(stream: string): Promise<number>;
  /**
   * Appends events if the stream is at `expected`, writes their outbox rows and applies every inline
   * projection, all in this transaction. Throws StreamVersionConflict if another writer got there first.
   */
  append(stream: string, expected: ExpectedVersion, events: NewEvent[], meta: AppendMeta): Promise<EventEnvelope[]>;
  /**
   * `append` for several streams (each at most once) in one statement: a batch of commands sharing
   * this transaction. Returns each stream's envelopes in the order given. A conflict on any stream
   * throws StreamVersionConflict, and the transaction must not be committed then.
   */
  appendMany(appends: readonly StreamAppend[]): Promise<EventEnvelope[][]>;
  /** Gap-free page of the global log (see EventStore.readAll), read inside this transaction. */
  readAll(options: ReadAllOptions): Promise<EventEnvelope[]>;
}

export interface TransactionSetup {
  sql: SqlExecutor;
  tables: StoreTables;
  subjectFor: SubjectForEventType;
  projections: readonly InlineProjection[];
  replaying?: boolean;
}

export class PostgresStoreTransaction implements StoreTransaction {
  readonly #setup: TransactionSetup;
  /** Events appended so far; the store wakes local relays after commit if there are any. */
  appendedCount = 0;

  constructor(setup: TransactionSetup) {
    this.#setup = setup;
  }

  get replaying(): boolean {
    return this.#setup.replaying === true;
  }

  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<R>> {
    return this.#setup.sql.query<R>(sql, params, options);
  }

  async readStream(stream: string): Promise<EventEnvelope[]> {
    const { rows } = await this.#setup.sql.query<EventRow>(
      `select ${ENVELOPE_COLUMNS} from ${this.#setup.tables.events} where stream = $1 order by stream_version`,
      [stream],
      { prepare: true },
    );
    return rows.map(envelopeFromRow);
  }

  async streamVersion(stream: string): Promise<number> {
    const { rows } = await this.#setup.sql.query<{ version: number }>(
      `select version from ${this.#setup.tables.streams} where stream = $1`,
      [stream],
      { prepare: true },
    );
    return rows[0]?.version ?? 0;
  }

  async append(stream: string, expected: ExpectedVersion, events: NewEvent[], meta: AppendMeta): Promise<EventEnvelope[]> {
    return (await this.appendMany([{ stream, expected, events, meta }]))[0]!;
  }

  async appendMany(appends: readonly StreamAppend[]): Promise<EventEnvelope[][]> {
    const { sql, tables, subjectFor, projections } = this.#setup;
    const spans = appends.map((a) => ({ stream: a.stream, eventCount: a.events.length, traceparent: a.meta.traceparent }));
    return inAppendSpans(spans, async (headers) => {
      const appended = await appendToStreams(sql, tables, subjectFor, appends.map((a, i) => ({ ...a, headers: headers[i]! })));
      const events = appended.flat();
      // Each projection owns its own tables, so applying one projection to every event and then the
      // next leaves the same rows as interleaving them event by event.
      for (const projection of projections) {
        if (projection.applyMany) await projection.applyMany(this, events);
        else for (const event of events) await projection.apply(this, event);
      }
      this.appendedCount += events.length;
      return appended;
    });
  }

  readAll(options: ReadAllOptions): Promise<EventEnvelope[]> {
    return readAllAfter(this.#setup.sql, this.#setup.tables, options);
  }
}
