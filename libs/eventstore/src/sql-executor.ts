import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';

export interface QueryResult<R> {
  rows: R[];
  /** Rows changed by INSERT/UPDATE/DELETE, or rows returned by anything else. */
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Run as a named prepared statement: each pooled connection parses (and, after a few runs, plans)
   * it once instead of on every call. Only for SQL whose text is one of a fixed set (values always
   * in parameters): every distinct text stays prepared on each connection for its lifetime.
   */
  prepare?: boolean;
}

/** Raw SQL with PostgreSQL's own `$1, $2` placeholders, bound by the server (never interpolated). */
export interface SqlExecutor {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<R>>;
}

/** What both MikroORM's Kysely client and its transactions offer. */
interface KyselyLike {
  executeQuery<R>(query: CompiledQuery<R>): Promise<{ rows: R[]; numAffectedRows?: bigint }>;
}

/**
 * Runs SQL on a Kysely client or transaction that MikroORM owns. MikroORM's own `execute()` inlines
 * `?` parameters into the SQL text on the client; going one level down keeps real bind parameters.
 */
export function kyselyExecutor(db: KyselyLike): SqlExecutor {
  return {
    async query<R>(sql: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<QueryResult<R>> {
      const raw = CompiledQuery.raw(sql, params as unknown[]) as CompiledQuery<R>;
      const result = await db.executeQuery(options?.prepare ? preparedQuery(raw) : raw);
      return { rows: result.rows, rowCount: Number(result.numAffectedRows ?? result.rows.length) };
    },
  };
}

/** What MikroORM's Kysely client offers for streaming (its PostgreSQL dialect is configured with pg-cursor). */
interface KyselyStreaming {
  getExecutor(): { stream<R>(query: CompiledQuery<R>, chunkSize: number): AsyncIterableIterator<{ rows: R[] }> };
}

/** Rows of one statement in batches (see EventStore.stream). */
export async function* streamRows<R>(db: KyselyStreaming, sql: string, params: readonly unknown[], batchRows: number): AsyncIterable<R[]> {
  if (!Number.isInteger(batchRows) || batchRows < 1) throw new Error(`batchRows must be a positive integer, not ${batchRows}`);
  for await (const batch of db.getExecutor().stream(CompiledQuery.raw(sql, params as unknown[]) as CompiledQuery<R>, batchRows)) {
    yield batch.rows;
  }
}

const statementNames = new Map<string, string>();

/**
 * Kysely hands `sql` to node-postgres' `client.query(sql, parameters)` unchanged, and node-postgres
 * takes a query config object there as well: `{ text, name }` makes it a named statement, which the
 * client prepares on its connection the first time and then only binds and executes. The name is
 * derived from the text, so one name never stands for two texts.
 */
function preparedQuery<R>(query: CompiledQuery<R>): CompiledQuery<R> {
  let name = statementNames.get(query.sql);
  if (name === undefined) {
    name = `muon_${createHash('sha1').update(query.sql).digest('hex').slice(0, 24)}`;
    statementNames.set(query.sql, name);
  }
  return { ...query, sql: { text: query.sql, name } as unknown as string };
}
