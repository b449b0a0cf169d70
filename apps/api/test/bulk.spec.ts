import { describe, expect, it } from '@jest/globals';
import { ADMIN, NeutronClient, PROJECT_A, expectNeutronError, expectStatus, platformForThisFile } from './support/neutron-client.js';

const platform = platformForThisFile();
const api = new NeutronClient(platform, PROJECT_A);
const admin = api.as(ADMIN);

describe('bulk create', () => {
  it('creates every network of a list and answers them in order', async () => {
    const res = await api.call('POST', '/v2.0/networks', { networks: [{ name: 'bulk-1' }, { name: 'bulk-2', admin_state_up: false }, { name: 'bulk-3' }] });
    expectStatus(res, 201);
    expect(res.body.networks.map((n: { name: string }) => n.name)).toEqual(['bulk-1', 'bulk-2', 'bulk-3']);
    expect(res.body.networks[1].admin_state_up).toBe(false);
    expect((await api.list('networks', { name: ['bulk-1', 'bulk-2', 'bulk-3'] })).length).toBe(3);
  });

  it('creates ports in bulk, each with its own address and MAC', async () => {
    const { network } = await api.networkWithSubnet('10.60.0.0/24');
    const res = await api.call('POST', '/v2.0/ports', { ports: [{ network_id: network.id }, { network_id: network.id }, { network_id: network.id, name: 'third' }] });
    expectStatus(res, 201);
    const ports = res.body.ports;
    expect(ports).toHaveLength(3);
    expect(new Set(ports.map((p: { mac_address: string }) => p.mac_address)).size).toBe(3);
    expect(new Set(ports.map((p: { fixed_ips: { ip_address: string }[] }) => p.fixed_ips[0]!.ip_address)).size).toBe(3);
    expect(ports[2].name).toBe('third');
  });

  it('creates nothing when one network is invalid', async () => {
    const res = await api.call('POST', '/v2.0/networks', { networks: [{ name: 'all-or-nothing-1' }, { name: 'all-or-nothing-2', mtu: 'big' }] });
    expectNeutronError(res, 400, 'HTTPBadRequest');
    expect(await api.list('networks', { name: ['all-or-nothing-1', 'all-or-nothing-2'] })).toEqual([]);
  });

  it('creates nothing when the owner refuses one network, and keeps no segment reserved for the others', async () => {
    const vlan = (id: number, name: string) => ({ name, 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': id });
    const res = await admin.call('POST', '/v2.0/networks', { networks: [vlan(300, 'seg-300'), vlan(301, 'seg-301'), vlan(300, 'seg-300-again')] });
    expectNeutronError(res, 409, 'VlanIdInUse');
    expect(await admin.list('networks', { name: ['seg-300', 'seg-301', 'seg-300-again'] })).toEqual([]);
    expect((await admin.create('networks', vlan(300, 'seg-300-later')))['provider:segmentation_id']).toBe(300);
    expect((await admin.create('networks', vlan(301, 'seg-301-later')))['provider:segmentation_id']).toBe(301);
  });

  it('creates no port when one asks for an address another item took, and leaves the address free', async () => {
    const { network } = await api.networkWithSubnet('10.61.0.0/24');
    const res = await api.call('POST', '/v2.0/ports', {
      ports: [{ network_id: network.id, fixed_ips: [{ ip_address: '10.61.0.10' }] }, { network_id: network.id, fixed_ips: [{ ip_address: '10.61.0.10' }] }],
    });
    expectNeutronError(res, 409, 'IpAddressAlreadyAllocated');
    expect(await api.list('ports', { network_id: network.id })).toEqual([]);
    expect((await api.create('ports', { network_id: network.id, fixed_ips: [{ ip_address: '10.61.0.10' }] })).fixed_ips[0].ip_address).toBe('10.61.0.10');
  });

  it('creates no port when two items share a MAC, and none when the last item is invalid', async () => {
    const { network } = await api.networkWithSubnet('10.62.0.0/24');
    const sameMac = await api.call('POST', '/v2.0/ports', {
      ports: [{ network_id: network.id, mac_address: 'fa:16:3e:62:00:01' }, { network_id: network.id, mac_address: 'fa:16:3e:62:00:01' }],
    });
    expectNeutronError(sameMac, 409, 'MacAddressInUse');
    const invalid = await api.call('POST', '/v2.0/ports', { ports: [{ network_id: network.id }, { network_id: network.id, admin_state_up: 'perhaps' }] });
    expectNeutronError(invalid, 400, 'HTTPBadRequest');
    expect(await api.list('ports', { network_id: network.id })).toEqual([]);
  });

  it('creates nothing when one item is on a network the caller cannot see', async () => {
    const { network } = await api.networkWithSubnet('10.63.0.0/24');
    const hidden = await admin.create('networks', { name: 'admins-own' });
    const res = await api.call('POST', '/v2.0/ports', { ports: [{ network_id: network.id }, { network_id: hidden.id }] });
    expectNeutronError(res, 404, 'NetworkNotFound');
    expect(await api.list('ports', { network_id: network.id })).toEqual([]);
  });

  it('creates subnets in bulk, and none when two of them overlap', async () => {
    const net = await api.create('networks', { name: 'bulk-subnets' });
    const ok = await api.call('POST', '/v2.0/subnets', { subnets: [
      { network_id: net.id, cidr: '10.64.0.0/24', ip_version: 4 }, { network_id: net.id, cidr: '2001:db8:64::/64', ip_version: 6 },
    ] });
    expectStatus(ok, 201);
    expect(ok.body.subnets.map((s: { cidr: string }) => s.cidr)).toEqual(['10.64.0.0/24', '2001:db8:64::/64']);
    const overlapping = await api.call('POST', '/v2.0/subnets', { subnets: [
      { network_id: net.id, cidr: '10.65.0.0/24', ip_version: 4 }, { network_id: net.id, cidr: '10.65.0.128/25', ip_version: 4 },
    ] });
    expectNeutronError(overlapping, 400, 'InvalidInput');
    expect((await api.list('subnets', { network_id: net.id })).length).toBe(2);
    expect((await api.show('networks', net.id)).subnets).toHaveLength(2);
  });

  it('answers 400 for an empty list', async () => {
    expectStatus(await api.call('POST', '/v2.0/networks', { networks: [] }), 400);
  });
});
