export * from './network.commands.js';
export * from './network-delete.js';
export * from './network.decider.js';
