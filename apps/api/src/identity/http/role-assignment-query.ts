import type { RoleAssignment } from '@muon/contracts';

/** Keystone's reading of a boolean query flag: present means true unless it says 0 or false. */
export const queryFlag = (value: string | string[] | undefined): boolean => {
  if (value === undefined) return false;
  const v = (Array.isArray(value) ? value[0] : value)!.toLowerCase();
  return v !== '0' && v !== 'false';
};

export interface RoleAssignmentQuery {
  filter: Partial<RoleAssignment>;
  /** Role filter applied after implied roles are expanded (an effective admin is also a member). */
  roleId?: string;
  effective: boolean;
  includeNames: boolean;
  /** Muon has no groups, domain or system assignments: a query about them lists nothing. */
  nothing: boolean;
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** `GET /v3/role_assignments` as keystoneclient sends it (user.id, scope.project.id, role.id, effective, include_names, …). */
export function parseRoleAssignmentQuery(query: Record<string, string | string[] | undefined>): RoleAssignmentQuery {
  const effective = queryFlag(query.effective);
  const roleId = one(query['role.id']);
  return {
    filter: { user_id: one(query['user.id']), project_id: one(query['scope.project.id']), ...(effective ? {} : { role_id: roleId }) },
    roleId: effective ? roleId : undefined,
    effective,
    includeNames: queryFlag(query.include_names),
    nothing: ['group.id', 'scope.domain.id', 'scope.system', 'scope.OS-INHERIT:inherited_to'].some((k) => query[k] !== undefined),
  };
}
