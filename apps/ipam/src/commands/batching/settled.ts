import { NeutronError } from '@muon/contracts';

/**
 * Runs one command's step of a batch: a NeutronError (the command's own answer: not found, in use,
 * invalid, …) comes back as a value for that command alone; anything else (a database error, a bug)
 * still throws, aborting the batch's transaction, whose commands are then run one at a time.
 */
export async function settled<T>(fn: () => Promise<T> | T): Promise<T | NeutronError> {
  try {
    return await fn();
  } catch (error) {
    return ownAnswer(error);
  }
}

/** settled() for synchronous steps. */
export function settledSync<T>(fn: () => T): T | NeutronError {
  try {
    return fn();
  } catch (error) {
    return ownAnswer(error);
  }
}

function ownAnswer(error: unknown): NeutronError {
  if (error instanceof NeutronError) return error;
  throw error;
}
