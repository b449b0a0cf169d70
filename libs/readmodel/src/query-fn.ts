/**
 * Runs one SQL statement with PostgreSQL `$n` bind parameters and returns its rows. The owner injects
 * it (a MikroORM/Kysely connection, a transaction, or a plain `pg` pool in tests), so this library
 * never opens connections itself. Arrays in `params` must reach PostgreSQL as arrays, as `pg` does.
 */
export type QueryFn = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * Runs one SELECT and hands its rows over in batches of at most `batchRows` as PostgreSQL produces
 * them (a server-side portal), so a long list never sits in memory whole.
 */
export type StreamFn = (sql: string, params: unknown[], batchRows: number) => AsyncIterable<Record<string, unknown>[]>;

/** What an owner's read side gives the read-model queries: its pool, for whole and streamed reads. */
export interface ReadModelDb {
  query: QueryFn;
  stream: StreamFn;
}
