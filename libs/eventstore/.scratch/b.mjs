import { EventStore } from '../dist/index.js';
import pg from 'pg';
const url = process.env.DB;
const c = new pg.Client(url); await c.connect(); await c.query('drop schema if exists smoke cascade'); await c.end();
const store = await EventStore.open({ clientUrl: url, schema: 'smoke' });
console.log('migrated', await store.migrate(), await store.migrate());
const actor = { userId: 'u1', projectId: 'p1' };
const r = await store.transact(async (tx) => {
  const v = await tx.streamVersion('port-1');
  return tx.append('port-1', v, [{ type: 'ipam.port.created', data: { a: 1 } }, { type: 'ipam.port.updated', data: { b: 2 } }], { actor });
});
console.log(r);
const r2 = await store.transact(async (tx) => tx.append('port-1', 2, [{ type: 'ipam.port.deleted', data: {} }], { actor, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }));
try { await store.transact(async (tx) => tx.append('port-1', 2, [{ type: 'x', data: {} }], { actor }), { retries: 0 }); } catch (e) { console.log('conflict:', e.name, e.message); }
console.log(await store.readAll({ limit: 10 }));
console.log(await store.transact(async (tx) => (await tx.query('select event_id, subject, payload::text, headers from outbox')).rows));
console.log(await store.transact(async (tx) => (await tx.readStream('port-1')).map(e => [e.streamVersion, e.occurredAt, e.position])));
await store.close();
