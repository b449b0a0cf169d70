import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureEventStream } from './event-stream.js';
import { OutboxRelay } from './outbox-relay.js';
import { EventStore, type EventStoreOptions } from './store.js';

export interface ServiceStoreOptions {
  store: EventStoreOptions;
  nc: NatsConnection;
  /** The JetStream stream every service publishes into (MUON_EVENT_STREAM, its subject root and replicas). */
  stream: { name: string; subjectRoot: string; replicas: number };
  /** Whether this process publishes the outbox (MUON_OUTBOX_RELAY). */
  relay: boolean;
  /** Outbox poll when idle; commits in this process wake the relay at once, so it can be slow. */
  relayIdleMs: number;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void };
}

export interface ServiceStore {
  store: EventStore;
  relay: OutboxRelay | undefined;
  close(): Promise<void>;
}

/**
 * How every service opens its event store: open, apply its committed migrations (one replica at
 * a time), make sure the event stream exists, and start the outbox relay unless told not to.
 */
export async function openServiceStore(o: ServiceStoreOptions): Promise<ServiceStore> {
  const store = await EventStore.open(o.store);
  const applied = await store.migrate();
  if (applied.length > 0) o.log.info({ schema: o.store.schema, applied }, 'migrations applied');
  await ensureEventStream(await jetstreamManager(o.nc), { name: o.stream.name, subjects: [`${o.stream.subjectRoot}.>`], replicas: o.stream.replicas });
  let relay: OutboxRelay | undefined;
  if (o.relay) {
    relay = new OutboxRelay({
      store, js: jetstream(o.nc), streamName: o.stream.name, idleMs: o.relayIdleMs,
      onError: (err) => o.log.warn({ err, schema: o.store.schema }, 'outbox relay: publish failed; will retry'),
    });
    relay.start();
  } else {
    o.log.warn({ schema: o.store.schema }, 'MUON_OUTBOX_RELAY=off: committed events stay in the outbox until a replica with the relay on publishes them');
  }
  return {
    store, relay,
    async close() {
      await relay?.stop();
      await store.close();
    },
  };
}
