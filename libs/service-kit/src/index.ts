export { ServiceKitModule } from './service-kit.module.js';
export { bootstrapService, type BootOptions } from './bootstrap.js';
export { loadConfig, type MuonConfig } from './config.js';
export { Readiness } from './readiness.js';
export { CONFIG, LOGGER, METRICS, NATS, RPC_CLIENT, SERVICE_NAME } from './tokens.js';
export type { Logger } from '@muon/telemetry';
export { OwnerStore } from './owner-store.js';
