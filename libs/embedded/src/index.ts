export { startPostgres, postgresBinDir } from './postgres.js';
export type { RunningServer, PostgresOptions } from './postgres.js';
export { startNats } from './nats.js';
export type { NatsOptions } from './nats.js';
export { freePort } from './ports.js';
export { SERVICE_NODE_FLAGS } from './service-node-flags.js';
export { TestPlatform, type PlatformOptions, type ServiceInstance } from './platform.js';
export { eventually } from './eventually.js';
