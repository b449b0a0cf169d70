export * from './agent.resource.js';
export * from './agent.events.js';
export * from './agent-rpc.js';
export * from './host-state.js';
