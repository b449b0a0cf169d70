import type { RequestContext } from '../context.js';

/**
 * The named checks a policy rule is made of, after Neutron's default policy (neutron/conf/policies):
 * each says how the caller stands to the target of an action.
 */
export type PolicyCheck =
  /** The caller holds the admin role. */
  | 'admin'
  /** A trusted service (the l3 service managing its router ports). */
  | 'service'
  /** The target belongs to the caller's project and the caller may write (any role but reader). */
  | 'project_member'
  /** The target belongs to the caller's project (any role). */
  | 'project_reader'
  /** The target sits on a network of the caller's project, and the caller may write. */
  | 'network_owner_member'
  /** The target sits on a network of the caller's project. */
  | 'network_owner_reader'
  /** An access_as_shared RBAC policy grants the target to the caller or to everyone (a pool's `shared` flag). */
  | 'shared'
  /** An access_as_external RBAC policy grants the target to the caller or to everyone. */
  | 'external'
  /** The target sits on a network shared with the caller. */
  | 'network_shared'
  /** The RBAC policy targets one project, not everyone (Neutron's restrict_wildcard). */
  | 'specific_target';

/** A rule: the action is allowed when any of its checks holds. */
export type PolicyRule = readonly PolicyCheck[];

/**
 * What is known about the target of an action. A fact left out is unknown: `mayAttempt` (the
 * gateway, before the owner has loaded the row) counts it as possibly true, `allows` (the owner,
 * with the row) as false.
 */
export interface PolicyTarget {
  project_id?: string | null;
  /** The project owning the network the target sits on (subnets, ports). */
  network_project_id?: string | null;
  shared?: boolean;
  external?: boolean;
  network_shared?: boolean;
  target_tenant?: string;
}

export type PolicyCaller = Pick<RequestContext, 'isAdmin' | 'roles' | 'projectId'>;

/** Keystone's `reader`: lists and shows, never writes. Any other role may write what its project owns. */
const READ_ONLY_ROLES: ReadonlySet<string> = new Set(['reader']);

const mayWrite = (caller: PolicyCaller): boolean => caller.isAdmin || caller.roles.some((role) => !READ_ONLY_ROLES.has(role));

/** true, false, or undefined when the target lacks the fact the check needs. */
type Tri = boolean | undefined;

const sameProject = (caller: PolicyCaller, project: string | null | undefined): Tri =>
  project === undefined ? undefined : caller.projectId !== null && project === caller.projectId;

const both = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === undefined || b === undefined ? undefined : true);

export function evaluateCheck(check: PolicyCheck, caller: PolicyCaller, target: PolicyTarget): Tri {
  switch (check) {
    case 'admin': return caller.isAdmin;
    case 'service': return caller.roles.includes('service');
    case 'project_member': return both(mayWrite(caller), sameProject(caller, target.project_id));
    case 'project_reader': return sameProject(caller, target.project_id);
    case 'network_owner_member': return both(mayWrite(caller), sameProject(caller, target.network_project_id));
    case 'network_owner_reader': return sameProject(caller, target.network_project_id);
    case 'shared': return target.shared;
    case 'external': return target.external;
    case 'network_shared': return target.network_shared;
    case 'specific_target': return target.target_tenant === undefined ? undefined : target.target_tenant !== '*';
  }
}
