import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { CONFIG, LOGGER, NATS, OwnerStore, Readiness, type Logger, type MuonConfig } from '@muon/service-kit';
import { l3StoreOptions } from './l3-store-options.js';

/** L3's event store (schema `l3`): see OwnerStore. */
@Injectable()
export class L3Store extends OwnerStore {
  constructor(@Inject(CONFIG) config: MuonConfig, @Inject(NATS) nc: NatsConnection, @Inject(LOGGER) log: Logger, readiness: Readiness) {
    super(config, nc, log, readiness, l3StoreOptions);
  }
}
