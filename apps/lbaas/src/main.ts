import { bootstrapService, loadConfig } from '@muon/service-kit';
import { LbaasModule } from './lbaas.module.js';

const config = loadConfig();
await bootstrapService(LbaasModule, { host: config.MUON_HEALTH_HOST, port: config.MUON_HEALTH_PORT });
