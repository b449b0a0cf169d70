// An outbox relay in a process of its own, so a test can kill -9 it in the middle of a batch.
// Run: node --import ./support/ts-source-hooks.mjs relay-process.ts
// Env: DATABASE_URL, SCHEMA, NATS_URL, STREAM, PUBLISH_DELAY_MS. Prints "acked <event id>" per ack.
import { connect } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { EventStore, OutboxRelay } from '../src/index.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const store = await EventStore.open({ clientUrl: env('DATABASE_URL'), schema: env('SCHEMA'), poolSize: 2 });
const nc = await connect({ servers: env('NATS_URL') });
const js = jetstream(nc);
const delayMs = Number(process.env.PUBLISH_DELAY_MS ?? '0');

// Slow, announced publishes: the test sees how far the batch got and kills the process mid-way.
const announcingJs: Pick<JetStreamClient, 'publish'> = {
  async publish(subject, payload, options) {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const ack = await js.publish(subject, payload, options);
    process.stdout.write(`acked ${options?.msgID}\n`);
    return ack;
  },
};

const relay = new OutboxRelay({ store, js: announcingJs, batchSize: 1000, maxInFlight: 1, streamName: env('STREAM') });
relay.start();
process.stdout.write('relay started\n');
