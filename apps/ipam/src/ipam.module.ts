import { Module } from '@nestjs/common';
import { ServiceKitModule } from '@muon/service-kit';
import { IpamCommandRouter } from './commands/command-router.js';
import { IpamQueryRouter } from './queries/query-router.js';
import { IpamStore } from './store/ipam-store.provider.js';
import { AgentLiveness } from './agents/agent-liveness.js';
import { DhcpScheduler } from './dhcp/dhcp-scheduler.js';
import { RbacBackfill } from './rbac/rbac-backfill.js';

/** The core plugin: networks, subnets, subnet pools, ports, their allocations, and the host agents with DHCP scheduling. */
@Module({
  imports: [ServiceKitModule.forService('ipam')],
  providers: [IpamStore, RbacBackfill, IpamCommandRouter, IpamQueryRouter, DhcpScheduler, AgentLiveness],
})
export class IpamModule {}
