import { bootstrapService, loadConfig } from '@muon/service-kit';
import { AgentModule } from './agent.module.js';

const config = loadConfig();
await bootstrapService(AgentModule, { host: config.MUON_HEALTH_HOST, port: config.MUON_HEALTH_PORT });
