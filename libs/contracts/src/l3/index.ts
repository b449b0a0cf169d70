export * from './router.resource.js';
export * from './floatingip.resource.js';
export * from './l3.events.js';
export * from './l3.errors.js';
export * from './host-routers.js';

import { routerResource } from './router.resource.js';
import { floatingipResource } from './floatingip.resource.js';

/** Every resource L3 owns, in the order the API lists them. */
export const l3Resources = [routerResource, floatingipResource];
