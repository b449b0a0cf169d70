import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { openServiceStore, type EventStore, type EventStoreOptions, type ServiceStore } from '@muon/eventstore';
import type { Logger } from '@muon/telemetry';
import type { MuonConfig } from './config.js';
import type { Readiness } from './readiness.js';

/**
 * The event store of a service that owns resources (ipam, l3, …): opened at start-up with its
 * committed migrations (one replica at a time), the event stream ensured, the outbox relay
 * publishing every committed event to JetStream (unless MUON_OUTBOX_RELAY=off), and a readiness
 * check on the database. A service subclasses it with its own store options.
 */
export abstract class OwnerStore implements OnModuleInit, OnApplicationShutdown {
  private opened?: ServiceStore;

  protected constructor(
    private readonly config: MuonConfig,
    private readonly nc: NatsConnection,
    private readonly log: Logger,
    private readonly readiness: Readiness,
    private readonly options: (config: MuonConfig) => EventStoreOptions,
  ) {}

  get store(): EventStore {
    if (!this.opened) throw new Error(`the ${this.options(this.config).schema} store is not open yet`);
    return this.opened.store;
  }

  async onModuleInit(): Promise<void> {
    this.opened = await openServiceStore({
      store: this.options(this.config), nc: this.nc, log: this.log,
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
