import { OvsdbProtocolError, OvsdbTransactionError } from './ovsdb-errors.js';
import type { OvsdbOperation, OvsdbOperationResult } from './ovsdb-operations.js';

/**
 * A transaction's JSON-RPC `error` is null even when it failed: the failure is an element of
 * `result[]` (RFC 7047 §4.1.3) — the failing operation's, or one extra element after the last
 * when the commit itself failed (e.g. a constraint violation). Throws the first failure found.
 */
export function checkTransactionResult(operations: readonly OvsdbOperation[], result: unknown): OvsdbOperationResult[] {
  if (!Array.isArray(result)) throw new OvsdbProtocolError(`transact answered ${JSON.stringify(result)} instead of an array`);
  for (let i = 0; i < result.length; i++) {
    const r = result[i] as OvsdbOperationResult | null;
    if (r && typeof r === 'object' && typeof r.error === 'string') {
      throw new OvsdbTransactionError(i < operations.length ? i : -1, r.error, r.details, operations[i]);
    }
  }
  if (result.length < operations.length) {
    throw new OvsdbProtocolError(`transact answered ${result.length} results for ${operations.length} operations`);
  }
  return result.slice(0, operations.length) as OvsdbOperationResult[];
}
