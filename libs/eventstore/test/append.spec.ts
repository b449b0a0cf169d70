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
});
