import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { healthSubject, type ServiceName } from '@muon/contracts';
import { connectNats, encodeJson, RpcClient } from '@muon/messaging';
import { createLogger, createMetrics, type Logger } from '@muon/telemetry';
import { loadConfig, type MuonConfig } from './config.js';
import { HealthController } from './health.controller.js';
import { Readiness } from './readiness.js';
import { CONFIG, LOGGER, METRICS, NATS, RPC_CLIENT, SERVICE_NAME } from './tokens.js';

/** Answers NATS health pings (the gateway's /readyz asks every service) and drains NATS on shutdown. */
class NatsLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
    private readonly readiness: Readiness,
  ) {}

  onModuleInit(): void {
    this.readiness.add('nats', async () => {
      if (this.nc.isClosed()) throw new Error('NATS connection closed');
    });
    this.nc.subscribe(healthSubject(this.service), {
      queue: this.service,
      callback: (_err, msg) => {
        void this.readiness.run().then((r) => msg.respond(encodeJson({ service: this.service, pid: process.pid, ...r })));
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}

/** What every Muon process shares: config, logger, metrics, NATS, RPC client, health endpoints. */
@Global()
@Module({})
export class ServiceKitModule {
  static forService(service: ServiceName, overrides: Partial<MuonConfig> = {}): DynamicModule {
    const config = { ...loadConfig(), ...overrides };
    const logger = createLogger(service);
    return {
      module: ServiceKitModule,
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_NAME, useValue: service },
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: METRICS, useValue: createMetrics(service) },
        { provide: NATS, useFactory: () => connectNats(config.NATS_URL, `muon-${service}-${process.pid}`) },
        { provide: RPC_CLIENT, useFactory: (nc: NatsConnection) => new RpcClient(nc), inject: [NATS] },
        Readiness,
        NatsLifecycle,
      ],
      exports: [SERVICE_NAME, CONFIG, LOGGER, METRICS, NATS, RPC_CLIENT, Readiness],
    };
  }
}
export type { Logger };
