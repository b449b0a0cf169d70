import { describe, expect, it } from '@jest/globals';
import { IpamEventType, NeutronError, type RbacPolicy, type RequestContext } from '@muon/contracts';
import { decideRbacPolicy, evolveRbacPolicy, projectsLosingAccess } from './rbac-policy.decider.js';
import type { RbacObjectFacts, RbacPolicyCommand, RbacPolicyState } from './rbac-policy.commands.js';

const NET = '11111111-1111-4111-8111-111111111111';
const owner: RequestContext = { userId: null, projectId: 'owner', roles: ['member'], isAdmin: false, requestId: 'r' };
const stranger: RequestContext = { ...owner, projectId: 'stranger' };
const admin: RequestContext = { ...owner, projectId: 'admin', roles: ['admin'], isAdmin: true };

const policy = (id: string, target: string, action: RbacPolicy['action'] = 'access_as_shared'): RbacPolicy =>
  ({ id, project_id: 'owner', tenant_id: 'owner', object_type: 'network', object_id: NET, action, target_tenant: target });
const network = (policies: RbacPolicy[], dependants: RbacObjectFacts['dependants'] = []): RbacObjectFacts =>
  ({ id: NET, project_id: 'owner', policies, dependants });
const empty: RbacPolicyState = { rbac_policy: null, deleted: false };
const holding = (p: RbacPolicy): RbacPolicyState => ({ rbac_policy: p, deleted: false });
const create = (target: string, object: RbacObjectFacts, action: RbacPolicy['action'] = 'access_as_shared'): RbacPolicyCommand => ({
  type: 'create', id: 'p-new', object,
  attributes: { project_id: 'owner', object_type: 'network', object_id: NET, action, target_tenant: target },
});
const errorOf = (fn: () => unknown): NeutronError => {
  try { fn(); } catch (e) { return e as NeutronError; }
  throw new Error('expected an error');
};

describe('creating an RBAC policy', () => {
  it('grants the action to the target and carries the whole policy in its event', () => {
    const [e] = decideRbacPolicy(create('tenant-b', network([])), empty, owner);
    expect(e).toEqual({
      type: IpamEventType.rbacPolicyCreated, version: 1, projectId: 'owner',
      data: { rbac_policy: policy('p-new', 'tenant-b') },
    });
    expect(evolveRbacPolicy(empty, e!).rbac_policy).toEqual(policy('p-new', 'tenant-b'));
  });

  it('is for the object\'s owner or an admin: anyone else is InvalidInput, as in Neutron', () => {
    expect(errorOf(() => decideRbacPolicy(create('*', network([])), empty, stranger))).toMatchObject({ status: 400, type: 'InvalidInput' });
    expect(decideRbacPolicy(create('*', network([])), empty, admin)).toHaveLength(1);
  });

  it('shares with everyone (\'*\') only when an admin asks, as Neutron\'s restrict_wildcard rule has it', () => {
    expect(errorOf(() => decideRbacPolicy(create('*', network([])), empty, owner)))
      .toMatchObject({ status: 403, type: 'PolicyNotAuthorized', message: '(rule:create_rbac_policy:target_tenant) is disallowed by policy' });
  });

  it('refuses a second policy with the same object, action and target (409 DuplicateRbacPolicy)', () => {
    const existing = network([policy('p1', 'tenant-b')]);
    expect(errorOf(() => decideRbacPolicy(create('tenant-b', existing), empty, owner))).toMatchObject({ status: 409, type: 'DuplicateRbacPolicy' });
    expect(decideRbacPolicy(create('tenant-b', existing, 'access_as_external'), empty, owner)).toHaveLength(1);
  });
});

describe('changing or removing a policy', () => {
  const shareB = policy('p1', 'tenant-b');
  const portOfB = { project_id: 'tenant-b', device_owner: 'compute:nova' };

  it('may only retarget it; the same target emits nothing', () => {
    const [e] = decideRbacPolicy({ type: 'update', id: 'p1', changes: { target_tenant: 'tenant-c' }, object: network([shareB]) }, holding(shareB), owner);
    expect(e!.data.rbac_policy).toEqual({ ...shareB, target_tenant: 'tenant-c' });
    expect(decideRbacPolicy({ type: 'update', id: 'p1', changes: { target_tenant: 'tenant-b' }, object: network([shareB]) }, holding(shareB), owner)).toEqual([]);
  });

  it('is 409 RbacPolicyInUse while the target still has ports and nothing else grants it access', () => {
    const inUse = network([shareB], [portOfB]);
    expect(errorOf(() => decideRbacPolicy({ type: 'delete', id: 'p1', object: inUse }, holding(shareB), owner)))
      .toMatchObject({ status: 409, type: 'RbacPolicyInUse' });
    expect(errorOf(() => decideRbacPolicy({ type: 'update', id: 'p1', changes: { target_tenant: 'tenant-c' }, object: inUse }, holding(shareB), owner)))
      .toMatchObject({ status: 409, type: 'RbacPolicyInUse' });
  });

  it('is allowed when a wildcard or another policy still covers the target, or the object goes too', () => {
    const everyone = policy('p2', '*');
    expect(decideRbacPolicy({ type: 'delete', id: 'p1', object: network([shareB, everyone], [portOfB]) }, holding(shareB), owner)).toHaveLength(1);
    expect(decideRbacPolicy({ type: 'update', id: 'p2', changes: { target_tenant: 'tenant-b' }, object: network([everyone], [portOfB]) }, holding(everyone), owner)).toHaveLength(1);
    expect(errorOf(() => decideRbacPolicy({ type: 'update', id: 'p2', changes: { target_tenant: 'tenant-c' }, object: network([everyone], [portOfB]) }, holding(everyone), owner)))
      .toMatchObject({ type: 'RbacPolicyInUse' });
    expect(decideRbacPolicy({ type: 'delete', id: 'p1', object: network([shareB], [portOfB]), dependantsChecked: true }, holding(shareB), owner)).toHaveLength(1);
  });
});

describe('projectsLosingAccess', () => {
  it('counts ports for sharing, only router gateways for external access, and never the owner', () => {
    const dependants = [
      { project_id: 'tenant-b', device_owner: 'compute:nova' },
      { project_id: 'tenant-c', device_owner: 'network:router_gateway' },
      { project_id: 'owner', device_owner: 'compute:nova' },
    ];
    expect(projectsLosingAccess(policy('p1', '*'), network([policy('p1', '*')], dependants))).toEqual(['tenant-b', 'tenant-c']);
    expect(projectsLosingAccess(policy('p1', '*', 'access_as_external'), network([], dependants))).toEqual(['tenant-c']);
    expect(projectsLosingAccess(policy('p1', 'tenant-c'), network([], dependants))).toEqual(['tenant-c']);
    expect(projectsLosingAccess(policy('p1', '*'), network([policy('p3', 'tenant-b')], dependants))).toEqual(['tenant-c']);
  });
});
