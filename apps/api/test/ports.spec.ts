import { describe, expect, it } from '@jest/globals';
import { ADMIN, NEUTRON_TIMESTAMP, NeutronClient, PROJECT_A, expectNeutronError, ids, platformForThisFile } from './support/neutron-client.js';

const platform = platformForThisFile();
const api = new NeutronClient(platform, PROJECT_A);
const admin = api.as(ADMIN);

const postPort = (port: Record<string, unknown>) => api.call('POST', '/v2.0/ports', { port });
const OPENSTACK_MAC = /^fa:16:3e(:[0-9a-f]{2}){3}$/;

describe('a new port', () => {
  it('is DOWN, has an OpenStack MAC, an address from the pool and Neutron\'s defaults', async () => {
    const { network, subnet } = await api.networkWithSubnet('10.20.0.0/24');
    const port = await api.create('ports', { network_id: network.id, name: 'vm-port' });
    expect(port).toMatchObject({
      name: 'vm-port', description: '', network_id: network.id, admin_state_up: true, status: 'DOWN', device_owner: '',
      device_id: '', allowed_address_pairs: [], extra_dhcp_opts: [], port_security_enabled: true, tags: [],
      'binding:vnic_type': 'normal', project_id: 'project-a', tenant_id: 'project-a', revision_number: 1,
    });
    expect(port.mac_address).toMatch(OPENSTACK_MAC);
    expect(port.fixed_ips).toHaveLength(1);
    expect(port.fixed_ips[0].subnet_id).toBe(subnet.id);
    expect(port.fixed_ips[0].ip_address).toMatch(/^10\.20\.0\.(\d+)$/);
    const last = Number(port.fixed_ips[0].ip_address.split('.')[3]);
    expect(last).toBeGreaterThanOrEqual(2);
    expect(last).toBeLessThanOrEqual(254);
    expect(port.created_at).toMatch(NEUTRON_TIMESTAMP);
    for (const adminOnly of ['binding:host_id', 'binding:profile', 'binding:vif_type', 'binding:vif_details']) expect(port).not.toHaveProperty(adminOnly);
    expect(await api.show('ports', port.id)).toEqual(port);
  });

  it('shows the binding attributes to an admin', async () => {
    const { network } = await api.networkWithSubnet('10.20.1.0/24');
    const port = await admin.create('ports', { network_id: network.id, 'binding:host_id': 'compute-1', project_id: 'project-a' });
    expect(port).toMatchObject({ 'binding:host_id': 'compute-1', 'binding:vif_type': 'unbound', 'binding:vif_details': {}, 'binding:profile': {} });
  });

  it('has no addresses on a network without subnets', async () => {
    const net = await api.create('networks', { name: 'bare' });
    expect((await api.create('ports', { network_id: net.id })).fixed_ips).toEqual([]);
  });

  it('answers 400 without network_id and 404 NetworkNotFound for an unknown network', async () => {
    expect((await postPort({ name: 'orphan' })).status).toBe(400);
    expectNeutronError(await postPort({ network_id: '2b1c3cde-6d6c-4b3c-9d0e-2a1b3c4d5e6f' }), 404, 'NetworkNotFound');
  });
});

