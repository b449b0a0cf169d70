import { CompiledQuery } from 'kysely';

export interface QueryResult<R> {
  rows: R[];
  /** Rows changed by INSERT/UPDATE/DELETE, or rows returned by anything else. */
  rowCount: number;
}

/** Raw SQL with PostgreSQL's own `$1, $2` placeholders, bound by the server (never interpolated). */
export interface SqlExecutor {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
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
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const result = await db.executeQuery(CompiledQuery.raw(sql, params as unknown[]) as CompiledQuery<R>);
      return { rows: result.rows, rowCount: Number(result.numAffectedRows ?? result.rows.length) };
    },
  };
}
