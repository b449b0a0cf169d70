import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { EventStore, OutboxRelay, ensureEventStream } from '@muon/eventstore';
import { CONFIG, LOGGER, NATS, Readiness, type Logger, type MuonConfig } from '@muon/service-kit';
import { ipamStoreOptions } from './ipam-store-options.js';

/**
 * Opens IPAM's event store, applies committed migrations (one replica at a time), and runs the
 * outbox relay that publishes every committed event to JetStream (unless MUON_OUTBOX_RELAY=off).
 */
@Injectable()
export class IpamStore implements OnModuleInit, OnApplicationShutdown {
  private storeRef?: EventStore;
  private relay?: OutboxRelay;

  constructor(
    @Inject(CONFIG) private readonly config: MuonConfig,
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly readiness: Readiness,
  ) {}

  get store(): EventStore {
    if (!this.storeRef) throw new Error('IPAM store is not open yet');
    return this.storeRef;
  }

  async onModuleInit(): Promise<void> {
    this.storeRef = await EventStore.open(ipamStoreOptions(this.config));
    const applied = await this.storeRef.migrate();
    if (applied.length > 0) this.log.info({ applied }, 'migrations applied');
    await ensureEventStream(await jetstreamManager(this.nc), {
      name: this.config.MUON_EVENT_STREAM,
      subjects: [`${this.config.MUON_EVENT_SUBJECT_ROOT}.>`],
      replicas: this.config.MUON_EVENT_STREAM_REPLICAS,
    });
    if (this.config.MUON_OUTBOX_RELAY === 'on') {
      this.relay = new OutboxRelay({
        store: this.storeRef, js: jetstream(this.nc), streamName: this.config.MUON_EVENT_STREAM,
        // Commits in this process wake the relay at once; the idle poll only picks up rows left by a
        // replica that died, so it can be slow (the 50 ms default cost ≈ 30 ms CPU/s doing nothing).
        idleMs: 500,
        onError: (err) => this.log.warn({ err }, 'outbox relay: publish failed; will retry'),
      });
      this.relay.start();
    } else {
      this.log.warn('MUON_OUTBOX_RELAY=off: committed events stay in the outbox until a replica with the relay on publishes them');
    }
    this.readiness.add('database', async () => {
      await this.store.transact((tx) => tx.query('select 1'));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.storeRef?.close();
  }
}
