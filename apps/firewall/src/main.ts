import { bootstrapService, loadConfig } from '@muon/service-kit';
import { FirewallModule } from './firewall.module.js';

const config = loadConfig();
await bootstrapService(FirewallModule, { host: config.MUON_HEALTH_HOST, port: config.MUON_HEALTH_PORT });
