export * from './rbac-policy.commands.js';
export * from './rbac-policy.decider.js';
export * from './network-access.js';
