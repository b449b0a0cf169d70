/** The peer broke the wire format (not JSON, or bytes between messages). The connection is unusable. */
export class OvsdbProtocolError extends Error {
  override name = 'OvsdbProtocolError';
}

/** A JSON-RPC request answered with a non-null `error`. */
export class OvsdbRpcError extends Error {
  override name = 'OvsdbRpcError';
  constructor(readonly method: string, readonly error: unknown) {
    super(`${method} failed: ${typeof error === 'string' ? error : JSON.stringify(error)}`);
  }
}

/** One operation of a transaction failed; the others were rolled back (RFC 7047 §4.1.3). */
export class OvsdbTransactionError extends Error {
  override name = 'OvsdbTransactionError';
  constructor(
    /** Index of the failing operation, or -1 when the commit itself failed. */
    readonly operationIndex: number,
    readonly error: string,
    readonly details: string | undefined,
    readonly operation: unknown,
  ) {
    super(`transaction failed at operation ${operationIndex} (${describe(operation)}): ${error}${details ? `: ${details}` : ''}`);
  }
}

/** The connection closed (or was never open) while a request was outstanding. */
export class OvsdbDisconnectedError extends Error {
  override name = 'OvsdbDisconnectedError';
}

/** No answer within the time the caller allowed. */
export class OvsdbTimeoutError extends Error {
  override name = 'OvsdbTimeoutError';
}

function describe(operation: unknown): string {
  if (!operation || typeof operation !== 'object') return 'commit';
  const op = operation as { op?: string; table?: string };
  return [op.op, op.table].filter(Boolean).join(' ');
}
