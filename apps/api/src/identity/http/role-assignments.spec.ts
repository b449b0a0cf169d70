import { describe, expect, it } from '@jest/globals';
import type { Role } from '@muon/contracts';
import { impliedRoleNames } from '../implied-roles.js';
import { parseRoleAssignmentQuery, queryFlag } from './role-assignment-query.js';
import { effectiveAssignments, renderRoleAssignment } from './role-assignment-view.js';

const role = (id: string, name: string): Role => ({ id, name, domain_id: null, description: '', options: {} });
const roles = new Map([role('ra', 'admin'), role('rm', 'member'), role('rr', 'reader'), role('rs', 'service')].map((r) => [r.id, r]));

describe('role assignments', () => {
  it('read keystoneclient\'s query: filters, effective and include_names flags', () => {
    expect(parseRoleAssignmentQuery({ 'user.id': 'u', 'scope.project.id': 'p', include_names: 'True' })).toEqual({
      filter: { user_id: 'u', project_id: 'p', role_id: undefined }, roleId: undefined, effective: false, includeNames: true, nothing: false,
    });
    expect(parseRoleAssignmentQuery({ 'role.id': 'rm', effective: '' })).toMatchObject({ filter: { user_id: undefined, project_id: undefined }, roleId: 'rm', effective: true });
    expect(parseRoleAssignmentQuery({ 'group.id': 'g' }).nothing).toBe(true);
    expect([queryFlag(undefined), queryFlag(''), queryFlag('0'), queryFlag('False'), queryFlag('1')]).toEqual([false, true, false, false, true]);
  });

  it('expand implied roles when effective: admin ⇒ member ⇒ reader', () => {
    expect(impliedRoleNames(['admin'])).toEqual(['admin', 'member', 'reader']);
    expect(impliedRoleNames(['service'])).toEqual(['service']);
    const expanded = effectiveAssignments([{ user_id: 'u', project_id: 'p', role_id: 'ra' }, { user_id: 'u', project_id: 'p', role_id: 'rm' }], roles);
    expect(expanded.map((a) => a.role_id)).toEqual(['ra', 'rm', 'rr']);
  });

  it('render ids, or names with their domain when asked', () => {
    const a = { user_id: 'u', project_id: 'p', role_id: 'rm' };
    expect(renderRoleAssignment(a, 'http://x', null)).toEqual({
      role: { id: 'rm' }, user: { id: 'u' }, scope: { project: { id: 'p' } }, links: { assignment: 'http://x/identity/v3/projects/p/users/u/roles/rm' },
    });
    const names = { roles, users: new Map([['u', { name: 'alice' } as never]]), projects: new Map([['p', { name: 'demo' } as never]]) };
    expect(renderRoleAssignment(a, 'http://x', names)).toMatchObject({
      role: { id: 'rm', name: 'member' }, user: { name: 'alice', domain: { name: 'Default' } }, scope: { project: { name: 'demo', domain: { id: 'default' } } },
    });
  });
});
