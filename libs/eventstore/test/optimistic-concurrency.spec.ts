import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventStore, StoreTransaction } from '../src/index.js';
import { openScratchStore, testActor, type ScratchStore } from './support/scratch-store.js';

/** Resolves once `parties` callers have arrived, so both writers read the stream before either appends. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived === parties) open();
    return opened;
  };
}

describe('optimistic concurrency on a stream', () => {
  let scratch: ScratchStore;
  let store: EventStore;
  beforeAll(async () => {
    scratch = await openScratchStore('es_occ', { poolSize: 20 });
    store = scratch.store;
  });
  afterAll(() => scratch.dispose());

  const streamVersions = async (stream: string) =>
    (await store.transact((tx) => tx.readStream(stream))).map((event) => event.streamVersion);

  it('lets exactly one of two writers with the same expected version win; the other reloads, retries and appends next', async () => {
    await store.transact((tx) => tx.append('network-1', 'no_stream', [{ type: 'ipam.network.created', data: {} }], { actor: testActor }));
    const bothHaveRead = barrier(2);
    const attempts: Record<string, number> = { left: 0, right: 0 };
    const readVersions: Record<string, number[]> = { left: [], right: [] };

    const write = (writer: 'left' | 'right') =>
      store.transact(async (tx: StoreTransaction) => {
        attempts[writer]!++;
        const version = await tx.streamVersion('network-1');
        readVersions[writer]!.push(version);
        if (attempts[writer] === 1) await bothHaveRead();
        return tx.append('network-1', version, [{ type: 'ipam.network.updated', data: { writer } }], { actor: testActor });
      });
    const [left, right] = await Promise.all([write('left'), write('right')]);

    expect(Object.values(attempts).sort()).toEqual([1, 2]);
    const loser = attempts.left === 2 ? 'left' : 'right';
    expect(readVersions[loser]).toEqual([1, 2]); // the retry saw the winner's event
    expect([left[0]!.streamVersion, right[0]!.streamVersion].sort()).toEqual([2, 3]);
    expect(await streamVersions('network-1')).toEqual([1, 2, 3]);
  });

  it('50 concurrent read-decide-append writers on one stream leave versions 1..50, no gap, no duplicate', async () => {
    const writers = Array.from({ length: 50 }, (_, n) =>
      store.transact(
        async (tx) => {
          const version = await tx.streamVersion('subnet-hot');
          return tx.append('subnet-hot', version, [{ type: 'ipam.subnet.updated', data: { n } }], { actor: testActor });
        },
        { retries: 200 },
      ),
    );
    await Promise.all(writers);
    const events = await store.transact((tx) => tx.readStream('subnet-hot'));
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(events.map((e) => e.data.n).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("50 concurrent 'any' appends queue up on the stream's row and also leave versions 1..50", async () => {
    const writers = Array.from({ length: 50 }, (_, n) =>
      store.transact((tx) => tx.append('subnet-any', 'any', [{ type: 'ipam.subnet.updated', data: { n } }], { actor: testActor }), {
        retries: 0,
      }),
    );
    await Promise.all(writers);
    expect(await streamVersions('subnet-any')).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('gives up after the retry budget and reports the conflict', async () => {
    await store.transact((tx) => tx.append('router-1', 'no_stream', [{ type: 'l3.router.created', data: {} }], { actor: testActor }));
    let attempts = 0;
    await expect(
      store.transact(
        async (tx) => {
          attempts++;
          return tx.append('router-1', 0, [{ type: 'l3.router.created', data: {} }], { actor: testActor });
        },
        { retries: 2 },
      ),
    ).rejects.toMatchObject({ name: 'StreamVersionConflict', stream: 'router-1', expected: 0 });
    expect(attempts).toBe(3);
  });
});
