import { bootstrapService, loadConfig } from '@muon/service-kit';
import { IpamModule } from './ipam.module.js';

const config = loadConfig();
await bootstrapService(IpamModule, { host: config.MUON_HEALTH_HOST, port: config.MUON_HEALTH_PORT });
