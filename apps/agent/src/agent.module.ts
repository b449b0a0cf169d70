import { Module } from '@nestjs/common';
import { ServiceKitModule } from '@muon/service-kit';

/** The agent service: joins NATS and answers health checks; its resources arrive with their issue. */
@Module({ imports: [ServiceKitModule.forService('agent')] })
export class AgentModule {}
