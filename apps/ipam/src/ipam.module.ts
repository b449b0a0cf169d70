import { Module } from '@nestjs/common';
import { ServiceKitModule } from '@muon/service-kit';
import { IpamCommandRouter } from './commands/command-router.js';
import { IpamQueryRouter } from './queries/query-router.js';
import { IpamStore } from './store/ipam-store.provider.js';

/** The core plugin: networks, subnets, subnet pools, ports, and their allocations. */
@Module({
  imports: [ServiceKitModule.forService('ipam')],
  providers: [IpamStore, IpamCommandRouter, IpamQueryRouter],
})
export class IpamModule {}
