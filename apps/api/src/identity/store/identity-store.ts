import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { eventSubjectsUnder, openServiceStore, type EventStore, type ServiceStore } from '@muon/eventstore';
import { CONFIG, LOGGER, NATS, Readiness, type Logger, type MuonConfig } from '@muon/service-kit';
import { identityMigrations } from '../migrations/0001-identity-read-models.js';
import { identityProjection } from './identity-projection.js';

/** Identity needs few connections: logins and admin calls, never the Neutron hot path. */
const POOL_SIZE = 4;

/**
 * The built-in identity's event store (schema `identity`), opened the way IPAM opens its own: committed
 * migrations under the store's lock, inline projection, outbox relay to JetStream.
 */
@Injectable()
export class IdentityStore implements OnModuleInit, OnApplicationShutdown {
  private storeRef?: EventStore;
  private opened?: ServiceStore;
  private opening?: Promise<EventStore>;

  constructor(
    @Inject(CONFIG) private readonly config: MuonConfig,
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly readiness: Readiness,
  ) {}

  get store(): EventStore {
    if (!this.storeRef) throw new Error('identity store is not open yet');
    return this.storeRef;
  }

  /** The store, opened and migrated; other providers await it in their own start-up, whatever Nest's order. */
  open(): Promise<EventStore> {
    this.opening ??= this.openAndMigrate();
    return this.opening;
  }

  async onModuleInit(): Promise<void> {
    await this.open();
    this.readiness.add('identity-database', async () => {
      await this.store.query('select 1');
    });
  }

  private async openAndMigrate(): Promise<EventStore> {
    this.opened = await openServiceStore({
      store: {
        clientUrl: this.config.DATABASE_URL, schema: 'identity', projections: [identityProjection], migrations: identityMigrations,
        poolSize: POOL_SIZE, subjectFor: eventSubjectsUnder(this.config.MUON_EVENT_SUBJECT_ROOT),
      },
      nc: this.nc, log: this.log,
      stream: { name: this.config.MUON_EVENT_STREAM, subjectRoot: this.config.MUON_EVENT_SUBJECT_ROOT, replicas: this.config.MUON_EVENT_STREAM_REPLICAS },
      relay: this.config.MUON_OUTBOX_RELAY === 'on', relayIdleMs: 1000,
    });
    this.storeRef = this.opened.store;
    return this.opened.store;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.opened?.close();
  }
}
