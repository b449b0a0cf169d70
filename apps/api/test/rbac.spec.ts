import { describe, expect, it } from '@jest/globals';
import { ADMIN, NeutronClient, PROJECT_A, PROJECT_B, expectNeutronError, ids, platformForThisFile, UUID, type Json } from './support/neutron-client.js';

const platform = platformForThisFile();
const a = new NeutronClient(platform, PROJECT_A);
const b = a.as(PROJECT_B);
const c = a.as({ project: 'project-c', roles: 'member' });
const admin = a.as(ADMIN);

let cidr = 0;
/** A network of project A with one subnet, for one test. */
const networkOfA = async (attributes: Record<string, unknown> = {}) =>
  a.networkWithSubnet(`10.${60 + cidr++}.0.0/24`, {}, attributes);

const share = (client: NeutronClient, network: Json, target: string, action = 'access_as_shared') =>
  client.create('rbac-policies', { object_type: 'network', object_id: network.id, action, target_tenant: target });
const policiesOn = async (network: Json) => admin.list('rbac-policies', { object_id: network.id });

describe('rbac-policies', () => {
  it('are created, shown, listed, retargeted and deleted with Neutron\'s fields', async () => {
    const { network } = await networkOfA();
    const policy = await share(a, network, 'project-b');
    expect(policy).toEqual({
      id: expect.stringMatching(UUID), project_id: 'project-a', tenant_id: 'project-a',
      object_type: 'network', object_id: network.id, action: 'access_as_shared', target_tenant: 'project-b',
    });
    expect(await a.show('rbac-policies', policy.id)).toEqual(policy);
    expect(ids(await a.list('rbac-policies', { object_id: network.id }))).toEqual([policy.id]);
    const res = await a.call('GET', `/v2.0/rbac-policies?object_id=${network.id}&fields=target_tenant`);
    expect(res.body).toEqual({ rbac_policies: [{ target_tenant: 'project-b' }] });
    expect(await a.update('rbac-policies', policy.id, { target_tenant: 'project-c' })).toEqual({ ...policy, target_tenant: 'project-c' });
    await a.remove('rbac-policies', policy.id);
    expectNeutronError(await a.call('GET', `/v2.0/rbac-policies/${policy.id}`), 404, 'RbacPolicyNotFound');
  });

  it('validate what they are given: 400 for missing, unknown or malformed attributes, and only target_tenant changes', async () => {
    const { network } = await networkOfA();
    const valid = { object_type: 'network', object_id: network.id, action: 'access_as_shared', target_tenant: 'project-b' };
    const post = (policy: Record<string, unknown>) => a.call('POST', '/v2.0/rbac-policies', { rbac_policy: policy });
    const { target_tenant: _t, ...withoutTarget } = valid;
    expectNeutronError(await post(withoutTarget), 400, 'HTTPBadRequest', /target_tenant/);
    expectNeutronError(await post({ ...valid, object_type: 'router' }), 400, 'HTTPBadRequest', /object_type/);
    expectNeutronError(await post({ ...valid, action: 'access_as_owner' }), 400, 'HTTPBadRequest', /action/);
    expectNeutronError(await post({ ...valid, object_id: 'not-a-uuid' }), 400, 'HTTPBadRequest', /object_id/);
    expectNeutronError(await post({ ...valid, colour: 'red' }), 400, 'HTTPBadRequest', /Unrecognized attribute/);
    const policy = await share(a, network, 'project-b');
    expectNeutronError(await a.call('PUT', `/v2.0/rbac-policies/${policy.id}`, { rbac_policy: { action: 'access_as_external' } }), 400, 'HTTPBadRequest', /not allowed in PUT/);
    expect(ids(await policiesOn(network))).toEqual([policy.id]);
  });

  it('are unique per object, action and target: a duplicate is 409 DuplicateRbacPolicy', async () => {
    const { network } = await networkOfA();
    const first = await share(a, network, 'project-b');
    expectNeutronError(await a.call('POST', '/v2.0/rbac-policies', { rbac_policy: { object_type: 'network', object_id: network.id, action: 'access_as_shared', target_tenant: 'project-b' } }),
      409, 'DuplicateRbacPolicy', 'An RBAC policy already exists with those values.');
    const other = await share(a, network, 'project-c');
    expectNeutronError(await a.call('PUT', `/v2.0/rbac-policies/${other.id}`, { rbac_policy: { target_tenant: 'project-b' } }), 409, 'DuplicateRbacPolicy');
    expect(ids(await policiesOn(network)).sort()).toEqual([first.id, other.id].sort());
  });

  it('are made by the object\'s owner or an admin: a hidden network is 404, a visible one InvalidInput, a wildcard 403 for members', async () => {
    const { network } = await networkOfA();
    const attempt = (client: NeutronClient, target: string) => client.call('POST', '/v2.0/rbac-policies', {
      rbac_policy: { object_type: 'network', object_id: network.id, action: 'access_as_shared', target_tenant: target },
    });
    expectNeutronError(await attempt(b, 'project-b'), 404, 'NetworkNotFound');
    await share(a, network, 'project-b');
    expectNeutronError(await attempt(b, 'project-c'), 400, 'InvalidInput', /Only admins can manipulate policies on networks they do not own/);
    expectNeutronError(await attempt(a, '*'), 403, 'PolicyNotAuthorized', '(rule:create_rbac_policy:target_tenant) is disallowed by policy');
    const byAdmin = (await attempt(admin, 'project-c')).body.rbac_policy;
    expect(byAdmin).toMatchObject({ project_id: 'admin-project', target_tenant: 'project-c' });
    // Another project's policies are hidden like any other resource.
    expect(ids(await b.list('rbac-policies'))).not.toContain(byAdmin.id);
    expectNeutronError(await b.call('DELETE', `/v2.0/rbac-policies/${byAdmin.id}`), 404, 'RbacPolicyNotFound');
  });
});

