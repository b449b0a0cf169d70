import { describe, expect, it } from '@jest/globals';
import { ADMIN, NEUTRON_TIMESTAMP, NeutronClient, PROJECT_A, expectNeutronError, platformForThisFile, type Json } from './support/neutron-client.js';

const platform = platformForThisFile();
const api = new NeutronClient(platform, PROJECT_A);

const newNetwork = (name: string): Promise<Json> => api.create('networks', { name });
const postSubnet = (subnet: Record<string, unknown>) => api.call('POST', '/v2.0/subnets', { subnet });

describe('an IPv4 subnet', () => {
  it('normalises the CIDR and fills in gateway, pools and Neutron\'s defaults', async () => {
    const net = await newNetwork('v4-defaults');
    const subnet = await api.create('subnets', { network_id: net.id, cidr: '10.0.0.5/24', ip_version: 4, name: 'v4' });
    expect(subnet).toMatchObject({
      name: 'v4', description: '', network_id: net.id, ip_version: 4, cidr: '10.0.0.0/24', gateway_ip: '10.0.0.1',
      allocation_pools: [{ start: '10.0.0.2', end: '10.0.0.254' }], dns_nameservers: [], host_routes: [], enable_dhcp: true,
      ipv6_ra_mode: null, ipv6_address_mode: null, subnetpool_id: null, service_types: [], tags: [], revision_number: 1,
      project_id: 'project-a', tenant_id: 'project-a',
    });
    expect(subnet.created_at).toMatch(NEUTRON_TIMESTAMP);
    expect(await api.show('subnets', subnet.id)).toEqual(subnet);
  });

  it('accepts "4" as the IP version, as Neutron converts it', async () => {
    const net = await newNetwork('v4-string-version');
    expect((await api.create('subnets', { network_id: net.id, cidr: '10.0.1.0/24', ip_version: '4' })).ip_version).toBe(4);
  });

  it('has no gateway when gateway_ip is null, and the pool then starts at the first host', async () => {
    const net = await newNetwork('no-gateway');
    const subnet = await api.create('subnets', { network_id: net.id, cidr: '10.0.2.0/24', ip_version: 4, gateway_ip: null });
    expect(subnet).toMatchObject({ gateway_ip: null, allocation_pools: [{ start: '10.0.2.1', end: '10.0.2.254' }] });
  });

  it('keeps a chosen gateway out of the default pool', async () => {
    const net = await newNetwork('last-gateway');
    const subnet = await api.create('subnets', { network_id: net.id, cidr: '10.0.3.0/24', ip_version: 4, gateway_ip: '10.0.3.254' });
    expect(subnet).toMatchObject({ gateway_ip: '10.0.3.254', allocation_pools: [{ start: '10.0.3.1', end: '10.0.3.253' }] });
  });

  it('takes allocation pools as given', async () => {
    const net = await newNetwork('pools');
    const pools = [{ start: '10.0.4.10', end: '10.0.4.19' }, { start: '10.0.4.100', end: '10.0.4.199' }];
    expect((await api.create('subnets', { network_id: net.id, cidr: '10.0.4.0/24', ip_version: 4, allocation_pools: pools })).allocation_pools).toEqual(pools);
  });

  it('validates allocation pools as Neutron does, creating nothing when they are wrong', async () => {
    const net = await newNetwork('bad-pools');
    const base = { network_id: net.id, cidr: '10.0.5.0/24', ip_version: 4 };
    expectNeutronError(await postSubnet({ ...base, allocation_pools: [{ start: '10.0.6.1', end: '10.0.6.9' }] }), 400, 'OutOfBoundsAllocationPool');
    expectNeutronError(await postSubnet({ ...base, allocation_pools: [{ start: '10.0.5.9', end: '10.0.5.2' }] }), 400, 'InvalidAllocationPool');
    expectNeutronError(await postSubnet({ ...base, allocation_pools: [{ start: '10.0.5.2', end: '10.0.5.20' }, { start: '10.0.5.10', end: '10.0.5.30' }] }), 409, 'OverlappingAllocationPools');
    expectNeutronError(await postSubnet({ ...base, allocation_pools: [{ start: '10.0.5.1', end: '10.0.5.20' }] }), 409, 'GatewayConflictWithAllocationPools');
    expectNeutronError(await postSubnet({ ...base, allocation_pools: [{ start: '10.0.5.0', end: '10.0.5.20' }] }), 400, 'OutOfBoundsAllocationPool');
    expect(await api.list('subnets', { network_id: net.id })).toEqual([]);
  });

  it('stores dns_nameservers and host_routes and replaces them on update', async () => {
    const net = await newNetwork('dns-routes');
    const subnet = await api.create('subnets', {
      network_id: net.id, cidr: '10.0.6.0/24', ip_version: 4,
      dns_nameservers: ['192.0.2.53', '198.51.100.53'], host_routes: [{ destination: '172.16.0.0/12', nexthop: '10.0.6.254' }],
    });
    expect(subnet.dns_nameservers).toEqual(['192.0.2.53', '198.51.100.53']);
    expect(subnet.host_routes).toEqual([{ destination: '172.16.0.0/12', nexthop: '10.0.6.254' }]);
    const updated = await api.update('subnets', subnet.id, { dns_nameservers: ['203.0.113.53'], host_routes: [] });
    expect(updated).toMatchObject({ dns_nameservers: ['203.0.113.53'], host_routes: [], revision_number: 2 });
  });

  it('refuses DNS servers of the other IP version, duplicates and more than five', async () => {
    const net = await newNetwork('bad-dns');
    const base = { network_id: net.id, cidr: '10.0.7.0/24', ip_version: 4 };
    expect((await postSubnet({ ...base, dns_nameservers: ['2001:db8::53'] })).status).toBe(400);
    expect((await postSubnet({ ...base, dns_nameservers: ['192.0.2.1', '192.0.2.1'] })).status).toBe(400);
    const six = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5', '192.0.2.6'];
    expectNeutronError(await postSubnet({ ...base, dns_nameservers: six }), 400, 'DNSNameServersExhausted');
    expect(await api.list('subnets', { network_id: net.id })).toEqual([]);
  });

  it('can be created and updated with DHCP off', async () => {
    const net = await newNetwork('no-dhcp');
    const subnet = await api.create('subnets', { network_id: net.id, cidr: '10.0.8.0/24', ip_version: 4, enable_dhcp: false });
    expect(subnet.enable_dhcp).toBe(false);
    expect((await api.update('subnets', subnet.id, { enable_dhcp: true })).enable_dhcp).toBe(true);
  });

  it('moves its gateway and pools on update, refusing a gateway inside the pools', async () => {
    const net = await newNetwork('gw-update');
    const subnet = await api.create('subnets', { network_id: net.id, cidr: '10.0.9.0/24', ip_version: 4 });
    expectNeutronError(await api.call('PUT', `/v2.0/subnets/${subnet.id}`, { subnet: { gateway_ip: '10.0.9.50' } }), 409, 'GatewayConflictWithAllocationPools');
    const updated = await api.update('subnets', subnet.id, { allocation_pools: [{ start: '10.0.9.100', end: '10.0.9.200' }], gateway_ip: '10.0.9.50' });
    expect(updated).toMatchObject({ gateway_ip: '10.0.9.50', allocation_pools: [{ start: '10.0.9.100', end: '10.0.9.200' }] });
    expect((await api.update('subnets', subnet.id, { gateway_ip: null })).gateway_ip).toBeNull();
  });

  it('refuses changes to its CIDR, IP version and network', async () => {
    const net = await newNetwork('read-only');
    const subnet = await api.create('subnets', { network_id: net.id, cidr: '10.0.10.0/24', ip_version: 4 });
    for (const change of [{ cidr: '10.0.11.0/24' }, { ip_version: 6 }, { network_id: net.id }]) {
      expect((await api.call('PUT', `/v2.0/subnets/${subnet.id}`, { subnet: change })).status).toBe(400);
    }
    expect(await api.show('subnets', subnet.id)).toEqual(subnet);
  });
});

