import { bootstrapService, loadConfig } from '@muon/service-kit';
import { L3Module } from './l3.module.js';

const config = loadConfig();
await bootstrapService(L3Module, { host: config.MUON_HEALTH_HOST, port: config.MUON_HEALTH_PORT });
