import { EventStore, cursorOf } from '../dist/index.js';
const url = process.env.DB;
const store = await EventStore.open({ clientUrl: url, schema: 'smoke2' });
await store.query('drop schema if exists smoke2 cascade'); 
await store.migrate();
const actor = { userId: 'u1', projectId: 'p1' };
for (let b = 0; b < 3; b++) await store.transact((tx) => tx.append(`s${b}`, 'no_stream', Array.from({length: 7}, (_, i) => ({ type: 't', data: { i } })), { actor }));
let after = null;
for (let k = 0; k < 10; k++) {
  const page = await store.readAll({ after, limit: 4 });
  console.log(after, page.map(e => [e.transactionId, e.position]));
  if (!page.length) break;
  after = cursorOf(page[page.length - 1]);
}
await store.close();
