export * from './address-pools.js';
export * from './address-candidates.js';
