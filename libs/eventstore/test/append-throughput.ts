// Single-event appends at a fixed concurrency, each its own transaction, to a fresh schema.
// Run: TEST_DATABASE_URL=… node --import ./support/ts-source-hooks.mjs append-throughput.ts [appends] [concurrency] [poolSize]
import { randomBytes } from 'node:crypto';
import { EventStore } from '../src/index.js';

const [total = 4000, concurrency = 20, poolSize = 20] = process.argv.slice(2).map(Number);
const schema = `es_bench_${randomBytes(4).toString('hex')}`;
const store = await EventStore.open({ clientUrl: process.env.TEST_DATABASE_URL!, schema, poolSize });
await store.migrate();
const actor = { userId: 'bench', projectId: 'bench' };

const latencies: number[] = [];
let next = 0;
async function worker(id: number): Promise<void> {
  for (let version = 0; next < total; version++) {
    next++;
    const started = performance.now();
    // Half the workers create a stream per append, half keep appending to their own stream.
    await store.transact((tx) =>
      id % 2 === 0
        ? tx.append(`port-${id}-${version}`, 'no_stream', [{ type: 'ipam.port.created', data: { id, version } }], { actor })
        : tx.append(`network-${id}`, version, [{ type: 'ipam.network.updated', data: { id, version } }], { actor }),
    );
    latencies.push(performance.now() - started);
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, (_, id) => worker(id)));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
console.log(
  JSON.stringify({ appends: latencies.length, concurrency, poolSize, seconds: +seconds.toFixed(2),
    appendsPerSecond: Math.round(latencies.length / seconds), p50ms: +pct(50), p99ms: +pct(99) }),
);
await store.query(`drop schema "${schema}" cascade`);
await store.close();
