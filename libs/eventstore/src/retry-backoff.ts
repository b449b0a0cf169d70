/**
 * Full-jitter exponential backoff: spreads competing writers apart so the loser of a stream race does
 * not collide with the same winner again, while keeping the first retries within a few milliseconds.
 */
export function backoffDelayMs(attempt: number, baseMs = 2, capMs = 100): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
