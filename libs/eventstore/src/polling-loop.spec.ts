import { describe, expect, it } from '@jest/globals';
import { PollingLoop } from './polling-loop.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PollingLoop', () => {
  it('runs again at once while the step finds work, then waits the idle interval', async () => {
    const work = [3, 2, 0, 0];
    let calls = 0;
    const loop = new PollingLoop(async () => work[calls++] ?? 0, { idleMs: 10_000 });
    loop.start();
    await tick(30);
    await loop.stop();
    expect(calls).toBe(3); // two steps with work, one that found none, then the long idle wait
  });

  it('wake() cuts an idle wait short', async () => {
    let calls = 0;
    const loop = new PollingLoop(async () => (calls++, 0), { idleMs: 10_000 });
    loop.start();
    await tick(20);
    loop.wake();
    await tick(20);
    await loop.stop();
    expect(calls).toBe(2);
  });

  it('stop() waits for the step in flight and starts no other', async () => {
    let finished = false;
    let calls = 0;
    const loop = new PollingLoop(
      async () => {
        calls++;
        await tick(50);
        finished = true;
        return 1;
      },
      { idleMs: 10 },
    );
    loop.start();
    await tick(10);
    await loop.stop();
    expect(finished).toBe(true);
    expect(calls).toBe(1);
  });

  it('reports a failing step and backs off instead of spinning, even when woken', async () => {
    const errors: unknown[] = [];
    const loop = new PollingLoop(
      async () => {
        throw new Error('nats down');
      },
      { idleMs: 1, errorBackoffMs: 40, onError: (error) => errors.push(error) },
    );
    loop.start();
    for (let i = 0; i < 5; i++) {
      loop.wake();
      await tick(10);
    }
    await loop.stop();
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors.length).toBeLessThanOrEqual(2); // 40 ms, then 80 ms: at most two failures in ~50 ms
    expect((errors[0] as Error).message).toBe('nats down');
  });
});
