import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventStore, StoreTransaction } from '../src/index.js';
import { openScratchStore, testActor, type ScratchStore } from './support/scratch-store.js';

describe('idempotent commands', () => {
  let scratch: ScratchStore;
  let store: EventStore;
  beforeAll(async () => {
    scratch = await openScratchStore('es_idem');
    store = scratch.store;
  });
  afterAll(() => scratch.dispose());

  const eventCount = async (stream: string) =>
    (await store.query<{ n: number }>('select count(*)::int as n from events where stream = $1', [stream])).rows[0]!.n;

  const createPort = (stream: string, runs: { count: number }) => async (tx: StoreTransaction) => {
    runs.count++;
    const [event] = await tx.append(stream, 'no_stream', [{ type: 'ipam.port.created', data: { name: stream } }], { actor: testActor });
    return { port: { id: stream, status: 'DOWN' }, eventId: event!.id };
  };

  it('answers a repeated command id with the stored result and appends only once', async () => {
    const runs = { count: 0 };
    const first = await store.transact(createPort('port-1', runs), { commandId: 'req-1' });
    const second = await store.transact(createPort('port-1', runs), { commandId: 'req-1' });
    expect(second).toEqual(first);
    expect(first.port).toEqual({ id: 'port-1', status: 'DOWN' });
    expect(runs.count).toBe(1);
    expect(await eventCount('port-1')).toBe(1);
  });

  it('lets five concurrent duplicates share the result of the one that ran', async () => {
    const runs = { count: 0 };
    const results = await Promise.all(Array.from({ length: 5 }, () => store.transact(createPort('port-2', runs), { commandId: 'req-2' })));
    expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
    expect(runs.count).toBe(1);
    expect(await eventCount('port-2')).toBe(1);
  });

  it('forgets a command whose unit of work failed, so a retry of it runs again', async () => {
    let fail = true;
    const attempt = () =>
      store.transact(
        async (tx) => {
          await tx.append('port-3', 'no_stream', [{ type: 'ipam.port.created', data: {} }], { actor: testActor });
          if (fail) throw new Error('quota exceeded');
          return 'created';
        },
        { commandId: 'req-3' },
      );
    await expect(attempt()).rejects.toThrow('quota exceeded');
    fail = false;
    expect(await attempt()).toBe('created');
    expect(await eventCount('port-3')).toBe(1);
  });

  it('stores an empty result as null and still replays it', async () => {
    const runs = { count: 0 };
    const work = async () => {
      runs.count++;
    };
    expect(await store.transact(work, { commandId: 'req-4' })).toBeNull();
    expect(await store.transact(work, { commandId: 'req-4' })).toBeNull();
    expect(runs.count).toBe(1);
  });
});
