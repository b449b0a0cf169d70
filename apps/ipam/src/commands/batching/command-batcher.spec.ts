import { describe, expect, it } from '@jest/globals';
import { CommandBatcher, type BatchOutcome } from './command-batcher.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A batcher whose batches finish when the test says so. */
function controlled(maxInFlight: number, maxBatch = 32) {
  const batches: { items: number[]; finish: (outcomes: BatchOutcome<string>[] | Error) => void }[] = [];
  const alone: number[] = [];
  const batcher = new CommandBatcher<number, string>({
    runBatch: (items) => new Promise((resolve, reject) => {
      batches.push({ items, finish: (o) => (o instanceof Error ? reject(o) : resolve(o)) });
    }),
    runAlone: async (item) => {
      alone.push(item);
      if (item < 0) throw new Error(`alone ${item}`);
      return `alone ${item}`;
    },
    maxBatch,
    maxInFlight,
  });
  return { batcher, batches, alone };
}

describe('CommandBatcher', () => {
  it('runs a command at once while a slot is free, and gathers the ones that arrive meanwhile into the next batch', async () => {
    const { batcher, batches } = controlled(1);
    const first = batcher.submit(1);
    const rest = [2, 3, 4].map((n) => batcher.submit(n));
    expect(batches.map((b) => b.items)).toEqual([[1]]);
    batches[0]!.finish([{ value: 'one' }]);
    await expect(first).resolves.toBe('one');
    await tick();
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3, 4]]);
    batches[1]!.finish([{ value: 'two' }, { error: new Error('three failed') }, { value: 'four' }]);
    await expect(rest[0]).resolves.toBe('two');
    await expect(rest[1]).rejects.toThrow('three failed');
    await expect(rest[2]).resolves.toBe('four');
  });

  it('keeps batches within maxBatch and runs up to maxInFlight at once', async () => {
    const { batcher, batches } = controlled(2, 2);
    const all = [1, 2, 3, 4, 5].map((n) => batcher.submit(n));
    expect(batches.map((b) => b.items)).toEqual([[1], [2]]);
    batches[0]!.finish([{ value: 'a' }]);
    await tick();
    expect(batches.map((b) => b.items)).toEqual([[1], [2], [3, 4]]);
    batches[1]!.finish([{ value: 'b' }]);
    await tick();
    expect(batches.map((b) => b.items)).toEqual([[1], [2], [3, 4], [5]]);
    batches[2]!.finish([{ value: 'c' }, { value: 'd' }]);
    batches[3]!.finish([{ value: 'e' }]);
    await expect(Promise.all(all)).resolves.toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('runs every command of a batch that failed as a whole alone, so only the broken one fails', async () => {
    const { batcher, batches, alone } = controlled(1);
    const first = batcher.submit(0);
    const rest = [5, -6, 7].map((n) => batcher.submit(n));
    batches[0]!.finish([{ value: 'zero' }]);
    await first;
    await tick();
    batches[1]!.finish(new Error('deadlock in batch'));
    await expect(rest[0]).resolves.toBe('alone 5');
    await expect(rest[1]).rejects.toThrow('alone -6');
    await expect(rest[2]).resolves.toBe('alone 7');
    expect(alone.sort()).toEqual([-6, 5, 7]);
  });

  it('fails a batch of one with its own error, without running it again', async () => {
    const { batcher, batches, alone } = controlled(1);
    const only = batcher.submit(9);
    batches[0]!.finish(new Error('database down'));
    await expect(only).rejects.toThrow('database down');
    expect(alone).toEqual([]);
  });
});
