import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { openServiceStore, type EventStore, type ServiceStore } from '@muon/eventstore';
import { CONFIG, LOGGER, NATS, Readiness, type Logger, type MuonConfig } from '@muon/service-kit';
import { l3StoreOptions } from './l3-store-options.js';

/**
 * Opens L3's event store, applies committed migrations (one replica at a time), and runs the
 * outbox relay that publishes every committed event to JetStream (unless MUON_OUTBOX_RELAY=off).
 */
@Injectable()
export class L3Store implements OnModuleInit, OnApplicationShutdown {
  private opened?: ServiceStore;

  constructor(
    @Inject(CONFIG) private readonly config: MuonConfig,
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly readiness: Readiness,
  ) {}

  get store(): EventStore {
    if (!this.opened) throw new Error('L3 store is not open yet');
    return this.opened.store;
  }

  async onModuleInit(): Promise<void> {
    this.opened = await openServiceStore({
      store: l3StoreOptions(this.config), nc: this.nc, log: this.log,
      stream: { name: this.config.MUON_EVENT_STREAM, subjectRoot: this.config.MUON_EVENT_SUBJECT_ROOT, replicas: this.config.MUON_EVENT_STREAM_REPLICAS },
      relay: this.config.MUON_OUTBOX_RELAY === 'on',
      // The idle poll only picks up rows left by a replica that died (the 50 ms default cost ≈ 30 ms CPU/s doing nothing).
      relayIdleMs: 500,
    });
    this.readiness.add('database', async () => {
      await this.store.transact((tx) => tx.query('select 1'));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.opened?.close();
  }
}
