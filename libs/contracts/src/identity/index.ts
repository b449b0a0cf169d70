export * from './identity.resources.js';
export * from './identity.events.js';
export * from './keystone-auth.js';
