import { EventStore } from '../dist/index.js';
const url = process.env.DB;
const schema = 'race_' + Date.now();
const stores = await Promise.all([1,2,3].map(() => EventStore.open({ clientUrl: url, schema })));
const r = await Promise.allSettled(stores.map(s => s.orm.migrator.up()));
console.log(r.map(x => x.status === 'fulfilled' ? x.value.map(m => m.name) : x.reason.message.slice(0, 150)));
await stores[0].query(`drop schema if exists ${schema} cascade`);
await Promise.all(stores.map(s => s.close()));
