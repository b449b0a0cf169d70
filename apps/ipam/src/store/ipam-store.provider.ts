import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { CONFIG, LOGGER, NATS, OwnerStore, Readiness, type Logger, type MuonConfig } from '@muon/service-kit';
import { ipamStoreOptions } from './ipam-store-options.js';

/** IPAM's event store (schema `ipam`): see OwnerStore. */
@Injectable()
export class IpamStore extends OwnerStore {
  constructor(@Inject(CONFIG) config: MuonConfig, @Inject(NATS) nc: NatsConnection, @Inject(LOGGER) log: Logger, readiness: Readiness) {
    super(config, nc, log, readiness, ipamStoreOptions);
  }
}
