import { Module } from '@nestjs/common';
import { ServiceKitModule } from '@muon/service-kit';

/** The l3 service: joins NATS and answers health checks; its resources arrive with their issue. */
@Module({ imports: [ServiceKitModule.forService('l3')] })
export class L3Module {}
