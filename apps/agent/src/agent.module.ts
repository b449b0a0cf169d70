import { Module } from '@nestjs/common';
import { ServiceKitModule } from '@muon/service-kit';
import { DataplaneService } from './dataplane/dataplane.service.js';

/**
 * The agent service: joins NATS, answers health checks, and runs this host's dataplane
 * (MUON_AGENT_DATAPLANE; off until the control-plane contract feeds it a desired state).
 */
@Module({ imports: [ServiceKitModule.forService('agent')], providers: [DataplaneService] })
export class AgentModule {}
