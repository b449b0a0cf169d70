import { describe, expect, it } from '@jest/globals';
import type { RequestContext } from '../context.js';
import { agentResource } from '../agents/agent.resource.js';
import { ipamResources } from '../ipam/index.js';
import { l3Resources } from '../l3/index.js';
import { allows, attributeRuleName, enforce, mayAttempt, policyRule } from './policy.js';

const caller = (projectId: string | null, roles: string[]): RequestContext =>
  ({ userId: 'u', projectId, roles, isAdmin: roles.includes('admin'), requestId: 'r' });
const admin = caller('p0', ['admin', 'member', 'reader']);
const member = caller('p1', ['member', 'reader']);
const reader = caller('p1', ['reader']);

describe('the policy table', () => {
  it('has a rule for every verb of every resource the API serves', () => {
    for (const spec of [...ipamResources, ...l3Resources, agentResource]) {
      for (const verb of ['create', 'get', 'update', 'delete']) expect([spec.member, verb, policyRule(`${verb}_${spec.member}`)]).toEqual([spec.member, verb, expect.any(Array)]);
      expect(policyRule(`update_${spec.collection}_tags`)).toEqual(policyRule(`update_${spec.member}`));
    }
  });

  it('refuses an action it does not know', () => {
    expect(allows('launch_rocket', admin)).toBe(false);
    expect(mayAttempt('launch_rocket', admin)).toBe(false);
  });

  it('lets a member write its own project, a reader only read it, and neither touch another project', () => {
    expect(allows('update_network', member, { project_id: 'p1' })).toBe(true);
    expect(allows('update_network', reader, { project_id: 'p1' })).toBe(false);
    expect(allows('get_network', reader, { project_id: 'p1' })).toBe(true);
    expect(allows('get_network', member, { project_id: 'p2' })).toBe(false);
    expect(allows('update_network', admin, { project_id: 'p2' })).toBe(true);
    expect(allows('get_network', member, { project_id: 'p2', external: true })).toBe(true);
    expect(allows('update_network', member, { project_id: 'p2', shared: true })).toBe(false);
  });

  it('lets a network owner read and delete, but not change, ports others made on its network', () => {
    const othersPort = { project_id: 'p2', network_project_id: 'p1' };
    expect(allows('get_port', member, othersPort)).toBe(true);
    expect(allows('delete_port', member, othersPort)).toBe(true);
    expect(allows('update_port', member, othersPort)).toBe(false);
    expect(allows('delete_port', reader, othersPort)).toBe(false);
  });

  it('counts an unknown fact as possible in mayAttempt and as false in allows', () => {
    expect(mayAttempt('update_network', member)).toBe(true);
    expect(allows('update_network', member)).toBe(false);
    expect(mayAttempt('update_network', reader)).toBe(false);
    expect(mayAttempt('create_rbac_policy:target_tenant', member, { target_tenant: '*' })).toBe(false);
    expect(mayAttempt('create_rbac_policy:target_tenant', member, { target_tenant: 'p3' })).toBe(true);
  });

  it('finds attribute rules, with create_*:project_id for every resource', () => {
    expect(attributeRuleName('create', { member: 'network' }, 'shared')).toBe('create_network:shared');
    expect(attributeRuleName('create', { member: 'network' }, 'name')).toBeUndefined();
    expect(policyRule('create_router:project_id')).toEqual(policyRule('create_*:project_id'));
    expect(allows('create_router:project_id', member, { project_id: 'p1' })).toBe(true);
    expect(allows('create_router:project_id', member, { project_id: 'p2' })).toBe(false);
  });

  it('answers 403 with the rule name as Neutron does', () => {
    expect(() => enforce('create_network:shared', member)).toThrow('(rule:create_network:shared) is disallowed by policy');
    expect(() => enforce('create_network:shared', admin)).not.toThrow();
  });
});
