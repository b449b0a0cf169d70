import { eventSubject, type EventEnvelope } from '@muon/contracts';
import type { Constructor, IsolationLevel, MigrationObject } from '@mikro-orm/core';
import { MikroORM, type PostgreSqlConnection } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Migration } from '@mikro-orm/migrations';
import type { SubjectForEventType } from './append.js';
import { claimCommand, recordCommandResult } from './command-log.js';
import { isRetryableConflict } from './errors.js';
import type { InlineProjection } from './inline-projection.js';
import { eventStoreMigrations } from './migrations/0001-event-store-tables.js';
import { readAllAfter, type ReadAllOptions } from './read-all.js';
import { rebuildInlineProjections, type RebuildReport } from './rebuild-inline-projections.js';
import { backoffDelayMs, sleep } from './retry-backoff.js';
import { kyselyExecutor, streamRows, type QueryOptions, type QueryResult, type SqlExecutor } from './sql-executor.js';
import { storeTables, type StoreTables } from './store-tables.js';
import { PostgresStoreTransaction, type StoreTransaction } from './transaction.js';

/** A committed migration class (extends `Migration` from '@mikro-orm/migrations'), or one with an explicit name. */
export type MigrationClass = Constructor<Migration> | MigrationObject;

export interface EventStoreOptions {
  /** postgresql://user@host:port/database */
  clientUrl: string;
  /** The service's own PostgreSQL schema, e.g. 'ipam'. Holds the store's tables and the app's read models. */
  schema: string;
  projections?: InlineProjection[];
  /** The app's own migrations (read-model tables), run after the store's, in the order given. */
  migrations?: MigrationClass[];
  /** Connections in the pool (default 10, at least 2). */
  poolSize?: number;
  /** NATS subject of an event type's outbox rows (default 'muon.evt.' + type). */
  subjectFor?: SubjectForEventType;
  /** Attempts after the first when a transaction loses a race (default 10). */
  retries?: number;
}

export interface TransactOptions {
  /** Makes the unit of work idempotent: a repeated id returns the first run's stored result. */
  commandId?: string;
  /** Overrides the store's retry budget for stream-version conflicts, serialization failures and deadlocks. */
  retries?: number;
  isolationLevel?: 'read committed' | 'repeatable read' | 'serializable';
}

/**
 * An event store in one PostgreSQL schema. MikroORM owns the pool, the transactions and the
 * migrations; the hot path runs raw SQL on MikroORM's Kysely transaction, with no unit of work.
 */
export class EventStore {
  readonly schema: string;
  readonly tables: StoreTables;
  readonly orm: MikroORM;
  readonly #connection: PostgreSqlConnection;
  readonly #projections: readonly InlineProjection[];
  readonly #subjectFor: SubjectForEventType;
  readonly #retries: number;
  readonly #appendListeners = new Set<() => void>();

  private constructor(orm: MikroORM, options: EventStoreOptions) {
    this.orm = orm;
    this.schema = options.schema;
    this.tables = storeTables(options.schema);
    this.#connection = orm.em.getConnection();
    this.#projections = options.projections ?? [];
    this.#subjectFor = options.subjectFor ?? eventSubject;
    this.#retries = options.retries ?? 10;
  }

  static async open(options: EventStoreOptions): Promise<EventStore> {
    storeTables(options.schema); // validates the name before it goes into connection options
    const orm = await MikroORM.init({
      clientUrl: options.clientUrl,
      entities: [],
      discovery: { warnWhenNoEntities: false },
      extensions: [Migrator],
      migrations: {
        migrationsList: [...eventStoreMigrations, ...(options.migrations ?? [])],
        schema: options.schema,
        snapshot: false, // migrations are committed classes; never write snapshot files at runtime
        silent: true,
      },
      // Every pooled connection starts with the service schema first on its search_path, so apps'
      // SQL can name their tables unqualified at no per-transaction cost.
      driverOptions: { options: `-c search_path=${options.schema},public` },
      // migrate() pins one connection for its lock while the Migrator works on another.
      pool: { min: 0, max: Math.max(2, options.poolSize ?? 10) },
      debug: false,
    });
    return new EventStore(orm, options);
  }

