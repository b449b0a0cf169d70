import { describe, expect, it } from '@jest/globals';
import { ADMIN_PASSWORD, builtinPlatformForThisFile } from './support/identity-client.js';
import type { Json } from './support/neutron-client.js';
import { openstackCli, type Login } from './support/openstack-cli.js';

const platform = builtinPlatformForThisFile();

const ADMIN: Login = { user: 'admin', password: ADMIN_PASSWORD, project: 'admin' };
const ALICE: Login = { user: 'alice', password: 'alice-secret', project: 'cli-project-a' };
const BOB: Login = { user: 'bob', password: 'bob-secret', project: 'cli-project-b' };

const { openstack, failure } = openstackCli(platform);

describe('the openstack CLI against the built-in identity', () => {
  const ids: Record<string, string> = {};

  it('issues a token and manages projects, users and role assignments as the admin', async () => {
    const token = await openstack(ADMIN, 'token', 'issue');
    expect(token.id).toMatch(/^m1\./);
    expect(token.project_id).toMatch(/^[0-9a-f]{32}$/);

    ids.projectA = (await openstack(ADMIN, 'project', 'create', '--description', 'first tenant', ALICE.project)).id;
    ids.projectB = (await openstack(ADMIN, 'project', 'create', BOB.project)).id;
    const alice = await openstack(ADMIN, 'user', 'create', '--password', ALICE.password, ALICE.user);
    expect(alice).toMatchObject({ name: 'alice', domain_id: 'default', enabled: true });
    ids.alice = alice.id;
    ids.bob = (await openstack(ADMIN, 'user', 'create', '--password', BOB.password, BOB.user)).id;
    await openstack(ADMIN, 'role', 'add', '--project', ALICE.project, '--user', ALICE.user, 'member');
    await openstack(ADMIN, 'role', 'add', '--project', BOB.project, '--user', BOB.user, 'member');

    const named = await openstack(ADMIN, 'role', 'assignment', 'list', '--project', ALICE.project, '--names');
    expect(named).toEqual([expect.objectContaining({ Role: 'member', User: 'alice@Default', Project: `${ALICE.project}@Default` })]);
    const bobs = await openstack(ADMIN, 'role', 'assignment', 'list', '--user', BOB.user);
    expect(bobs.map((a: Json) => [a.Role.length, a.User, a.Project])).toEqual([[32, ids.bob, ids.projectB]]);
  });

  it('lets each member project build its own network, subnet and port, invisible to the other', async () => {
    const net = await openstack(ALICE, 'network', 'create', 'net-a');
    expect(net).toMatchObject({ name: 'net-a', project_id: ids.projectA, status: 'ACTIVE' });
    ids.netA = net.id;
    const subnet = await openstack(ALICE, 'subnet', 'create', '--network', 'net-a', '--subnet-range', '203.0.113.0/26', 'subnet-a');
    expect(subnet).toMatchObject({ cidr: '203.0.113.0/26', project_id: ids.projectA });
    const port = await openstack(ALICE, 'port', 'create', '--network', 'net-a', '--fixed-ip', 'ip-address=203.0.113.10', 'port-a');
    expect(port).toMatchObject({ fixed_ips: [{ subnet_id: subnet.id, ip_address: '203.0.113.10' }], project_id: ids.projectA });
    ids.portA = port.id;
    expect((await openstack(ALICE, 'port', 'list', '--network', 'net-a')).map((p: Json) => p.ID)).toEqual([port.id]);
    await openstack(ALICE, 'network', 'set', '--name', 'net-a-renamed', 'net-a');
    expect(await openstack(ALICE, 'network', 'show', ids.netA)).toMatchObject({ name: 'net-a-renamed', subnets: [subnet.id] });

    expect(await openstack(BOB, 'network', 'list')).toEqual([]);
    expect(await failure(BOB, 'network', 'show', ids.netA)).toMatch(/No Network found|could not be found/i);
    const netB = await openstack(BOB, 'network', 'create', 'net-b');
    expect(netB.project_id).toBe(ids.projectB);
    ids.netB = netB.id;
    expect((await openstack(BOB, 'network', 'list')).map((n: Json) => n.ID)).toEqual([netB.id]);
    expect((await openstack(ALICE, 'network', 'list')).map((n: Json) => n.ID)).toEqual([ids.netA]);
  });

  it('shows the admin every project\'s resources and keeps members out of the identity admin API', async () => {
    expect((await openstack(ADMIN, 'network', 'list')).map((n: Json) => n.ID).sort()).toEqual([ids.netA, ids.netB].sort());
    expect(await openstack(ADMIN, 'port', 'show', ids.portA)).toMatchObject({ name: 'port-a', project_id: ids.projectA });
    expect(await failure(ALICE, 'project', 'create', 'sneaky')).toMatch(/not authorized|Forbidden|403/i);
  });

  it('sets and shows quotas, and shares a network with one other project through an RBAC policy', async () => {
    // Debian's client (6.0) builds nova and cinder clients in `quota set` and `quota show`, which
    // fail without compute and volume endpoints before Neutron is asked; `quota list --network`
    // asks only Neutron. So the limits are set with the admin's token over HTTP, read with the CLI.
    const adminToken = (await openstack(ADMIN, 'token', 'issue')).id;
    const put = (token: string, networks: number) => fetch(`${platform.apiUrl}/v2.0/quotas/${ids.projectA}`, {
      method: 'PUT', headers: { 'x-auth-token': token, 'content-type': 'application/json' }, body: JSON.stringify({ quota: { network: networks, port: 40 } }),
    });
    expect((await put(adminToken, 7)).status).toBe(200);
    expect((await put((await openstack(ALICE, 'token', 'issue')).id, 70)).status).toBe(403);
    const listed = await openstack(ADMIN, 'quota', 'list', '--network');
    expect(listed.find((q: Json) => q['Project ID'] === ids.projectA)).toMatchObject({ Networks: 7, Ports: 40, Subnets: 100 });
    const detail = await openstack(ADMIN, 'quota', 'list', '--network', '--detail', '--project', ALICE.project);
    expect(detail.find((r: Json) => r.Resource === 'networks')).toMatchObject({ 'In Use': 1, Limit: 7 });

    const rbac = await openstack(ALICE, 'network', 'rbac', 'create', '--type', 'network', '--action', 'access_as_shared', '--target-project', ids.projectB, ids.netA);
    expect(rbac).toMatchObject({ object_id: ids.netA, object_type: 'network', action: 'access_as_shared', target_project_id: ids.projectB });
    expect((await openstack(BOB, 'network', 'list')).map((n: Json) => n.ID).sort()).toEqual([ids.netA, ids.netB].sort());
    const bobsPort = await openstack(BOB, 'port', 'create', '--network', ids.netA, 'bob-on-a');
    expect(bobsPort.project_id).toBe(ids.projectB);
    expect(await failure(ALICE, 'network', 'rbac', 'delete', rbac.id)).toMatch(/409|in use|RbacPolicyInUse/i);
    await openstack(BOB, 'port', 'delete', bobsPort.id);
    await openstack(ALICE, 'network', 'rbac', 'delete', rbac.id);
    expect((await openstack(BOB, 'network', 'list')).map((n: Json) => n.ID)).toEqual([ids.netB]);
  });

  it('deletes what a member created, and a removed role ends the member\'s access', async () => {
    await openstack(ALICE, 'port', 'delete', ids.portA);
    await openstack(ALICE, 'subnet', 'delete', 'subnet-a');
    await openstack(ALICE, 'network', 'delete', 'net-a-renamed');
    expect(await openstack(ALICE, 'network', 'list')).toEqual([]);

    await openstack(ADMIN, 'role', 'remove', '--project', BOB.project, '--user', BOB.user, 'member');
    expect(await failure(BOB, 'network', 'list')).toMatch(/401|Unauthorized|has no access/i);
  });
});
