import { describe, expect, it } from '@jest/globals';
import {
  ADMIN, NEUTRON_TIMESTAMP, NeutronClient, PROJECT_A, PROJECT_B, UUID, expectNeutronError, ids, platformForThisFile,
} from './support/neutron-client.js';

const platform = platformForThisFile();
const api = new NeutronClient(platform, PROJECT_A);
const admin = api.as(ADMIN);

const PROVIDER = ['provider:network_type', 'provider:physical_network', 'provider:segmentation_id'];

describe('creating a network', () => {
  it('gives a network Neutron\'s defaults and shows project_id and tenant_id alike', async () => {
    const net = await api.create('networks', { name: 'defaults' });
    expect(net).toMatchObject({
      name: 'defaults', description: '', admin_state_up: true, status: 'ACTIVE', subnets: [], shared: false,
      'router:external': false, mtu: 1450, port_security_enabled: true, tags: [], revision_number: 1,
      project_id: 'project-a', tenant_id: 'project-a', availability_zone_hints: [],
    });
    expect(net.id).toMatch(UUID);
    expect(net.created_at).toMatch(NEUTRON_TIMESTAMP);
    expect(net.updated_at).toBe(net.created_at);
    expect(await api.show('networks', net.id)).toEqual(net);
  });

  it('keeps admin_state_up false and a description when asked', async () => {
    const net = await api.create('networks', { name: 'down', admin_state_up: false, description: 'a quiet one' });
    expect(net).toMatchObject({ admin_state_up: false, description: 'a quiet one' });
    expect((await api.update('networks', net.id, { admin_state_up: true })).admin_state_up).toBe(true);
  });

  it('accepts "true"/"false" strings for booleans, as Neutron converts them', async () => {
    const net = await api.create('networks', { name: 'strings', admin_state_up: 'False', port_security_enabled: 'false' });
    expect(net).toMatchObject({ admin_state_up: false, port_security_enabled: false });
  });

  it('gives a tenant network a VXLAN segment with its own VNI, which only an admin sees', async () => {
    const a = await api.create('networks', { name: 'tenant-1' });
    const b = await api.create('networks', { name: 'tenant-2' });
    for (const attr of PROVIDER) expect(a).not.toHaveProperty(attr);
    const [seenA, seenB] = [await admin.show('networks', a.id), await admin.show('networks', b.id)];
    expect(seenA).toMatchObject({ 'provider:network_type': 'vxlan', 'provider:physical_network': null, mtu: 1450 });
    expect(seenA['provider:segmentation_id']).toBeGreaterThanOrEqual(1);
    expect(seenA['provider:segmentation_id']).toBeLessThanOrEqual(16777215);
    expect(seenB['provider:segmentation_id']).not.toBe(seenA['provider:segmentation_id']);
  });

  it('lets an admin create a VLAN provider network, whose MTU is the physical 1500', async () => {
    const net = await admin.create('networks', {
      name: 'vlan-100', 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 100,
    });
    expect(net).toMatchObject({
      'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 100, mtu: 1500,
    });
  });

  it('answers 409 when the same explicit segment is asked for twice', async () => {
    const vlan = { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 200 };
    await admin.create('networks', { name: 'vlan-200', ...vlan });
    expectNeutronError(await admin.call('POST', '/v2.0/networks', { network: { name: 'vlan-200-again', ...vlan } }), 409, 'VlanIdInUse');
    const vxlan = { 'provider:network_type': 'vxlan', 'provider:segmentation_id': 4242 };
    await admin.create('networks', { name: 'vni-4242', ...vxlan });
    expectNeutronError(await admin.call('POST', '/v2.0/networks', { network: { ...vxlan } }), 409, 'TunnelIdInUse');
    const flat = { 'provider:network_type': 'flat', 'provider:physical_network': 'public' };
    await admin.create('networks', { name: 'flat-public', ...flat });
    expectNeutronError(await admin.call('POST', '/v2.0/networks', { network: { ...flat } }), 409, 'FlatNetworkInUse');
    expect(await admin.list('networks', { name: ['vlan-200-again'] })).toEqual([]);
  });

  it('accepts VLAN ids 1 and 4094 and refuses 0 and 4095', async () => {
    const vlan = (id: number) => ({ network: { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': id } });
    expect((await admin.call('POST', '/v2.0/networks', vlan(1))).status).toBe(201);
    expect((await admin.call('POST', '/v2.0/networks', vlan(4094))).status).toBe(201);
    expectNeutronError(await admin.call('POST', '/v2.0/networks', vlan(0)), 400, 'InvalidInput');
    expectNeutronError(await admin.call('POST', '/v2.0/networks', vlan(4095)), 400, 'InvalidInput');
  });

  it('refuses provider attributes, shared and router:external from a member with 403', async () => {
    for (const attrs of [{ 'provider:network_type': 'vxlan' }, { shared: true }, { 'router:external': true }]) {
      expectNeutronError(await api.call('POST', '/v2.0/networks', { network: { name: 'nope', ...attrs } }), 403, 'PolicyNotAuthorized');
    }
    expect(await api.list('networks', { name: 'nope' })).toEqual([]);
  });

  it('marks an admin\'s network router:external and shows it to every project', async () => {
    const ext = await admin.create('networks', { name: 'public-ext', 'router:external': true });
    expect(ext['router:external']).toBe(true);
    const seen = await api.as(PROJECT_B).show('networks', ext.id);
    expect(seen).toMatchObject({ id: ext.id, 'router:external': true });
    for (const attr of PROVIDER) expect(seen).not.toHaveProperty(attr);
    expect(ids(await api.as(PROJECT_B).list('networks', { 'router:external': true }))).toContain(ext.id);
  });
});

describe('network MTU', () => {
  it('takes a smaller MTU and refuses one above what VXLAN carries', async () => {
    expect((await api.create('networks', { name: 'mtu-1400', mtu: 1400 })).mtu).toBe(1400);
    expectNeutronError(await api.call('POST', '/v2.0/networks', { network: { name: 'mtu-big', mtu: 1451 } }), 400, 'InvalidInput', /MTU is too big, maximum is 1450/);
    expect(await api.list('networks', { name: 'mtu-big' })).toEqual([]);
  });

  it('changes the MTU of an existing network (net-mtu-writable)', async () => {
    const net = await api.create('networks', { name: 'mtu-writable' });
    const updated = await api.update('networks', net.id, { mtu: 1300 });
    expect(updated).toMatchObject({ mtu: 1300, revision_number: 2 });
    expectNeutronError(await api.call('PUT', `/v2.0/networks/${net.id}`, { network: { mtu: 9000 } }), 400, 'InvalidInput');
    expect((await api.show('networks', net.id)).mtu).toBe(1300);
  });
});

describe('updating a network', () => {
  it('changes name and port_security_enabled, moving updated_at but not created_at', async () => {
    const net = await api.create('networks', { name: 'before' });
    await new Promise((r) => setTimeout(r, 1100)); // timestamps have whole seconds
    const updated = await api.update('networks', net.id, { name: 'after', port_security_enabled: false });
    expect(updated).toMatchObject({ name: 'after', port_security_enabled: false, created_at: net.created_at, revision_number: 2 });
    expect(updated.updated_at > net.updated_at).toBe(true);
    expect(updated.updated_at).toMatch(NEUTRON_TIMESTAMP);
  });

  it('refuses to change provider attributes', async () => {
    const net = await admin.create('networks', { name: 'fixed-segment' });
    const res = await admin.call('PUT', `/v2.0/networks/${net.id}`, { network: { 'provider:segmentation_id': 77 } });
    expect(res.status).toBe(400);
    expect((await admin.show('networks', net.id))['provider:segmentation_id']).toBe(net['provider:segmentation_id']);
  });

  it('lets an admin share a network, after which other projects see it', async () => {
    const net = await admin.create('networks', { name: 'later-shared', project_id: 'project-a' });
    expectNeutronError(await api.as(PROJECT_B).call('GET', `/v2.0/networks/${net.id}`), 404, 'NetworkNotFound');
    expect((await admin.update('networks', net.id, { shared: true })).shared).toBe(true);
    expect((await api.as(PROJECT_B).show('networks', net.id)).shared).toBe(true);
  });
});

describe('port security default', () => {
  it('gives new ports the network\'s port_security_enabled', async () => {
    const { network } = await api.networkWithSubnet('10.40.0.0/24', {}, { port_security_enabled: false });
    const port = await api.create('ports', { network_id: network.id });
    expect(port.port_security_enabled).toBe(false);
    const secured = await api.create('ports', { network_id: network.id, port_security_enabled: true });
    expect(secured.port_security_enabled).toBe(true);
  });
});

describe('deleting a network', () => {
  it('deletes it: 204, then 404 NetworkNotFound for show and delete', async () => {
    const net = await api.create('networks', { name: 'doomed' });
    await api.remove('networks', net.id);
    expectNeutronError(await api.call('GET', `/v2.0/networks/${net.id}`), 404, 'NetworkNotFound', `Network ${net.id} could not be found.`);
    expectNeutronError(await api.call('DELETE', `/v2.0/networks/${net.id}`), 404, 'NetworkNotFound');
  });

  it('answers 409 NetworkInUse while a port is on it, and deletes it once the port is gone', async () => {
    const { network } = await api.networkWithSubnet('10.41.0.0/24');
    const port = await api.create('ports', { network_id: network.id, device_owner: 'compute:nova' });
    expectNeutronError(await api.call('DELETE', `/v2.0/networks/${network.id}`), 409, 'NetworkInUse');
    expect((await api.show('networks', network.id)).id).toBe(network.id);
    await api.remove('ports', port.id);
    await api.remove('networks', network.id);
  });

  it('takes its subnets and DHCP ports with it', async () => {
    const { network, subnet } = await api.networkWithSubnet('10.42.0.0/24');
    const second = await api.create('subnets', { network_id: network.id, cidr: '2001:db8:42::/64', ip_version: 6 });
    const dhcp = await admin.create('ports', { network_id: network.id, device_owner: 'network:dhcp', project_id: 'project-a' });
    await api.remove('networks', network.id);
    expectNeutronError(await api.call('GET', `/v2.0/subnets/${subnet.id}`), 404, 'SubnetNotFound');
    expectNeutronError(await api.call('GET', `/v2.0/subnets/${second.id}`), 404, 'SubnetNotFound');
    expectNeutronError(await admin.call('GET', `/v2.0/ports/${dhcp.id}`), 404, 'PortNotFound');
    expect(await admin.list('subnets', { network_id: network.id })).toEqual([]);
    expect(await admin.list('ports', { network_id: network.id })).toEqual([]);
  });
});

describe('a network\'s subnets', () => {
  it('lists the ids of its subnets, and each subnet change bumps its revision', async () => {
    const net = await api.create('networks', { name: 'with-subnets' });
    const s1 = await api.create('subnets', { network_id: net.id, cidr: '10.43.0.0/24', ip_version: 4 });
    const s2 = await api.create('subnets', { network_id: net.id, cidr: '10.43.1.0/24', ip_version: 4 });
    const after = await api.show('networks', net.id);
    expect([...after.subnets].sort()).toEqual([s1.id, s2.id].sort());
    expect(after.revision_number).toBe(3);
    await api.remove('subnets', s1.id);
    expect((await api.show('networks', net.id)).subnets).toEqual([s2.id]);
  });
});
