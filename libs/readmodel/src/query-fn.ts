/**
 * Runs one SQL statement with PostgreSQL `$n` bind parameters and returns its rows. The owner injects
 * it (a MikroORM/Kysely connection, a transaction, or a plain `pg` pool in tests), so this library
 * never opens connections itself. Arrays in `params` must reach PostgreSQL as arrays, as `pg` does.
 */
export type QueryFn = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;
