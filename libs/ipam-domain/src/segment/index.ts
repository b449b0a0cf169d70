export * from './segment-config.js';
export * from './provider-segment.js';
export * from './segment-candidates.js';
