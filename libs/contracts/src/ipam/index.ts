export * from './formats.js';
export * from './device-owners.js';
export * from './standard-fields.js';
export * from './network.resource.js';
export * from './subnet.resource.js';
export * from './subnetpool.resource.js';
export * from './port.resource.js';
export * from './rbac-policy.resource.js';
export * from './ipam.errors.js';
export * from './ipam.events.js';

import { networkResource } from './network.resource.js';
import { subnetResource } from './subnet.resource.js';
import { subnetpoolResource } from './subnetpool.resource.js';
import { portResource } from './port.resource.js';
import { rbacPolicyResource } from './rbac-policy.resource.js';
import { agentResource } from '../agents/agent.resource.js';

/** Every resource IPAM owns, in the order the API lists them. */
export const ipamResources = [networkResource, subnetResource, subnetpoolResource, portResource, agentResource, rbacPolicyResource];
