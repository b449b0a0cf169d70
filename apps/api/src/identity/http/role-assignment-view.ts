import { DEFAULT_DOMAIN, type Project, type Role, type RoleAssignment, type User } from '@muon/contracts';
import { impliedRoleNames } from '../implied-roles.js';

export interface AssignmentNames { users: Map<string, User>; projects: Map<string, Project>; roles: Map<string, Role> }

/** With `effective`, each assignment stands also for the roles its role implies (Keystone's implied roles). */
export function effectiveAssignments(assignments: RoleAssignment[], roles: Map<string, Role>): RoleAssignment[] {
  const byName = new Map([...roles.values()].map((r) => [r.name, r]));
  const seen = new Set<string>();
  const out: RoleAssignment[] = [];
  for (const a of assignments) {
    const name = roles.get(a.role_id)?.name;
    const implied = name ? impliedRoleNames([name]).map((n) => byName.get(n)?.id).filter((id): id is string => !!id) : [a.role_id];
    for (const roleId of implied) {
      const key = `${a.user_id}|${a.project_id}|${roleId}`;
      if (!seen.has(key)) { seen.add(key); out.push({ ...a, role_id: roleId }); }
    }
  }
  return out;
}

/** One entry of `GET /v3/role_assignments`, with names when asked for (include_names). */
export function renderRoleAssignment(a: RoleAssignment, baseUrl: string, names: AssignmentNames | null) {
  const domain = { id: DEFAULT_DOMAIN.id, name: DEFAULT_DOMAIN.name };
  return {
    role: names ? { id: a.role_id, name: names.roles.get(a.role_id)?.name ?? '' } : { id: a.role_id },
    user: names ? { id: a.user_id, name: names.users.get(a.user_id)?.name ?? '', domain } : { id: a.user_id },
    scope: { project: names ? { id: a.project_id, name: names.projects.get(a.project_id)?.name ?? '', domain } : { id: a.project_id } },
    links: { assignment: `${baseUrl}/identity/v3/projects/${a.project_id}/users/${a.user_id}/roles/${a.role_id}` },
  };
}
