import type { SqlExecutor } from './sql-executor.js';
import type { StoreTables } from './store-tables.js';

export type CommandClaim = { claimed: true } | { claimed: false; result: unknown };

/**
 * Claims a command id before the command runs. The insert takes the unique key, so a concurrent
 * duplicate waits on it until the first transaction ends: if that committed, the duplicate finds the
 * stored result; if it rolled back, the duplicate's insert goes through and it runs the command itself.
 */
export async function claimCommand(sql: SqlExecutor, tables: StoreTables, commandId: string): Promise<CommandClaim> {
  const inserted = await sql.query(
    `insert into ${tables.commandLog} (command_id) values ($1) on conflict (command_id) do nothing returning command_id`,
    [commandId],
    { prepare: true },
  );
  if (inserted.rowCount > 0) return { claimed: true };
  const { rows } = await sql.query<{ result: unknown }>(`select result from ${tables.commandLog} where command_id = $1`, [
    commandId,
  ], { prepare: true });
  return { claimed: false, result: rows[0]?.result ?? null };
}

export async function recordCommandResult(sql: SqlExecutor, tables: StoreTables, commandId: string, json: string): Promise<void> {
  await sql.query(`update ${tables.commandLog} set result = $2::text::jsonb where command_id = $1`, [commandId, json], { prepare: true });
}
