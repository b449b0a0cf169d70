/**
 * The stream moved on since the caller read it: another writer appended first. `transact()` retries
 * the whole unit of work on this error, so a command handler normally never sees it.
 */
export class StreamVersionConflict extends Error {
  override readonly name = 'StreamVersionConflict';
  readonly stream: string;
  readonly expected: ExpectedVersion;

  constructor(stream: string, expected: ExpectedVersion) {
    super(`stream ${stream} is not at the expected version ${String(expected)}: another writer appended first`);
    this.stream = stream;
    this.expected = expected;
  }
}

/** What the caller believes the stream's version is: a number (0 = no stream yet), or a looser claim. */
export type ExpectedVersion = number | 'any' | 'no_stream';

/** PostgreSQL error codes after which re-running the whole transaction is the documented remedy. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

/** True for failures that a fresh attempt of the same unit of work can fix. */
export function isRetryableConflict(error: unknown): boolean {
  if (error instanceof StreamVersionConflict) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}