describe('access_as_shared to one project', () => {
  it('shows the network and its subnets to that project only, which may put ports on it but not subnets', async () => {
    const { network, subnet } = await networkOfA();
    await share(a, network, 'project-b');
    expect(ids(await b.list('networks'))).toContain(network.id);
    // `shared` as Neutron computes it per caller: true for the project a policy shares it with, false
    // for its owner (no policy to everyone), in shows, lists and `fields=` alike.
    expect(await b.show('networks', network.id)).toMatchObject({ id: network.id, shared: true, project_id: 'project-a' });
    expect((await b.list('networks', { id: network.id, fields: ['id', 'shared'] }))[0]).toEqual({ id: network.id, shared: true });
    expect((await a.show('networks', network.id)).shared).toBe(false);
    expect((await a.list('networks', { id: network.id }))[0]!.shared).toBe(false);
    // And filters alike: ?shared=true lists it for B, ?shared=false for its owner.
    expect(ids(await b.list('networks', { shared: true }))).toContain(network.id);
    expect(ids(await b.list('networks', { shared: false }))).not.toContain(network.id);
    expect(ids(await a.list('networks', { shared: false }))).toContain(network.id);
    expect(ids(await a.list('networks', { shared: true }))).not.toContain(network.id);
    expect(ids(await b.list('subnets'))).toContain(subnet.id);
    const port = await b.create('ports', { network_id: network.id });
    expect(port).toMatchObject({ project_id: 'project-b', network_id: network.id });
    expect(port.fixed_ips[0].subnet_id).toBe(subnet.id);
    expectNeutronError(await b.call('POST', '/v2.0/subnets', { subnet: { network_id: network.id, cidr: '10.250.0.0/24', ip_version: 4 } }), 403, 'PolicyNotAuthorized');
    expectNeutronError(await b.call('PUT', `/v2.0/networks/${network.id}`, { network: { name: 'mine' } }), 403, 'PolicyNotAuthorized');

    expect(ids(await c.list('networks'))).not.toContain(network.id);
    expect(ids(await c.list('subnets'))).not.toContain(subnet.id);
    expectNeutronError(await c.call('GET', `/v2.0/networks/${network.id}`), 404, 'NetworkNotFound');
    expectNeutronError(await c.call('POST', '/v2.0/ports', { port: { network_id: network.id } }), 404, 'NetworkNotFound');
  });

  it('cannot be withdrawn while the project has ports on the network (409 RbacPolicyInUse), unless another policy covers it', async () => {
    const { network } = await networkOfA();
    const policy = await share(a, network, 'project-b');
    const port = await b.create('ports', { network_id: network.id });
    expectNeutronError(await a.call('DELETE', `/v2.0/rbac-policies/${policy.id}`), 409, 'RbacPolicyInUse', new RegExp(`RBAC policy on object ${network.id} cannot be removed`));
    expectNeutronError(await a.call('PUT', `/v2.0/rbac-policies/${policy.id}`, { rbac_policy: { target_tenant: 'project-c' } }), 409, 'RbacPolicyInUse');
    expect(await a.show('rbac-policies', policy.id)).toEqual(policy);
    expect((await b.show('networks', network.id)).id).toBe(network.id);

    // A wildcard keeps project B on the network, so the targeted policy may go.
    const everyone = await share(admin, network, '*');
    await a.remove('rbac-policies', policy.id);
    expectNeutronError(await admin.call('DELETE', `/v2.0/rbac-policies/${everyone.id}`), 409, 'RbacPolicyInUse');
    await b.remove('ports', port.id);
    await admin.remove('rbac-policies', everyone.id);
    expectNeutronError(await b.call('GET', `/v2.0/networks/${network.id}`), 404, 'NetworkNotFound');
  });

  it('goes with its network', async () => {
    const { network } = await networkOfA();
    await share(a, network, 'project-b');
    await a.remove('networks', network.id);
    expect(await policiesOn(network)).toEqual([]);
  });
});

