import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cursorOf, type EventEnvelope, type EventStore, type LogCursor } from '../src/index.js';
import { eventually, openScratchStore, testActor, type ScratchStore } from './support/scratch-store.js';

describe('reading the global log without gaps', () => {
  let scratch: ScratchStore;
  let store: EventStore;
  beforeAll(async () => {
    scratch = await openScratchStore('es_gap');
    store = scratch.store;
  });
  afterAll(() => scratch.dispose());

  const append = (stream: string) =>
    store.transact(async (tx) => (await tx.append(stream, 'any', [{ type: 'test.thing.happened', data: { stream } }], { actor: testActor }))[0]!);

  it('holds back an event committed after one that is still in flight, then hands both out in order', async () => {
    // A follower keeps a cursor and reads whatever the log hands it, as an async projection does.
    const seen: EventEnvelope[] = [];
    let cursor: LogCursor | null = null;
    const follow = async () => {
      const page = await store.readAll({ after: cursor, limit: 100 });
      seen.push(...page);
      if (page.length > 0) cursor = cursorOf(page[page.length - 1]!);
      return page;
    };

    const first = await append('early');
    await eventually(follow, () => seen.length === 1);
    expect(seen.map((e) => e.id)).toEqual([first.id]);

    // Transaction A appends and stays open; B appends after it and commits first.
    let releaseA!: () => void;
    const aMayCommit = new Promise<void>((resolve) => (releaseA = resolve));
    let aAppended!: (event: EventEnvelope) => void;
    const aHasAppended = new Promise<EventEnvelope>((resolve) => (aAppended = resolve));
    const transactionA = store.transact(async (tx) => {
      const [event] = await tx.append('slow', 'no_stream', [{ type: 'test.thing.happened', data: { stream: 'slow' } }], { actor: testActor });
      aAppended(event!);
      await aMayCommit;
      return event!;
    });
    const eventA = await aHasAppended;
    const eventB = await append('fast');
    expect(BigInt(eventB.position)).toBeGreaterThan(BigInt(eventA.position));

    // B is committed and has the highest position: a reader going by position alone would take it now
    // and later skip A. The gated log hands out neither while A is running.
    const byPosition = await store.query<{ id: string }>('select id from events where position > $1::bigint', [first.position]);
    expect(byPosition.rows.map((r) => r.id)).toEqual([eventB.id]);
    expect(await follow()).toEqual([]);
    expect(await store.readAll({ limit: 100 })).toEqual([first]);

    releaseA();
    await transactionA;
    await eventually(follow, () => seen.length >= 3);
    expect(seen.map((e) => e.id)).toEqual([first.id, eventA.id, eventB.id]);
    expect(seen[1]).toEqual(eventA);
    expect(seen[2]).toEqual(eventB);
  });

  it('pages through a long log in (transaction, position) order without losing or repeating an event', async () => {
    const appended: string[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const events = await store.transact((tx) =>
        tx.append(`paged-${batch}`, 'no_stream', Array.from({ length: 7 }, (_, i) => ({ type: 'test.thing.happened', data: { i } })), {
          actor: testActor,
        }),
      );
      appended.push(...events.map((e) => e.id));
    }
    const all = await eventually(
      async () => {
        const read: EventEnvelope[] = [];
        let after: LogCursor | null = null;
        for (;;) {
          const page = await store.readAll({ after, limit: 4 });
          if (page.length === 0) return read;
          read.push(...page);
          after = cursorOf(page[page.length - 1]!);
        }
      },
      (read) => read.length >= appended.length + 3,
    );
    const ids = all.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(-appended.length)).toEqual(appended);
  });
});
