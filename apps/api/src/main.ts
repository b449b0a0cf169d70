import { bootstrapService, loadConfig } from '@muon/service-kit';
import { ApiModule } from './api.module.js';

const config = loadConfig();
await bootstrapService(ApiModule, { host: config.MUON_API_HOST, port: config.MUON_API_PORT });