describe('fixed IPs', () => {
  it('takes an address from the subnet named by subnet_id', async () => {
    const { network } = await api.networkWithSubnet('10.21.0.0/24');
    const second = await api.create('subnets', { network_id: network.id, cidr: '10.21.1.0/24', ip_version: 4 });
    const port = await api.create('ports', { network_id: network.id, fixed_ips: [{ subnet_id: second.id }] });
    expect(port.fixed_ips).toHaveLength(1);
    expect(port.fixed_ips[0].subnet_id).toBe(second.id);
    expect(port.fixed_ips[0].ip_address).toMatch(/^10\.21\.1\./);
  });

  it('takes an explicit ip_address, finding its subnet', async () => {
    const { network, subnet } = await api.networkWithSubnet('10.22.0.0/24');
    const port = await api.create('ports', { network_id: network.id, fixed_ips: [{ ip_address: '10.22.0.77' }] });
    expect(port.fixed_ips).toEqual([{ subnet_id: subnet.id, ip_address: '10.22.0.77' }]);
    const both = await api.create('ports', { network_id: network.id, fixed_ips: [{ subnet_id: subnet.id, ip_address: '10.22.0.78' }] });
    expect(both.fixed_ips).toEqual([{ subnet_id: subnet.id, ip_address: '10.22.0.78' }]);
  });

  it('answers 409 IpAddressAlreadyAllocated for an address another port holds', async () => {
    const { network } = await api.networkWithSubnet('10.23.0.0/24');
    await api.create('ports', { network_id: network.id, fixed_ips: [{ ip_address: '10.23.0.10' }] });
    expectNeutronError(await postPort({ network_id: network.id, fixed_ips: [{ ip_address: '10.23.0.10' }] }), 409, 'IpAddressAlreadyAllocated');
    expect((await api.list('ports', { network_id: network.id })).length).toBe(1);
  });

  it('answers 400 for an address on no subnet of the network, or outside the named subnet', async () => {
    const { network, subnet } = await api.networkWithSubnet('10.24.0.0/24');
    expectNeutronError(await postPort({ network_id: network.id, fixed_ips: [{ ip_address: '10.99.0.5' }] }), 400, 'InvalidIpForNetwork');
    expectNeutronError(await postPort({ network_id: network.id, fixed_ips: [{ subnet_id: subnet.id, ip_address: '10.99.0.5' }] }), 400, 'InvalidIpForSubnet');
    expect((await postPort({ network_id: network.id, fixed_ips: [{ ip_address: '10.24.0.255' }] })).status).toBe(400);
    expect((await postPort({ network_id: network.id, fixed_ips: [{ ip_address: 'not-an-ip' }] })).status).toBe(400);
    expect(await api.list('ports', { network_id: network.id })).toEqual([]);
  });

  it('answers 409 IpAddressGenerationFailure once a /29 is full, and allocates again after a delete', async () => {
    const { network, subnet } = await api.networkWithSubnet('10.25.0.0/29');
    expect(subnet.allocation_pools).toEqual([{ start: '10.25.0.2', end: '10.25.0.6' }]);
    const ports = [];
    for (let i = 0; i < 5; i++) ports.push(await api.create('ports', { network_id: network.id }));
    expect(ports.map((p) => p.fixed_ips[0].ip_address).sort()).toEqual(['10.25.0.2', '10.25.0.3', '10.25.0.4', '10.25.0.5', '10.25.0.6']);
    expectNeutronError(await postPort({ network_id: network.id }), 409, 'IpAddressGenerationFailure');
    await api.remove('ports', ports[2].id);
    const again = await api.create('ports', { network_id: network.id });
    expect(again.fixed_ips[0].ip_address).toBe(ports[2].fixed_ips[0].ip_address);
  });

  it('moves a port to another address on update, freeing the old one', async () => {
    const { network } = await api.networkWithSubnet('10.26.0.0/24');
    const port = await api.create('ports', { network_id: network.id, fixed_ips: [{ ip_address: '10.26.0.20' }] });
    const moved = await api.update('ports', port.id, { fixed_ips: [{ ip_address: '10.26.0.21' }] });
    expect(moved.fixed_ips.map((f: { ip_address: string }) => f.ip_address)).toEqual(['10.26.0.21']);
    expect(moved.revision_number).toBe(2);
    const other = await api.create('ports', { network_id: network.id, fixed_ips: [{ ip_address: '10.26.0.20' }] });
    expect(other.fixed_ips[0].ip_address).toBe('10.26.0.20');
  });

  it('gives a SLAAC subnet\'s port its EUI-64 address and refuses a chosen one', async () => {
    const net = await api.create('networks', { name: 'slaac' });
    const subnet = await api.create('subnets', { network_id: net.id, cidr: '2001:db8:27::/64', ip_version: 6, ipv6_ra_mode: 'slaac', ipv6_address_mode: 'slaac' });
    const port = await api.create('ports', { network_id: net.id, mac_address: 'fa:16:3e:12:34:56' });
    expect(port.fixed_ips).toEqual([{ subnet_id: subnet.id, ip_address: '2001:db8:27:0:f816:3eff:fe12:3456' }]);
    expect((await postPort({ network_id: net.id, fixed_ips: [{ ip_address: '2001:db8:27::99' }] })).status).toBe(400);
  });

  it('takes a DHCPv6-stateful address from the pool', async () => {
    const net = await api.create('networks', { name: 'stateful' });
    await api.create('subnets', { network_id: net.id, cidr: '2001:db8:28::/64', ip_version: 6, ipv6_ra_mode: 'dhcpv6-stateful', ipv6_address_mode: 'dhcpv6-stateful' });
    const port = await api.create('ports', { network_id: net.id });
    expect(port.fixed_ips).toHaveLength(1);
    expect(port.fixed_ips[0].ip_address).toMatch(/^2001:db8:28:0:/);
  });
});

describe('MAC addresses', () => {
  it('accepts an explicit MAC, written as Neutron shows it', async () => {
    const { network } = await api.networkWithSubnet('10.30.0.0/24');
    expect((await api.create('ports', { network_id: network.id, mac_address: 'FA-16-3E-AA-BB-CC' })).mac_address).toBe('fa:16:3e:aa:bb:cc');
  });

  it('answers 409 MacAddressInUse for a MAC already on the network, but allows it on another network', async () => {
    const { network } = await api.networkWithSubnet('10.31.0.0/24');
    await api.create('ports', { network_id: network.id, mac_address: 'fa:16:3e:00:31:01' });
    expectNeutronError(await postPort({ network_id: network.id, mac_address: 'fa:16:3e:00:31:01' }), 409, 'MacAddressInUse');
    expect((await api.list('ports', { network_id: network.id })).length).toBe(1);
    const { network: other } = await api.networkWithSubnet('10.32.0.0/24');
    expect((await api.create('ports', { network_id: other.id, mac_address: 'fa:16:3e:00:31:01' })).mac_address).toBe('fa:16:3e:00:31:01');
  });

  it('refuses malformed, broadcast and all-zero MACs with 400', async () => {
    const { network } = await api.networkWithSubnet('10.33.0.0/24');
    for (const mac of ['fa:16:3e:00:00', 'ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00', 'zz:16:3e:00:00:01']) {
      expect((await postPort({ network_id: network.id, mac_address: mac })).status).toBe(400);
    }
  });
});