describe('an IPv6 subnet', () => {
  it('writes the CIDR canonically and pools up to the end of the /64', async () => {
    const net = await newNetwork('v6');
    const subnet = await api.create('subnets', { network_id: net.id, cidr: '2001:DB8:0:1::/64', ip_version: 6 });
    expect(subnet).toMatchObject({
      cidr: '2001:db8:0:1::/64', gateway_ip: '2001:db8:0:1::1', ip_version: 6,
      allocation_pools: [{ start: '2001:db8:0:1::2', end: '2001:db8:0:1:ffff:ffff:ffff:ffff' }],
      ipv6_ra_mode: null, ipv6_address_mode: null,
    });
  });

  it('keeps ipv6_ra_mode and ipv6_address_mode', async () => {
    const net = await newNetwork('v6-modes');
    for (const [i, mode] of ['slaac', 'dhcpv6-stateful', 'dhcpv6-stateless'].entries()) {
      const subnet = await api.create('subnets', { network_id: net.id, cidr: `2001:db8:2:${i}::/64`, ip_version: 6, ipv6_ra_mode: mode, ipv6_address_mode: mode });
      expect(subnet).toMatchObject({ ipv6_ra_mode: mode, ipv6_address_mode: mode });
    }
  });

  it('refuses mode combinations Neutron refuses', async () => {
    const net = await newNetwork('v6-bad-modes');
    const base = { network_id: net.id, ip_version: 6 };
    expectNeutronError(await postSubnet({ ...base, cidr: '2001:db8:3::/64', ipv6_ra_mode: 'slaac', ipv6_address_mode: 'dhcpv6-stateful' }), 400, 'InvalidInput');
    expectNeutronError(await postSubnet({ ...base, cidr: '2001:db8:3::/80', ipv6_address_mode: 'slaac' }), 400, 'InvalidInput');
    expectNeutronError(await postSubnet({ ...base, cidr: '2001:db8:3::/64', ipv6_address_mode: 'slaac', enable_dhcp: false }), 400, 'InvalidInput');
    expectNeutronError(await postSubnet({ network_id: net.id, ip_version: 4, cidr: '10.3.0.0/24', ipv6_ra_mode: 'slaac' }), 400, 'InvalidInput');
    expect((await postSubnet({ ...base, cidr: '2001:db8:3::/64', ipv6_address_mode: 'bogus' })).status).toBe(400);
    expect(await api.list('subnets', { network_id: net.id })).toEqual([]);
  });
});

