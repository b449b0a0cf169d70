import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { NatsConnection } from '@nats-io/transport-node';
import { healthSubject, ipamResources, l3Resources, type ServiceName } from '@muon/contracts';
import { loadConfig, NATS, Readiness, ServiceKitModule } from '@muon/service-kit';
import { AuthModule } from './auth/auth.module.js';
import { DiscoveryController } from './neutron/discovery.controller.js';
import { NeutronErrorFilter } from './neutron/error.filter.js';
import { JsonBodyParser } from './neutron/json-body-parser.js';
import { NeutronController } from './neutron/neutron.controller.js';
import { QuotasController } from './neutron/quotas.controller.js';
import { RouterActionsController } from './neutron/router-actions.controller.js';
import { NeutronGateway } from './neutron/neutron-gateway.js';
import { ResourceRegistry } from './neutron/resource-registry.js';
import { OpenApiController } from './openapi/openapi.controller.js';

/** Services the gateway routes to; /readyz is ready only when each answers over NATS. */
const BACKENDS: ServiceName[] = ['ipam', 'l3', 'lbaas', 'firewall'];

class BackendReadiness implements OnModuleInit {
  constructor(@Inject(NATS) private readonly nc: NatsConnection, private readonly readiness: Readiness) {}
  onModuleInit(): void {
    for (const service of BACKENDS) {
      this.readiness.add(service, async () => {
        try {
          await this.nc.request(healthSubject(service), new Uint8Array(), { timeout: 1000 });
        } catch {
          throw new Error(`${service} does not answer`);
        }
      });
    }
  }
}

@Module({
  imports: [ServiceKitModule.forService('api'), AuthModule.forMode(loadConfig().MUON_AUTH_MODE)],
  controllers: [DiscoveryController, OpenApiController, QuotasController, RouterActionsController, NeutronController],
  providers: [
    { provide: ResourceRegistry, useFactory: () => new ResourceRegistry([...ipamResources, ...l3Resources]) },
    { provide: APP_FILTER, useClass: NeutronErrorFilter },
    JsonBodyParser,
    NeutronGateway,
    BackendReadiness,
  ],
})
export class ApiModule {}
