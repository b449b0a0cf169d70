import { describe, expect, it } from '@jest/globals';
import { ADMIN_PASSWORD, builtinPlatformForThisFile } from './support/identity-client.js';
import type { Json } from './support/neutron-client.js';
import { openstackCli, type Login } from './support/openstack-cli.js';

/** Each step starts Python and logs in: seconds each, more on a busy machine. */
const CLI_TIMEOUT = 240_000;
const platform = builtinPlatformForThisFile();

const ADMIN: Login = { user: 'admin', password: ADMIN_PASSWORD, project: 'admin' };
const CAROL: Login = { user: 'carol', password: 'carol-secret', project: 'l3-project' };

const { openstack, failure } = openstackCli(platform);

const l3PortsAsAdmin = async (): Promise<Json[]> => {
  const all = await Promise.all(['network:router_gateway', 'network:router_interface', 'network:floatingip']
    .map((owner) => openstack(ADMIN, 'port', 'list', '--device-owner', owner)));
  return all.flat();
};

/**
 * Routers and floating IPs with the real `openstack` CLI (Debian's python3-openstackclient): an
 * admin provides the external network, a member project builds a router with a gateway and an
 * interface, a floating IP for its port, moves it around and tears everything down again.
 */
describe('the openstack CLI with routers and floating IPs', () => {
  const ids: Record<string, string> = {};
  let fipAddress = '';

  it('lets the admin provide an external network with a subnet, and a member project', async () => {
    ids.project = (await openstack(ADMIN, 'project', 'create', CAROL.project)).id;
    await openstack(ADMIN, 'user', 'create', '--password', CAROL.password, CAROL.user);
    await openstack(ADMIN, 'role', 'add', '--project', CAROL.project, '--user', CAROL.user, 'member');

    const ext = await openstack(ADMIN, 'network', 'create', '--external', 'public');
    expect(ext).toMatchObject({ name: 'public', 'router:external': true, status: 'ACTIVE' });
    ids.ext = ext.id;
    const extSubnet = await openstack(ADMIN, 'subnet', 'create', '--network', 'public', '--subnet-range', '198.51.100.0/24', '--no-dhcp', 'public-subnet');
    expect(extSubnet).toMatchObject({ cidr: '198.51.100.0/24', gateway_ip: '198.51.100.1', enable_dhcp: false });
    ids.extSubnet = extSubnet.id;
    // The member sees the external network (Neutron shows router:external networks to everyone).
    expect((await openstack(CAROL, 'network', 'list', '--external')).map((n: Json) => n.ID)).toEqual([ids.ext]);

    ids.net = (await openstack(CAROL, 'network', 'create', 'private')).id;
    ids.subnet = (await openstack(CAROL, 'subnet', 'create', '--network', 'private', '--subnet-range', '10.10.0.0/24', 'private-subnet')).id;
    const vm = await openstack(CAROL, 'port', 'create', '--network', 'private', '--fixed-ip', 'ip-address=10.10.0.20', 'vm-port');
    ids.vm = vm.id;
    ids.vmMac = vm.mac_address;
  }, CLI_TIMEOUT);

  it('creates a router and sets its external gateway: an address on the external subnet, SNAT on', async () => {
    const router = await openstack(CAROL, 'router', 'create', 'r1');
    expect(router).toMatchObject({ name: 'r1', status: 'ACTIVE', admin_state_up: true, external_gateway_info: null, routes: [], project_id: ids.project });
    ids.router = router.id;

    await openstack(CAROL, 'router', 'set', '--external-gateway', 'public', 'r1');
    const shown = await openstack(CAROL, 'router', 'show', 'r1');
    expect(shown.external_gateway_info).toEqual({
      network_id: ids.ext, enable_snat: true,
      external_fixed_ips: [{ subnet_id: ids.extSubnet, ip_address: expect.stringMatching(/^198\.51\.100\.\d+$/) }],
    });
    ids.gatewayIp = shown.external_gateway_info.external_fixed_ips[0].ip_address;
    expect(ids.gatewayIp).not.toBe('198.51.100.1');
  }, CLI_TIMEOUT);

  it('keeps SNAT an admin decision: a member is refused, the admin turns it off and on', async () => {
    expect(await failure(CAROL, 'router', 'set', '--external-gateway', 'public', '--disable-snat', 'r1')).toMatch(/403|disallowed by policy/);
    await openstack(ADMIN, 'router', 'set', '--external-gateway', 'public', '--disable-snat', ids.router!);
    expect((await openstack(CAROL, 'router', 'show', 'r1')).external_gateway_info).toMatchObject({ enable_snat: false, external_fixed_ips: [{ ip_address: ids.gatewayIp }] });
    await openstack(ADMIN, 'router', 'set', '--external-gateway', 'public', '--enable-snat', ids.router!);
    expect((await openstack(CAROL, 'router', 'show', 'r1')).external_gateway_info.enable_snat).toBe(true);
  }, CLI_TIMEOUT);

  it('adds the private subnet: an interface with the subnet\'s gateway address in interfaces_info', async () => {
    await openstack(CAROL, 'router', 'add', 'subnet', 'r1', 'private-subnet');
    const shown = await openstack(CAROL, 'router', 'show', 'r1');
    expect(shown.interfaces_info).toEqual([{ port_id: expect.any(String), ip_address: '10.10.0.1', subnet_id: ids.subnet }]);
    ids.interfacePort = shown.interfaces_info[0].port_id;
    const port = await openstack(CAROL, 'port', 'show', ids.interfacePort!);
    expect(port).toMatchObject({ device_owner: 'network:router_interface', device_id: ids.router, network_id: ids.net });
    expect(await failure(CAROL, 'router', 'add', 'subnet', 'r1', 'private-subnet')).toMatch(/already has a port on subnet/);
    expect(await failure(CAROL, 'router', 'delete', 'r1')).toMatch(/409|still has ports/);
  }, CLI_TIMEOUT);

  it('sets and clears an extra route through the private subnet', async () => {
    await openstack(CAROL, 'router', 'set', '--route', 'destination=192.168.50.0/24,gateway=10.10.0.30', 'r1');
    expect((await openstack(CAROL, 'router', 'show', 'r1')).routes).toEqual([{ destination: '192.168.50.0/24', nexthop: '10.10.0.30' }]);
    expect(await failure(CAROL, 'router', 'set', '--route', 'destination=192.168.60.0/24,gateway=172.31.0.1', 'r1')).toMatch(/not connected with router/);
    await openstack(CAROL, 'router', 'unset', '--route', 'destination=192.168.50.0/24,gateway=10.10.0.30', 'r1');
    expect((await openstack(CAROL, 'router', 'show', 'r1')).routes).toEqual([]);
  }, CLI_TIMEOUT);

  it('creates a floating IP for the port: an external address, DOWN, through the router, with port details', async () => {
    const fip = await openstack(CAROL, 'floating', 'ip', 'create', '--port', 'vm-port', 'public');
    expect(fip).toMatchObject({
      floating_network_id: ids.ext, port_id: ids.vm, fixed_ip_address: '10.10.0.20', router_id: ids.router, status: 'DOWN', project_id: ids.project,
    });
    expect(fip.floating_ip_address).toMatch(/^198\.51\.100\.\d+$/);
    expect([ids.gatewayIp, '198.51.100.1']).not.toContain(fip.floating_ip_address);
    expect(fip.port_details).toMatchObject({ name: 'vm-port', network_id: ids.net, mac_address: ids.vmMac });
    ids.fip = fip.id;
    fipAddress = fip.floating_ip_address;

    const shown = await openstack(CAROL, 'floating', 'ip', 'show', fipAddress);
    expect(shown).toMatchObject({ id: ids.fip, floating_ip_address: fipAddress, port_id: ids.vm, fixed_ip_address: '10.10.0.20', router_id: ids.router });
    // The client renders port_details as text in `show`; it still names the port.
    expect(JSON.stringify(shown.port_details)).toContain('vm-port');
    expect((await openstack(CAROL, 'floating', 'ip', 'list')).map((f: Json) => [f.ID, f['Floating IP Address'], f.Port])).toEqual([[ids.fip, fipAddress, ids.vm]]);
  }, CLI_TIMEOUT);

  it('refuses a second floating IP for the same fixed IP and a gateway or interface the floating IP needs', async () => {
    expect(await failure(CAROL, 'floating', 'ip', 'create', '--port', 'vm-port', 'public')).toMatch(/already has a floating IP/);
    expect(await failure(CAROL, 'router', 'remove', 'subnet', 'r1', 'private-subnet')).toMatch(/required by one or more floating IPs/);
    expect(await failure(CAROL, 'router', 'unset', '--external-gateway', 'r1')).toMatch(/required by one or more floating IPs/);
    // The refused requests left no port behind: one gateway, one interface, one floating IP port.
    expect((await l3PortsAsAdmin()).map((p) => p['Fixed IP Addresses'][0].ip_address).sort()).toEqual([ids.gatewayIp, '10.10.0.1', fipAddress].sort());
  }, CLI_TIMEOUT);

  it('disassociates with `floating ip unset --port` and associates again with `floating ip set --port`', async () => {
    await openstack(CAROL, 'floating', 'ip', 'unset', '--port', fipAddress);
    expect(await openstack(CAROL, 'floating', 'ip', 'show', fipAddress)).toMatchObject({
      port_id: null, fixed_ip_address: null, router_id: null, status: 'DOWN', floating_ip_address: fipAddress,
    });
    await openstack(CAROL, 'floating', 'ip', 'set', '--port', 'vm-port', fipAddress);
    expect(await openstack(CAROL, 'floating', 'ip', 'show', fipAddress)).toMatchObject({
      port_id: ids.vm, fixed_ip_address: '10.10.0.20', router_id: ids.router, floating_ip_address: fipAddress,
    });
  }, CLI_TIMEOUT);

  it('tears down in Neutron order: floating IP, interface, gateway, router — and leaves no L3 port', async () => {
    await openstack(CAROL, 'floating', 'ip', 'delete', fipAddress);
    expect(await openstack(CAROL, 'floating', 'ip', 'list')).toEqual([]);

    await openstack(CAROL, 'router', 'remove', 'subnet', 'r1', 'private-subnet');
    expect((await openstack(CAROL, 'router', 'show', 'r1')).interfaces_info).toEqual([]);
    expect(await failure(CAROL, 'port', 'show', ids.interfacePort!)).toMatch(/No Port found|could not be found/i);

    await openstack(CAROL, 'router', 'unset', '--external-gateway', 'r1');
    expect((await openstack(CAROL, 'router', 'show', 'r1')).external_gateway_info).toBeNull();
    expect(await l3PortsAsAdmin()).toEqual([]);

    await openstack(CAROL, 'router', 'delete', 'r1');
    expect(await openstack(CAROL, 'router', 'list')).toEqual([]);
    await openstack(CAROL, 'port', 'delete', 'vm-port');
    await openstack(CAROL, 'subnet', 'delete', 'private-subnet');
    await openstack(CAROL, 'network', 'delete', 'private');
    await openstack(ADMIN, 'subnet', 'delete', 'public-subnet');
    await openstack(ADMIN, 'network', 'delete', 'public');
    expect(await openstack(ADMIN, 'port', 'list')).toEqual([]);
  }, CLI_TIMEOUT);
});
