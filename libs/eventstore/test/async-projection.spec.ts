import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AsyncProjectionRunner, type AsyncProjection, type EventStore } from '../src/index.js';
import { eventually, openScratchStore, testActor, type ScratchStore } from './support/scratch-store.js';

describe('async projections', () => {
  let scratch: ScratchStore;
  let store: EventStore;
  beforeAll(async () => {
    scratch = await openScratchStore('es_async');
    store = scratch.store;
  });
  afterAll(() => scratch.dispose());

  const appendMany = async (stream: string, count: number) => {
    for (let i = 0; i < count; i++) {
      await store.transact((tx) => tx.append(stream, 'any', [{ type: 'test.counted', data: { i } }], { actor: testActor }));
    }
  };

  /** Records every event it handles in a table whose primary key fails on a second delivery. */
  const auditProjection = (name: string, table: string, calls: string[]): AsyncProjection => ({
    name,
    async handler(event, tx) {
      calls.push(event.id);
      await tx.query(`insert into ${table} (event_id, position) values ($1, $2)`, [event.id, event.position]);
    },
    async reset(tx) {
      await tx.query(`truncate ${table}`);
    },
  });

  const rowCount = async (table: string) => (await store.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;

  it('catches up from its checkpoint after a restart and does not handle an event twice', async () => {
    await store.query('create table audit_a (event_id uuid primary key, position bigint not null)');
    const firstRun: string[] = [];
    const first = new AsyncProjectionRunner(store, auditProjection('audit-a', 'audit_a', firstRun), { batchSize: 7, idleMs: 20 });
    first.start();
    await appendMany('counter-a', 30);
    await eventually(() => rowCount('audit_a'), (n) => n === 30);
    await first.stop();
    expect(firstRun).toHaveLength(30);

    await appendMany('counter-a', 20); // while no runner is running

    const secondRun: string[] = [];
    const second = new AsyncProjectionRunner(store, auditProjection('audit-a', 'audit_a', secondRun), { batchSize: 7, idleMs: 20 });
    second.start();
    await eventually(() => rowCount('audit_a'), (n) => n === 50);
    await second.stop();
    expect(secondRun).toHaveLength(20);
    expect(new Set([...firstRun, ...secondRun]).size).toBe(50);

    const all = await store.readAll({ limit: 1000 });
    const last = all[all.length - 1]!;
    expect(await second.checkpoint()).toEqual({ transactionId: last.transactionId, position: last.position });
  });

  it('lets two replicas of one projection take turns, never running it at the same time', async () => {
    await store.query('create table audit_b (event_id uuid primary key, position bigint not null)');
    let inFlight = 0;
    let maxInFlight = 0;
    const calls: string[] = [];
    const projection: AsyncProjection = {
      name: 'audit-b',
      async handler(event, tx) {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        calls.push(event.id);
        await tx.query('insert into audit_b (event_id, position) values ($1, $2)', [event.id, event.position]);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight--;
      },
    };
    const replicas = [1, 2].map(() => new AsyncProjectionRunner(store, projection, { batchSize: 5, idleMs: 10 }));
    replicas.forEach((replica) => replica.start());
    await Promise.all([appendMany('counter-b1', 40), appendMany('counter-b2', 40)]);
    const total = await rowCount('events'); // the 50 of the test above and these 80
    expect(total).toBe(130);
    await eventually(() => rowCount('audit_b'), (n) => n === total);
    await Promise.all(replicas.map((replica) => replica.stop()));
    expect(maxInFlight).toBe(1);
    expect(calls).toHaveLength(total);
  });

  it('a replica finds the checkpoint locked while another handles a batch, and skips instead of waiting', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const firstIsHandling = new Promise<void>((resolve) => (entered = resolve));
    const handledBy: string[] = [];
    const replica = (id: string) =>
      new AsyncProjectionRunner(store, {
        name: 'audit-d',
        async handler() {
          handledBy.push(id);
          entered();
          await released;
        },
      });
    const [one, two] = [replica('one'), replica('two')];
    const oneBatch = one.runBatch();
    await firstIsHandling;
    expect(await two.runBatch()).toBe(0);
    release();
    const handled = await oneBatch;
    expect(handled).toBeGreaterThan(0);
    expect(handledBy.every((id) => id === 'one')).toBe(true);
    expect(await two.checkpoint()).toEqual(await one.checkpoint());
  });

  it('rebuild resets the checkpoint and the projection, then replays the whole log into it', async () => {
    await store.query('create table audit_c (event_id uuid primary key, position bigint not null)');
    const calls: string[] = [];
    const runner = new AsyncProjectionRunner(store, auditProjection('audit-c', 'audit_c', calls));
    const total = (await store.readAll({ limit: 10_000 })).length;
    expect(await eventually(() => runner.catchUp().then(() => rowCount('audit_c')), (n) => n === total)).toBe(total);
    await runner.rebuild();
    expect(await rowCount('audit_c')).toBe(0);
    expect(await runner.checkpoint()).toEqual({ transactionId: '0', position: '0' });
    expect(await runner.catchUp()).toBe(total);
    expect(calls).toHaveLength(2 * total);
  });
});
