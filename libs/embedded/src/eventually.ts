/**
 * Polls `read` until `done` holds or the time is up, and returns the last value read (the caller's
 * assertion then shows what was there instead). For asynchronous outcomes: an agent wiring a port,
 * a liveness sweep, a relay publishing.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
