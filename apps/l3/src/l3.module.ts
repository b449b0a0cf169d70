import { Module } from '@nestjs/common';
import { ServiceKitModule } from '@muon/service-kit';
import { L3CommandRouter } from './commands/command-router.js';
import { L3Ipam } from './ipam/l3-ipam.provider.js';
import { L3QueryRouter } from './queries/query-router.js';
import { IpamReactor } from './reactors/ipam-reactor.js';
import { OrphanPortSweeper } from './reconcile/orphan-port-sweeper.js';
import { RouterScheduler } from './scheduling/router-scheduler.js';
import { L3Store } from './store/l3-store.provider.js';

/** The l3 service: routers, their interfaces and gateways, floating IPs, and router scheduling to L3 agents. */
@Module({
  imports: [ServiceKitModule.forService('l3')],
  providers: [L3Store, L3Ipam, RouterScheduler, L3CommandRouter, L3QueryRouter, IpamReactor, OrphanPortSweeper],
})
export class L3Module {}
