import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StreamVersionConflict, type EventStore } from '../src/index.js';
import { openScratchStore, testActor, type ScratchStore } from './support/scratch-store.js';

describe('appending to a stream', () => {
  let scratch: ScratchStore;
  let store: EventStore;
  beforeAll(async () => {
    scratch = await openScratchStore('es_append');
    store = scratch.store;
  });
  afterAll(() => scratch.dispose());

  const countRows = async (table: string, stream: string) => {
    const column = table === 'outbox' ? "payload->>'stream'" : 'stream';
    const { rows } = await store.query<{ n: number }>(`select count(*)::int as n from ${table} where ${column} = $1`, [stream]);
    return rows[0]!.n;
  };

  it('stamps each event with an id, the next stream versions, rising positions and the one transaction id', async () => {
    const events = await store.transact((tx) =>
      tx.append('port-a', 'no_stream', [
        { type: 'ipam.port.created', data: { name: 'a' }, projectId: 'project-9' },
        { type: 'ipam.port.updated', version: 2, data: { name: 'b' } },
      ], { actor: testActor, correlationId: 'req-1', causationId: 'cmd-1', occurredAt: '2026-01-02T03:04:05Z' }),
    );
    expect(events.map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(events[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/); // UUIDv7
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
    expect(BigInt(events[1]!.position)).toBeGreaterThan(BigInt(events[0]!.position));
    expect(events[0]!.transactionId).toBe(events[1]!.transactionId);
    expect(events[0]).toMatchObject({
      type: 'ipam.port.created', version: 1, stream: 'port-a', projectId: 'project-9', actor: testActor,
      correlationId: 'req-1', causationId: 'cmd-1', occurredAt: '2026-01-02T03:04:05.000Z', data: { name: 'a' },
    });
    expect(events[1]).toMatchObject({ version: 2, projectId: null });

    // What was returned is exactly what readers get back.
    const read = await store.transact((tx) => tx.readStream('port-a'));
    expect(read).toEqual(events);
    expect(await store.transact((tx) => tx.streamVersion('port-a'))).toBe(2);
    expect(await store.transact((tx) => tx.streamVersion('port-none'))).toBe(0);
  });

  it('queues one outbox row per event, on the subject of its type, carrying the envelope and the traceparent', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const [event] = await store.transact((tx) =>
      tx.append('port-b', 0, [{ type: 'ipam.port.created', data: { mac: 'fa:16:3e:00:00:01' } }], { actor: testActor, traceparent }),
    );
    const { rows } = await store.query<{ event_id: string; subject: string; payload: unknown; headers: unknown }>(
      'select event_id, subject, payload, headers from outbox where event_id = $1',
      [event!.id],
    );
    expect(rows).toEqual([{ event_id: event!.id, subject: `${scratch.subjectRoot}.ipam.port.created`, payload: event, headers: { traceparent } }]);
  });

  it('refuses a stale expected version with StreamVersionConflict and writes nothing', async () => {
    await store.transact((tx) => tx.append('port-c', 'no_stream', [{ type: 'ipam.port.created', data: {} }], { actor: testActor }));
    for (const stale of [0, 'no_stream', 2] as const) {
      await expect(
        store.transact((tx) => tx.append('port-c', stale, [{ type: 'ipam.port.updated', data: {} }], { actor: testActor }), { retries: 0 }),
      ).rejects.toBeInstanceOf(StreamVersionConflict);
    }
    expect(await countRows('events', 'port-c')).toBe(1);
    expect(await countRows('outbox', 'port-c')).toBe(1);
    const [any] = await store.transact((tx) => tx.append('port-c', 'any', [{ type: 'ipam.port.updated', data: {} }], { actor: testActor }));
    expect(any!.streamVersion).toBe(2);
  });

  it('rolls back everything when the unit of work throws, and hands the caller the very same error', async () => {
    class PortInUse extends Error {}
    const thrown = new PortInUse('port is in use');
    let attempts = 0;
    const outcome = store.transact(async (tx) => {
      attempts++;
      await tx.append('port-d', 'no_stream', [{ type: 'ipam.port.created', data: {} }], { actor: testActor });
      await tx.query('create table scratch_rollback (id int)');
      throw thrown;
    });
    await expect(outcome).rejects.toBe(thrown);
    expect(attempts).toBe(1); // a domain error is not a race: no retry
    expect(await countRows('events', 'port-d')).toBe(0);
    expect(await countRows('outbox', 'port-d')).toBe(0);
    const { rows } = await store.query(`select to_regclass('scratch_rollback') as t`);
    expect(rows[0]).toEqual({ t: null });
  });

  it('runs app SQL inside the transaction, with unqualified table names in the service schema', async () => {
    await store.query('create table if not exists widgets (id int primary key, name text)');
    const seen = await store.transact(async (tx) => {
      await tx.query('insert into widgets values ($1, $2)', [1, 'in tx']);
      return (await tx.query<{ name: string; schema: string }>('select name, current_schema() as schema from widgets')).rows;
    });
    expect(seen).toEqual([{ name: 'in tx', schema: scratch.schema }]);
    const updated = await store.transact((tx) => tx.query('update widgets set name = $1 where id = 1', ['renamed']));
    expect(updated.rowCount).toBe(1);
  });

  it('appends to several streams in one statement, each with its own meta, versions and outbox row', async () => {
    await store.transact((tx) => tx.append('port-m2', 'no_stream', [{ type: 'ipam.port.created', data: {} }], { actor: testActor }));
    const [fresh, known, loose] = await store.transact((tx) => tx.appendMany([
      { stream: 'port-m1', expected: 'no_stream', events: [{ type: 'ipam.port.created', data: { n: 1 } }, { type: 'ipam.port.updated', data: { n: 2 } }],
        meta: { actor: testActor, correlationId: 'req-m1', occurredAt: '2026-01-02T03:04:05Z' } },
      { stream: 'port-m2', expected: 1, events: [{ type: 'ipam.port.updated', data: { n: 3 } }], meta: { actor: { userId: 'u2', projectId: 'p2' }, causationId: 'cmd-m2' } },
      { stream: 'port-m3', expected: 'any', events: [{ type: 'ipam.port.created', data: { n: 4 } }], meta: { actor: testActor } },
    ]));
    expect(fresh!.map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(fresh![0]).toMatchObject({ stream: 'port-m1', correlationId: 'req-m1', causationId: null, occurredAt: '2026-01-02T03:04:05.000Z', data: { n: 1 } });
    expect(known![0]).toMatchObject({ stream: 'port-m2', streamVersion: 2, actor: { userId: 'u2', projectId: 'p2' }, causationId: 'cmd-m2', correlationId: null });
    expect(loose![0]).toMatchObject({ stream: 'port-m3', streamVersion: 1 });
    const all = [...fresh!, ...known!, ...loose!];
    expect(new Set(all.map((e) => e.transactionId)).size).toBe(1);
    expect(all.map((e) => BigInt(e.position))).toEqual(all.map((e) => BigInt(e.position)).sort((x, y) => (x < y ? -1 : 1)));
    // Readers and the outbox see exactly what was returned.
    for (const stream of ['port-m1', 'port-m3']) {
      expect(await store.transact((tx) => tx.readStream(stream))).toEqual(all.filter((e) => e.stream === stream));
    }
    const { rows } = await store.query<{ payload: unknown }>('select payload from outbox where event_id = any($1::uuid[]) order by id', [all.map((e) => e.id)]);
    expect(rows.map((r) => r.payload)).toEqual(all);
  });

  it('writes nothing for any stream of a multi-stream append when one of them conflicts', async () => {
    await store.transact((tx) => tx.append('port-n2', 'no_stream', [{ type: 'ipam.port.created', data: {} }], { actor: testActor }));
    await expect(store.transact((tx) => tx.appendMany([
      { stream: 'port-n1', expected: 'no_stream', events: [{ type: 'ipam.port.created', data: {} }], meta: { actor: testActor } },
      { stream: 'port-n2', expected: 'no_stream', events: [{ type: 'ipam.port.created', data: {} }], meta: { actor: testActor } },
    ]), { retries: 0 })).rejects.toBeInstanceOf(StreamVersionConflict);
    expect(await countRows('events', 'port-n1')).toBe(0);
    expect(await countRows('outbox', 'port-n1')).toBe(0);
    expect(await store.transact((tx) => tx.streamVersion('port-n1'))).toBe(0);
    await expect(store.transact((tx) => tx.appendMany([
      { stream: 'port-n3', expected: 'no_stream', events: [{ type: 'ipam.port.created', data: {} }], meta: { actor: testActor } },
      { stream: 'port-n3', expected: 'any', events: [{ type: 'ipam.port.updated', data: {} }], meta: { actor: testActor } },
    ]))).rejects.toThrow('appears twice');
  });
});
