export * from './router/router.commands.js';
export * from './router/router.decider.js';
export * from './router/extra-routes.js';
export * from './router/interface-checks.js';
export * from './floatingip/floatingip.commands.js';
export * from './floatingip/floatingip.decider.js';
export * from './floatingip/floatingip-router.js';
export * from './scheduling/router-scheduling.js';
