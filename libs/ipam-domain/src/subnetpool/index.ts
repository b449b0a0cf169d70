export * from './pool-prefixes.js';
export * from './prefix-bounds.js';
export * from './prefix-allocation.js';
export * from './subnetpool.commands.js';
export * from './subnetpool.decider.js';
