import { RBAC_EVERYONE, RBAC_OBJECT_TYPES, RBAC_POLICY_TABLE, rbacObjectTypeOf, type PolicyTarget, type RbacAction, type RbacObjectType } from '@muon/contracts';

type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

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
 * The policy facts `shared` and `external` of another project's row for `projectId`: for RBAC
 * object types, whether a policy on it grants access_as_shared / access_as_external to the project
 * or to everyone; for other resources (subnet pools, until they get RBAC), their `shared` flag.
 */
export async function rbacFacts(q: Query, collection: string, row: { id?: unknown; shared?: unknown }, projectId: string | null): Promise<Pick<PolicyTarget, 'shared' | 'external'>> {
  if (projectId === null) return { shared: false, external: false };
  const objectType = rbacObjectTypeOf(collection);
  if (!objectType) return { shared: row.shared === true, external: false };
  const rows = await q(
    `select distinct g.body->>'action' as action from ${RBAC_POLICY_TABLE} g where g.body @> any($1::jsonb[])`,
    [grantPatterns(objectType, projectId, RBAC_OBJECT_TYPES[objectType].actions, String(row.id))],
  );
  const granted = new Set(rows.map((r) => r.action as RbacAction));
  return { shared: granted.has('access_as_shared'), external: granted.has('access_as_external') };
}