describe('access_as_external', () => {
  it('shows the network to the target as external, takes no ports from it, and hides it from others', async () => {
    const { network, subnet } = await networkOfA();
    await share(admin, network, 'project-b', 'access_as_external');
    // Neutron makes the network external when a policy first grants external access.
    expect((await a.show('networks', network.id))['router:external']).toBe(true);
    expect(await b.show('networks', network.id)).toMatchObject({ 'router:external': true, shared: false });
    expect(ids(await b.list('networks', { 'router:external': true }))).toContain(network.id);
    expect(ids(await b.list('subnets'))).not.toContain(subnet.id);
    expectNeutronError(await b.call('POST', '/v2.0/ports', { port: { network_id: network.id } }), 403, 'PolicyNotAuthorized');
    expectNeutronError(await c.call('GET', `/v2.0/networks/${network.id}`), 404, 'NetworkNotFound');
    expect(ids(await c.list('networks'))).not.toContain(network.id);
  });
});

describe('the shared attribute', () => {
  it('is a wildcard access_as_shared policy underneath: setting one sets the other', async () => {
    const net = await admin.create('networks', { name: 'shared-by-flag', shared: true });
    expect(await policiesOn(net)).toEqual([expect.objectContaining({ action: 'access_as_shared', target_tenant: '*', project_id: 'admin-project' })]);
    expect(ids(await c.list('networks'))).toContain(net.id);
    expect((await admin.update('networks', net.id, { shared: false })).shared).toBe(false);
    expect(await policiesOn(net)).toEqual([]);
    expectNeutronError(await c.call('GET', `/v2.0/networks/${net.id}`), 404, 'NetworkNotFound');

    const policy = await share(admin, net, '*');
    expect((await admin.show('networks', net.id)).shared).toBe(true);
    expect((await c.show('networks', net.id)).shared).toBe(true);
    await admin.remove('rbac-policies', policy.id);
    expect((await admin.show('networks', net.id)).shared).toBe(false);
  });

  it('can be turned off while the projects using the network keep a targeted policy, not otherwise', async () => {
    const net = await admin.create('networks', { name: 'unshare-me', shared: true });
    await admin.create('subnets', { network_id: net.id, cidr: '10.240.0.0/24', ip_version: 4 });
    const port = await b.create('ports', { network_id: net.id });
    expectNeutronError(await admin.call('PUT', `/v2.0/networks/${net.id}`, { network: { shared: false } }), 409, 'InvalidSharedSetting');
    await share(admin, net, 'project-b');
    expect((await admin.update('networks', net.id, { shared: false })).shared).toBe(false);
    expect((await b.show('ports', port.id)).network_id).toBe(net.id);
    expect(ids(await c.list('networks'))).not.toContain(net.id);
  });

  it('router:external on a network is a wildcard access_as_external policy', async () => {
    const net = await admin.create('networks', { name: 'public', 'router:external': true });
    expect(await policiesOn(net)).toEqual([expect.objectContaining({ action: 'access_as_external', target_tenant: '*' })]);
    expect(ids(await c.list('networks'))).toContain(net.id);
    await admin.update('networks', net.id, { 'router:external': false });
    expect(await policiesOn(net)).toEqual([]);
    expect(ids(await c.list('networks'))).not.toContain(net.id);
  });
});

describe('quotas', () => {
  it('count a project\'s policies as rbac_policy and refuse one over the limit', async () => {
    const quota = { project: 'project-q', roles: 'member' };
    const q = a.as(quota);
    await admin.update('quotas', 'project-q', { rbac_policy: 1 });
    const net = await q.create('networks', { name: 'q-net' });
    await share(q, net, 'project-b');
    expectNeutronError(await q.call('POST', '/v2.0/rbac-policies', { rbac_policy: { object_type: 'network', object_id: net.id, action: 'access_as_shared', target_tenant: 'project-c' } }), 409, 'OverQuota');
    expect((await q.call('GET', '/v2.0/quotas/project-q/details')).body.quota.rbac_policy).toEqual({ used: 1, limit: 1, reserved: 0 });
  });
});
