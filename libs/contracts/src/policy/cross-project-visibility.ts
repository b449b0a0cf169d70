import { RBAC_OBJECT_TYPES, RBAC_POLICY_TABLE, rbacVisibilityFor, type RbacAction, type RbacObjectType } from '../ipam/rbac-policy.resource.js';
import type { Visibility } from '../list-query.js';
import type { ResourceSpec } from '../resource.js';
import type { PolicyCheck } from './policy-check.js';
import { policyRule } from './policy.js';

/** The RBAC object type whose rows live in `collection`, if its sharing comes from RBAC policies. */
export const rbacObjectTypeOf = (collection: string): RbacObjectType | undefined =>
  (Object.keys(RBAC_OBJECT_TYPES) as RbacObjectType[]).find((t) => RBAC_OBJECT_TYPES[t].collection === collection);

/** The RBAC action behind each check that opens a row to other projects. */
const RBAC_ACTION_OF: Partial<Record<PolicyCheck, RbacAction>> = { shared: 'access_as_shared', external: 'access_as_external' };

export type CrossProjectVisibility = Pick<Visibility, 'alsoVisibleWhen' | 'alsoVisibleThrough' | 'trueForCallerThrough'>;

/**
 * The rows of other projects that the checks of `get_<member>` open to a member, as list filters:
 * for an RBAC object type, the policies granting it to the member or to everyone; for another
 * resource (subnet pools), its `shared` flag. Rows reached through their network (subnets, ports)
 * are the owner's to add, since only it holds the networks. And, for an RBAC object type, `shared`
 * as Neutron shows it to this caller: true also where a policy shares it with the caller's project
 * alone (the stored document says true only for a policy to everyone).
 */
export function visibleAcrossProjects(spec: ResourceSpec, projectId: string): CrossProjectVisibility {
  const rule = policyRule(`get_${spec.member}`) ?? [];
  const actions = rule.flatMap((check) => RBAC_ACTION_OF[check] ?? []);
  if (actions.length === 0) return {};
  const objectType = rbacObjectTypeOf(spec.collection);
  if (objectType) {
    return {
      alsoVisibleThrough: [rbacVisibilityFor(objectType, projectId, actions)],
      ...(rule.includes('shared') ? { trueForCallerThrough: [sharedWithProject(objectType, projectId)] } : {}),
    };
  }
  return rule.includes('shared') ? { alsoVisibleWhen: [{ attribute: 'shared', value: true }] } : {};
}

const sharedWithProject = (objectType: RbacObjectType, projectId: string) => ({
  attribute: 'shared', table: RBAC_POLICY_TABLE, idAttribute: 'object_id',
  matchAny: [{ object_type: objectType, action: 'access_as_shared', target_tenant: projectId }],
});