describe('what a subnet request must agree with', () => {
  it('answers 400 when the CIDR is of the other IP version, missing, or a /0', async () => {
    const net = await newNetwork('mismatch');
    expectNeutronError(await postSubnet({ network_id: net.id, cidr: '2001:db8:9::/64', ip_version: 4 }), 400, 'InvalidInput');
    expect((await postSubnet({ network_id: net.id, ip_version: 4 })).status).toBe(400);
    expect((await postSubnet({ network_id: net.id, cidr: '0.0.0.0/0', ip_version: 4, enable_dhcp: false })).status).toBe(400);
    expect((await postSubnet({ network_id: net.id, cidr: '10.9.0.0/33', ip_version: 4 })).status).toBe(400);
  });

  it('answers 400 for a subnet overlapping another on the same network, but allows it on another network', async () => {
    const net = await newNetwork('overlap');
    await api.create('subnets', { network_id: net.id, cidr: '10.10.0.0/16', ip_version: 4 });
    expectNeutronError(await postSubnet({ network_id: net.id, cidr: '10.10.5.0/24', ip_version: 4 }), 400, 'InvalidInput', /overlaps with another subnet/);
    expect((await api.list('subnets', { network_id: net.id })).length).toBe(1);
    const other = await newNetwork('overlap-elsewhere');
    expect((await api.create('subnets', { network_id: other.id, cidr: '10.10.5.0/24', ip_version: 4 })).cidr).toBe('10.10.5.0/24');
  });

  it('answers 404 NetworkNotFound for a network that does not exist', async () => {
    expectNeutronError(await postSubnet({ network_id: '6b1c3cde-6d6c-4b3c-9d0e-2a1b3c4d5e6f', cidr: '10.11.0.0/24', ip_version: 4 }), 404, 'NetworkNotFound');
  });
});

describe('deleting a subnet', () => {
  it('takes the addresses of DHCP ports with it, leaving the ports', async () => {
    const net = await newNetwork('dhcp-address');
    const v4 = await api.create('subnets', { network_id: net.id, cidr: '10.13.0.0/24', ip_version: 4 });
    const v6 = await api.create('subnets', { network_id: net.id, cidr: '2001:db8:13::/64', ip_version: 6 });
    const dhcp = await api.as(ADMIN).create('ports', { network_id: net.id, device_owner: 'network:dhcp', project_id: 'project-a' });
    expect(dhcp.fixed_ips.map((f: Json) => f.subnet_id).sort()).toEqual([v4.id, v6.id].sort());
    await api.remove('subnets', v4.id);
    const after = await api.as(ADMIN).show('ports', dhcp.id);
    expect(after.fixed_ips.map((f: Json) => f.subnet_id)).toEqual([v6.id]);
    expect(after.revision_number).toBe(2);
  });

  it('lets a SLAAC subnet go while VM ports hold addresses on it, which they then lose', async () => {
    const net = await newNetwork('slaac-delete');
    const v4 = await api.create('subnets', { network_id: net.id, cidr: '10.14.0.0/24', ip_version: 4 });
    const slaac = await api.create('subnets', { network_id: net.id, cidr: '2001:db8:14::/64', ip_version: 6, ipv6_ra_mode: 'slaac', ipv6_address_mode: 'slaac' });
    const vm = await api.create('ports', { network_id: net.id, device_owner: 'compute:nova' });
    expect(vm.fixed_ips).toHaveLength(2);
    await api.remove('subnets', slaac.id);
    expect((await api.show('ports', vm.id)).fixed_ips.map((f: Json) => f.subnet_id)).toEqual([v4.id]);
    expectNeutronError(await api.call('DELETE', `/v2.0/subnets/${v4.id}`), 409, 'SubnetInUse');
  });

  it('answers 409 SubnetInUse while a port holds one of its addresses, then deletes it', async () => {
    const net = await newNetwork('in-use');
    const subnet = await api.create('subnets', { network_id: net.id, cidr: '10.12.0.0/24', ip_version: 4 });
    const port = await api.create('ports', { network_id: net.id });
    expectNeutronError(await api.call('DELETE', `/v2.0/subnets/${subnet.id}`), 409, 'SubnetInUse');
    expect((await api.show('subnets', subnet.id)).id).toBe(subnet.id);
    await api.remove('ports', port.id);
    await api.remove('subnets', subnet.id);
    expectNeutronError(await api.call('GET', `/v2.0/subnets/${subnet.id}`), 404, 'SubnetNotFound');
    expect((await api.show('networks', net.id)).subnets).toEqual([]);
  });
});
