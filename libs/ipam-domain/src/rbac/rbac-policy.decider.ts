import {
  DeviceOwner, enforce, IpamErrors, IpamEventType, RBAC_EVERYONE, RBAC_OBJECT_TYPES,
  type RbacAction, type RbacPolicy, type RbacPolicyEvent, type RequestContext,
} from '@muon/contracts';
import type { RbacDependant, RbacObjectFacts, RbacPolicyCommand, RbacPolicyState } from './rbac-policy.commands.js';

const event = (type: RbacPolicyEvent['type'], policy: RbacPolicy): RbacPolicyEvent =>
  ({ type, version: 1, projectId: policy.project_id, data: { rbac_policy: policy } }) as RbacPolicyEvent;

/**
 * What a project holds through each action, and so may not lose from under it (Neutron's
 * ensure_no_tenant_ports_on_network and _validate_ext_not_in_use_by_tenant): any port it made on a
 * shared network; only its routers' gateway ports on an external one.
 */
const HELD_THROUGH: Record<RbacAction, { holds: (d: RbacDependant) => boolean; details: (objectId: string) => string }> = {
  access_as_shared: {
    holds: () => true,
    details: (id) => `Unable to reconfigure sharing settings for network ${id}. Multiple tenants are using it.`,
  },
  access_as_external: {
    holds: (d) => d.device_owner === DeviceOwner.routerGateway,
    details: () => 'There are routers attached to this network that depend on this policy for access.',
  },
};

/**
 * Neutron's RBAC policies: the owner of an object (or an admin) grants another project, or every
 * project ('*'), an action on it. Only target_tenant changes; a policy may not be withdrawn while
 * the project losing access still holds something through it and no other policy covers it.
 */
export function decideRbacPolicy(command: RbacPolicyCommand, state: RbacPolicyState, ctx: RequestContext): RbacPolicyEvent[] {
  if (command.type === 'create') {
    if (state.rbac_policy || state.deleted) throw IpamErrors.alreadyExists('rbac_policy', command.id);
    const a = command.attributes;
    const valid: readonly RbacAction[] = RBAC_OBJECT_TYPES[a.object_type].actions;
    if (!valid.includes(a.action)) throw IpamErrors.invalidActionForType(a.action, a.object_type, valid);
    assertOwnerOrAdmin(command.object, a.object_type, ctx);
    assertWildcardByAdmin(a.target_tenant, 'create', ctx);
    const policy: RbacPolicy = {
      id: command.id, project_id: a.project_id, tenant_id: a.project_id,
      object_type: a.object_type, object_id: command.object.id, action: a.action, target_tenant: a.target_tenant,
    };
    assertUnique(policy, command.object.policies);
    return [event(IpamEventType.rbacPolicyCreated, policy)];
  }
  const current = state.rbac_policy;
  if (!current || state.deleted) throw IpamErrors.rbacPolicyNotFound(command.id);
  switch (command.type) {
    case 'update': {
      const target = command.changes.target_tenant;
      if (target === undefined || target === current.target_tenant) return [];
      assertOwnerOrAdmin(command.object, current.object_type, ctx);
      assertWildcardByAdmin(target, 'update', ctx);
      const next = { ...current, target_tenant: target };
      assertUnique(next, command.object.policies);
      assertNotInUse(current, command.object, target);
      return [event(IpamEventType.rbacPolicyUpdated, next)];
    }
    case 'delete':
      if (!command.dependantsChecked) assertNotInUse(current, command.object);
      return [event(IpamEventType.rbacPolicyDeleted, current)];
  }
}

function assertOwnerOrAdmin(object: RbacObjectFacts, objectType: string, ctx: RequestContext): void {
  if (!ctx.isAdmin && object.project_id !== ctx.projectId) throw IpamErrors.notObjectOwner(objectType);
}

/** Neutron's restrict_wildcard rule: only an admin shares with everyone (as only an admin sets `shared`). */
function assertWildcardByAdmin(target: string, verb: 'create' | 'update', ctx: RequestContext): void {
  enforce(`${verb}_rbac_policy:target_tenant`, ctx, { target_tenant: target });
}

/** Neutron's unique key: one policy per object, action and target. */
function assertUnique(policy: RbacPolicy, policies: RbacPolicy[]): void {
  const same = (p: RbacPolicy) => p.id !== policy.id && p.action === policy.action && p.target_tenant === policy.target_tenant;
  if (policies.some(same)) throw IpamErrors.duplicateRbacPolicy();
}

/**
 * The projects that `policy` (removed, or retargeted to `newTarget`) stops covering, which still
 * hold something on the object through its action. The owner never needs a policy.
 */
export function projectsLosingAccess(policy: RbacPolicy, object: RbacObjectFacts, newTarget?: string): string[] {
  const remaining = new Set(object.policies.filter((p) => p.id !== policy.id && p.action === policy.action).map((p) => p.target_tenant));
  if (newTarget !== undefined) remaining.add(newTarget);
  if (remaining.has(RBAC_EVERYONE)) return [];
  const losing = object.dependants
    .filter((d) => HELD_THROUGH[policy.action].holds(d))
    .map((d) => d.project_id)
    .filter((p) => p !== object.project_id && !remaining.has(p) && (policy.target_tenant === RBAC_EVERYONE || p === policy.target_tenant));
  return [...new Set(losing)].sort();
}

function assertNotInUse(policy: RbacPolicy, object: RbacObjectFacts, newTarget?: string): void {
  if (projectsLosingAccess(policy, object, newTarget).length > 0) {
    throw IpamErrors.rbacPolicyInUse(object.id, HELD_THROUGH[policy.action].details(object.id));
  }
}

export function evolveRbacPolicy(state: RbacPolicyState, e: { type: string; data: unknown }): RbacPolicyState {
  const { rbac_policy } = e.data as { rbac_policy: RbacPolicy };
  switch (e.type) {
    case IpamEventType.rbacPolicyCreated:
    case IpamEventType.rbacPolicyUpdated:
      return { rbac_policy, deleted: false };
    case IpamEventType.rbacPolicyDeleted:
      return { rbac_policy, deleted: true };
    default:
      return state;
  }
}