describe('port attributes', () => {
  it('keeps device_owner and device_id, and finds ports by them', async () => {
    const { network } = await api.networkWithSubnet('10.34.0.0/24');
    const port = await api.create('ports', { network_id: network.id, device_owner: 'compute:nova', device_id: 'vm-1' });
    expect(port).toMatchObject({ device_owner: 'compute:nova', device_id: 'vm-1' });
    expect(ids(await api.list('ports', { device_id: 'vm-1' }))).toEqual([port.id]);
    const moved = await api.update('ports', port.id, { device_id: 'vm-2' });
    expect(moved.device_id).toBe('vm-2');
    expect(await api.list('ports', { device_id: 'vm-1' })).toEqual([]);
  });

  it('keeps allowed_address_pairs, defaulting each pair\'s MAC to the port\'s', async () => {
    const { network } = await api.networkWithSubnet('10.35.0.0/24');
    const port = await api.create('ports', {
      network_id: network.id,
      allowed_address_pairs: [{ ip_address: '10.35.0.200' }, { ip_address: '10.35.1.0/24', mac_address: 'fa:16:3e:35:35:35' }],
    });
    expect(port.allowed_address_pairs).toEqual([
      { ip_address: '10.35.0.200', mac_address: port.mac_address },
      { ip_address: '10.35.1.0/24', mac_address: 'fa:16:3e:35:35:35' },
    ]);
    expect((await api.update('ports', port.id, { allowed_address_pairs: [] })).allowed_address_pairs).toEqual([]);
  });

  it('answers 409 for address pairs on a port without port security', async () => {
    const { network } = await api.networkWithSubnet('10.36.0.0/24');
    expectNeutronError(await postPort({ network_id: network.id, port_security_enabled: false, allowed_address_pairs: [{ ip_address: '10.36.0.9' }] }),
      409, 'AddressPairAndPortSecurityRequired');
    const open = await api.create('ports', { network_id: network.id, port_security_enabled: false });
    expect(open.port_security_enabled).toBe(false);
  });

  it('keeps extra_dhcp_opts and merges an update into them', async () => {
    const { network } = await api.networkWithSubnet('10.37.0.0/24');
    const port = await api.create('ports', {
      network_id: network.id,
      extra_dhcp_opts: [{ opt_name: 'bootfile-name', opt_value: 'pxelinux.0' }, { opt_name: 'tftp-server', opt_value: '10.37.0.5' }],
    });
    expect(port.extra_dhcp_opts).toEqual([
      { opt_name: 'bootfile-name', opt_value: 'pxelinux.0', ip_version: 4 },
      { opt_name: 'tftp-server', opt_value: '10.37.0.5', ip_version: 4 },
    ]);
    const updated = await api.update('ports', port.id, { extra_dhcp_opts: [{ opt_name: 'tftp-server', opt_value: null }, { opt_name: 'bootfile-name', opt_value: 'ipxe.efi' }] });
    expect(updated.extra_dhcp_opts).toEqual([{ opt_name: 'bootfile-name', opt_value: 'ipxe.efi', ip_version: 4 }]);
  });

  it('takes admin_state_up and name changes, bumping the revision once per change', async () => {
    const { network } = await api.networkWithSubnet('10.38.0.0/24');
    const port = await api.create('ports', { network_id: network.id });
    expect(await api.update('ports', port.id, { admin_state_up: false })).toMatchObject({ admin_state_up: false, revision_number: 2, status: 'DOWN' });
    expect(await api.update('ports', port.id, { name: 'renamed' })).toMatchObject({ name: 'renamed', revision_number: 3 });
  });

  it('refuses read-only attributes on update', async () => {
    const { network } = await api.networkWithSubnet('10.39.0.0/24');
    const port = await api.create('ports', { network_id: network.id });
    for (const change of [{ network_id: network.id }, { status: 'ACTIVE' }, { id: port.id }]) {
      expect((await api.call('PUT', `/v2.0/ports/${port.id}`, { port: change })).status).toBe(400);
    }
    expect(await api.show('ports', port.id)).toEqual(port);
  });
});

describe('deleting a port', () => {
  it('answers 204, then 404 PortNotFound', async () => {
    const { network } = await api.networkWithSubnet('10.40.0.0/24');
    const port = await api.create('ports', { network_id: network.id });
    await api.remove('ports', port.id);
    expectNeutronError(await api.call('GET', `/v2.0/ports/${port.id}`), 404, 'PortNotFound', `Port ${port.id} could not be found.`);
    expectNeutronError(await api.call('DELETE', `/v2.0/ports/${port.id}`), 404, 'PortNotFound');
  });
});
