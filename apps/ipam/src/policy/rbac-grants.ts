import { RBAC_EVERYONE, RBAC_OBJECT_TYPES, RBAC_POLICY_TABLE, type RbacAction, type RbacObjectType } from '@muon/contracts';

type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/** What another project may do with a row it does not own: see it, and attach to it (ports on a shared network). */
export interface CrossProjectAccess {
  read: boolean;
  attach: boolean;
}

const NO_ACCESS: CrossProjectAccess = { read: false, attach: false };

/** The RBAC object type whose rows live in `collection`, if its access comes from RBAC policies. */
export const rbacObjectTypeOf = (collection: string): RbacObjectType | undefined =>
  (Object.keys(RBAC_OBJECT_TYPES) as RbacObjectType[]).find((t) => RBAC_OBJECT_TYPES[t].collection === collection);

/** Containment patterns for the policies that grant `actions` on `objectType` to `projectId` or to everyone. */
export const grantPatterns = (objectType: RbacObjectType, projectId: string, actions: readonly RbacAction[], objectId?: string): string[] =>
  actions.flatMap((action) => [projectId, RBAC_EVERYONE].map((target_tenant) =>
    JSON.stringify({ object_type: objectType, action, target_tenant, ...(objectId ? { object_id: objectId } : {}) })));

/**
 * SQL for the ids of networks shared with the project in parameter `projectParam` (access_as_shared
 * to it or to everyone), for the rules that reach subnets and ports through their network.
 */
export const networksSharedWithSql = (projectParam: string): string =>
  `select (g.body->>'object_id')::uuid from ${RBAC_POLICY_TABLE} g
    where g.body @> any(array[jsonb_build_object('object_type', 'network', 'action', 'access_as_shared', 'target_tenant', ${projectParam}::text),
                              '{"object_type": "network", "action": "access_as_shared", "target_tenant": "*"}'::jsonb])`;

/**
 * What `projectId` may do with another project's row: for RBAC object types, what the policies on
 * it grant (any policy to see it; access_as_shared to attach to it); for other resources (subnet
 * pools, until they get RBAC), their `shared` flag.
 */
export async function crossProjectAccess(q: Query, collection: string, row: { id?: unknown; shared?: unknown }, projectId: string | null): Promise<CrossProjectAccess> {
  if (projectId === null) return NO_ACCESS;
  const objectType = rbacObjectTypeOf(collection);
  if (!objectType) return row.shared === true ? { read: true, attach: true } : NO_ACCESS;
  const actions = RBAC_OBJECT_TYPES[objectType].actions;
  const rows = await q(
    `select distinct g.body->>'action' as action from ${RBAC_POLICY_TABLE} g where g.body @> any($1::jsonb[])`,
    [grantPatterns(objectType, projectId, actions, String(row.id))],
  );
  const granted = new Set(rows.map((r) => r.action as RbacAction));
  return { read: granted.size > 0, attach: granted.has('access_as_shared') };
}
