export * from './mac-address.js';
export * from './mac-generation.js';
export * from './eui64.js';
