export * from './agent-identity.js';
export * from './agent.decider.js';