  /**
   * Applies pending migrations (the store's tables, then the app's). A session advisory lock keyed by
   * the schema lets every replica call this at boot: one migrates, the others wait and find nothing to do.
   */
  async migrate(): Promise<string[]> {
    return this.#connection.getClient().connection().execute(async (session) => {
      const lockSql = kyselyExecutor(session);
      const key = `muon.migrate.${this.schema}`;
      await lockSql.query('select pg_advisory_lock(hashtext($1))', [key]);
      try {
        const applied = await this.orm.migrator.up();
        return applied.map((migration) => migration.name);
      } finally {
        await lockSql.query('select pg_advisory_unlock(hashtext($1))', [key]);
      }
    });
  }

  /**
   * Runs `fn` in one transaction. Retries the whole of `fn` (bounded, with jittered backoff) when it
   * loses a race: a stream-version conflict, a serialization failure or a deadlock. Anything else
   * thrown by `fn` rolls back and propagates unchanged.
   */
  async transact<T>(fn: (tx: StoreTransaction) => Promise<T>, options: TransactOptions = {}): Promise<T> {
    const retries = options.retries ?? this.#retries;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#attempt(fn, options);
      } catch (error) {
        if (attempt >= retries || !isRetryableConflict(error)) throw error;
        await sleep(backoffDelayMs(attempt));
      }
    }
  }

  async #attempt<T>(fn: (tx: StoreTransaction) => Promise<T>, options: TransactOptions): Promise<T> {
    const { commandId } = options;
    let appended = 0;
    const result = await this.#connection.transactional<T>(
      async (trx) => {
        const sql = kyselyExecutor(trx);
        if (commandId !== undefined) {
          const claim = await claimCommand(sql, this.tables, commandId);
          if (!claim.claimed) return claim.result as T;
        }
        const tx = this.#transaction(sql);
        const value = await fn(tx);
        appended = tx.appendedCount;
        if (commandId === undefined) return value;
        // The caller gets what a retry of the command would get: the stored JSON.
        const json = JSON.stringify(value ?? null);
        await recordCommandResult(sql, this.tables, commandId, json);
        return JSON.parse(json) as T;
      },
      { isolationLevel: options.isolationLevel as IsolationLevel | undefined },
    );
    if (appended > 0) for (const listener of this.#appendListeners) listener();
    return result;
  }

  #transaction(sql: SqlExecutor, replaying = false): PostgresStoreTransaction {
    return new PostgresStoreTransaction({
      sql,
      tables: this.tables,
      subjectFor: this.#subjectFor,
      projections: this.#projections,
      replaying,
    });
  }

  /** Raw SQL outside any transaction (one pooled connection, autocommit): reads of read models. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<R>> {
    return kyselyExecutor(this.#connection.getClient()).query<R>(sql, params, options);
  }

  /**
   * One SELECT read in batches of `batchRows` through a server-side portal (pg-cursor), outside any
   * transaction: the statement's single snapshot, with at most one batch of rows in memory. A
   * reader that stops early (break, throw) closes the portal and returns the connection.
   */
  stream<R = Record<string, unknown>>(sql: string, params: readonly unknown[], batchRows: number): AsyncIterable<R[]> {
    return streamRows<R>(this.#connection.getClient(), sql, params, batchRows);
  }

  /** A gap-free page of the global log, outside any transaction (see read-all.ts). */
  readAll(options: ReadAllOptions): Promise<EventEnvelope[]> {
    return readAllAfter(kyselyExecutor(this.#connection.getClient()), this.tables, options);
  }

  /** Rebuilds every inline projection from the log in one transaction (see rebuild-inline-projections.ts). */
  rebuild(): Promise<RebuildReport> {
    return this.#connection.transactional((trx) => {
      const sql = kyselyExecutor(trx);
      return rebuildInlineProjections(sql, this.tables, this.#projections, this.#transaction(sql, true));
    });
  }

  /** Called after every commit that appended events in this process; relays use it to publish at once. */
  onAppendCommitted(listener: () => void): () => void {
    this.#appendListeners.add(listener);
    return () => this.#appendListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#appendListeners.clear();
    await this.orm.close(true);
  }
}
