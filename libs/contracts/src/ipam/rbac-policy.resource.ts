import { z } from 'zod';
import { uuidString, type ResourceSpec } from '../resource.js';

/** What a policy grants: use as if shared (ports on a network), or use as external (router gateways). */
export const rbacActions = ['access_as_shared', 'access_as_external'] as const;
export type RbacAction = (typeof rbacActions)[number];

/**
 * The object types policies may name, with the actions each takes and the collection its objects
 * live in (Neutron's rbac_db_models). Sharing another kind of object (qos_policy, security_group,
 * address_scope, subnetpool) is one more line here plus its owner's access checks.
 */
export const RBAC_OBJECT_TYPES = {
  network: { collection: 'networks', actions: ['access_as_shared', 'access_as_external'] },
} as const satisfies Record<string, { collection: string; actions: readonly RbacAction[] }>;
export type RbacObjectType = keyof typeof RBAC_OBJECT_TYPES;
export const rbacObjectTypes = Object.keys(RBAC_OBJECT_TYPES) as [RbacObjectType, ...RbacObjectType[]];

/** target_tenant '*' grants the action to every project. */
export const RBAC_EVERYONE = '*';

const projectIdString = z.string().min(1).max(255);

/**
 * /v2.0/rbac-policies (Neutron's `rbac-policies` extension). Only target_tenant may change; the
 * policy belongs to the project that made it, which must own the object (or be an admin).
 */
export const rbacPolicyResource: ResourceSpec = {
  service: 'ipam',
  collection: 'rbac_policies',
  path: 'rbac-policies',
  member: 'rbac_policy',
  extensions: ['rbac-policies'],
  taggable: false,
  extensionResource: true,
  attributes: {
    id: { schema: uuidString, allowPost: false, allowPut: false, isVisible: true },
    project_id: { schema: projectIdString, allowPost: true, allowPut: false, isVisible: true },
    tenant_id: { schema: projectIdString, allowPost: true, allowPut: false, isVisible: true },
    object_type: { schema: z.enum(rbacObjectTypes), allowPost: true, allowPut: false, required: true, isVisible: true },
    object_id: { schema: uuidString, allowPost: true, allowPut: false, required: true, isVisible: true },
    action: { schema: z.enum(rbacActions), allowPost: true, allowPut: false, required: true, isVisible: true },
    target_tenant: { schema: projectIdString, allowPost: true, allowPut: true, required: true, isVisible: true },
  },
};

/** An RBAC policy as Neutron shows it, and as every ipam.rbac_policy.* event carries it. */
export const RbacPolicySchema = z.object({
  id: z.string(),
  project_id: z.string(),
  tenant_id: z.string(),
  object_type: z.enum(rbacObjectTypes),
  object_id: z.string(),
  action: z.enum(rbacActions),
  target_tenant: z.string(),
});
export type RbacPolicy = z.infer<typeof RbacPolicySchema>;

/** The read-model table of RBAC policies, which other tables' visibility looks through. */
export const RBAC_POLICY_TABLE = 'rbac_policies';

/**
 * Rows of `objectType` that policies open to `projectId` (targeted or '*'): the Visibility entry
 * that lets a member list and show objects shared with it.
 */
export function rbacVisibilityFor(objectType: RbacObjectType, projectId: string, actions: readonly RbacAction[] = RBAC_OBJECT_TYPES[objectType].actions) {
  return {
    table: RBAC_POLICY_TABLE,
    idAttribute: 'object_id',
    matchAny: actions.flatMap((action) => [projectId, RBAC_EVERYONE].map((target_tenant) => ({ object_type: objectType, action, target_tenant }))),
  };
}
