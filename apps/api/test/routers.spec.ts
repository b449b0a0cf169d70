import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '@muon/embedded';
import { ADMIN, expectNeutronError, expectStatus, newPlatform, NeutronClient, PROJECT_A, PROJECT_B, type Json } from './support/neutron-client.js';

/**
 * Routers and floating IPs through the REST API (the l3 service, with its ports in ipam): Neutron's
 * shapes, checks, 4xx answers and deletion guards, and no port left behind by a refused request.
 */
describe('routers and floating IPs (API)', () => {
  // A fast orphan sweep, so the test of that safety net takes seconds.
  const platform = newPlatform({ serviceEnv: { l3: { MUON_L3_ORPHAN_SWEEP_MS: '300', MUON_L3_ORPHAN_GRACE_MS: '1500' } } });
  const api = new NeutronClient(platform, PROJECT_A);
  const admin = api.as(ADMIN);
  const b = api.as(PROJECT_B);
  let ext: Json, extSubnet: Json, netA: Json, subA: Json;

  const portsOf = async (query: Record<string, string>) => admin.list('ports', query);
  const action = (client: NeutronClient, routerId: string, verb: string, body: unknown) => client.call('PUT', `/v2.0/routers/${routerId}/${verb}`, body);

  beforeAll(async () => {
    await platform.start();
    ext = await admin.create('networks', { name: 'public', 'router:external': true });
    extSubnet = await admin.create('subnets', { network_id: ext.id, cidr: '203.0.113.128/25', ip_version: 4, gateway_ip: '203.0.113.129', enable_dhcp: false });
    ({ network: netA, subnet: subA } = await api.networkWithSubnet('198.51.100.0/26'));
  }, 90000);
  afterAll(async () => { await platform.stop(); });

  let router: Json;

  it('creates a router with a gateway: a network:router_gateway port on the external network, SNAT on', async () => {
    router = await api.create('routers', { name: 'r1', external_gateway_info: { network_id: ext.id } });
    expect(router).toMatchObject({ name: 'r1', status: 'ACTIVE', admin_state_up: true, routes: [], project_id: PROJECT_A.project, tenant_id: PROJECT_A.project });
    expect(router.external_gateway_info).toMatchObject({ network_id: ext.id, enable_snat: true });
    expect(router.external_gateway_info.external_fixed_ips).toEqual([{ subnet_id: extSubnet.id, ip_address: expect.stringMatching(/^203\.0\.113\./) }]);
    expect(router).not.toHaveProperty('distributed');
    expect(await admin.show('routers', router.id)).toMatchObject({ distributed: false, ha: false });
    const [gw] = await portsOf({ device_id: router.id, device_owner: 'network:router_gateway' });
    expect(gw).toMatchObject({ network_id: ext.id, project_id: '', fixed_ips: router.external_gateway_info.external_fixed_ips });
  });

  it('refuses what Neutron refuses on the gateway: admin-only SNAT, a network that is not external', async () => {
    expectNeutronError(await api.call('PUT', `/v2.0/routers/${router.id}`, { router: { external_gateway_info: { network_id: ext.id, enable_snat: false } } }), 403, 'PolicyNotAuthorized');
    expectNeutronError(await api.call('POST', '/v2.0/routers', { router: { external_gateway_info: { network_id: netA.id } } }), 400, 'BadRequest', /not an external network/);
    expect((await api.list('routers')).map((r: Json) => r.id)).toEqual([router.id]);
    const snatOff = await admin.update('routers', router.id, { external_gateway_info: { network_id: ext.id, enable_snat: false } });
    expect(snatOff.external_gateway_info.enable_snat).toBe(false);
    expect(snatOff.external_gateway_info.external_fixed_ips).toEqual(router.external_gateway_info.external_fixed_ips);
    await admin.update('routers', router.id, { external_gateway_info: { network_id: ext.id, enable_snat: true } });
  });

  it('lets only an admin choose SNAT or the gateway address at create too; an empty gateway ({}) is none', async () => {
    expectNeutronError(await api.call('POST', '/v2.0/routers', { router: { external_gateway_info: { network_id: ext.id, enable_snat: false } } }),
      403, 'PolicyNotAuthorized', /create_router:external_gateway_info:enable_snat/);
    expectNeutronError(await api.call('POST', '/v2.0/routers', { router: { external_gateway_info: { network_id: ext.id, external_fixed_ips: [{ subnet_id: extSubnet.id }] } } }),
      403, 'PolicyNotAuthorized', /create_router:external_gateway_info:external_fixed_ips/);
    const chosen = await admin.create('routers', { project_id: PROJECT_A.project, external_gateway_info: { network_id: ext.id, enable_snat: false, external_fixed_ips: [{ ip_address: '203.0.113.250' }] } });
    expect(chosen.external_gateway_info).toEqual({ network_id: ext.id, enable_snat: false, external_fixed_ips: [{ subnet_id: extSubnet.id, ip_address: '203.0.113.250' }] });
    // `openstack router unset --external-gateway` sends {}: Neutron takes it for "no gateway".
    const none = await api.create('routers', { name: 'no-gw', external_gateway_info: {} });
    expect(none.external_gateway_info).toBeNull();
    expect((await api.update('routers', chosen.id, { external_gateway_info: {} })).external_gateway_info).toBeNull();
    expectNeutronError(await api.call('PUT', `/v2.0/routers/${none.id}`, { router: { external_gateway_info: { enable_snat: true } } }), 400, 'HTTPBadRequest', /network_id/);
    await api.remove('routers', chosen.id);
    await api.remove('routers', none.id);
    expect((await portsOf({ device_owner: 'network:router_gateway' })).map((p: Json) => p.device_id)).toEqual([router.id]);
  });

  it('records a router update whole or not at all: a stale If-Match or refused routes leave the gateway where it was', async () => {
    const ext2 = await admin.create('networks', { name: 'public-2', 'router:external': true });
    const ext2Subnet = await admin.create('subnets', { network_id: ext2.id, cidr: '192.0.2.0/24', ip_version: 4, enable_dhcp: false });
    const before = await api.show('routers', router.id);
    const move = { external_gateway_info: { network_id: ext2.id } };
    expectNeutronError(await api.call('PUT', `/v2.0/routers/${router.id}`, { router: move }, { 'if-match': `revision_number=${before.revision_number + 5}` }), 412, 'RevisionNumberConstraintFailed');
    expectNeutronError(await api.call('PUT', `/v2.0/routers/${router.id}`, { router: { ...move, routes: [{ destination: '10.9.0.0/16', nexthop: '172.31.0.1' }] } }), 400, 'InvalidRoutes');
    expect(await api.show('routers', router.id)).toEqual(before);
    expect(await portsOf({ network_id: ext2.id })).toEqual([]);
    // With the right If-Match, a gateway change and a rename are one update.
    const both = await admin.update('routers', router.id, { name: 'r1-renamed', external_gateway_info: { network_id: ext.id, enable_snat: false } },
      { 'if-match': `revision_number=${before.revision_number}` });
    expect(both).toMatchObject({ name: 'r1-renamed', external_gateway_info: { enable_snat: false, external_fixed_ips: before.external_gateway_info.external_fixed_ips } });
    await admin.update('routers', router.id, { name: 'r1', external_gateway_info: { network_id: ext.id, enable_snat: true } });
    await admin.remove('subnets', ext2Subnet.id);
    await admin.remove('networks', ext2.id);
  });

  let iface: Json;

  it('adds an interface by subnet: a port with the subnet gateway IP; a second one or an overlap is 400 and leaves no port', async () => {
    const res = await action(api, router.id, 'add_router_interface', { subnet_id: subA.id });
    expectStatus(res, 200);
    iface = res.body;
    expect(iface).toMatchObject({ id: router.id, subnet_id: subA.id, subnet_ids: [subA.id], network_id: netA.id, project_id: PROJECT_A.project });
    const port = await api.show('ports', iface.port_id);
    expect(port).toMatchObject({ device_owner: 'network:router_interface', device_id: router.id, fixed_ips: [{ subnet_id: subA.id, ip_address: '198.51.100.1' }] });

    expectNeutronError(await action(api, router.id, 'add_router_interface', { subnet_id: subA.id }), 400, 'BadRequest', /already has a port on subnet/);
    const { network: other, subnet: overlapping } = await api.networkWithSubnet('198.51.100.0/27');
    expectNeutronError(await action(api, router.id, 'add_router_interface', { subnet_id: overlapping.id }), 400, 'BadRequest', /overlaps with cidr 198\.51\.100\.0\/26/);
    expect(await portsOf({ network_id: other.id })).toEqual([]);
    // By port: the overlap is found before the port is claimed, so the refused add leaves it as it was.
    const spare = await api.create('ports', { network_id: other.id });
    expectNeutronError(await action(api, router.id, 'add_router_interface', { port_id: spare.id }), 400, 'BadRequest', /overlaps with cidr 198\.51\.100\.0\/26/);
    expect(await api.show('ports', spare.id)).toEqual(spare);
    await api.remove('ports', spare.id);
    expectNeutronError(await action(api, router.id, 'add_router_interface', {}), 400, 'BadRequest');
    expectNeutronError(await action(api, router.id, 'add_router_interface', { subnet_id: subA.id, port_id: iface.port_id }), 400, 'BadRequest');
    await api.remove('networks', other.id);
  });

  it('guards what a router uses: RouterInUse, ServicePortInUse, SubnetInUse, NetworkInUse', async () => {
    expectNeutronError(await api.call('DELETE', `/v2.0/routers/${router.id}`), 409, 'RouterInUse');
    expectNeutronError(await api.call('DELETE', `/v2.0/ports/${iface.port_id}`), 409, 'ServicePortInUse');
    expectNeutronError(await api.call('PUT', `/v2.0/ports/${iface.port_id}`, { port: { device_id: 'elsewhere' } }), 403, 'PolicyNotAuthorized');
    expectNeutronError(await admin.call('PUT', `/v2.0/ports/${iface.port_id}`, { port: { fixed_ips: [] } }), 403, 'PolicyNotAuthorized');
    expect((await api.update('ports', iface.port_id, { name: 'renamed is fine' })).name).toBe('renamed is fine');
    expectNeutronError(await api.call('DELETE', `/v2.0/subnets/${subA.id}`), 409, 'SubnetInUse');
    expectNeutronError(await admin.call('DELETE', `/v2.0/networks/${ext.id}`), 409, 'NetworkInUse');
  });

  it('validates extra routes against the connected subnets', async () => {
    const routed = await api.update('routers', router.id, { routes: [{ destination: '198.51.100.200/29', nexthop: '198.51.100.5' }] });
    expect(routed.routes).toEqual([{ destination: '198.51.100.200/29', nexthop: '198.51.100.5' }]);
    expectNeutronError(await api.call('PUT', `/v2.0/routers/${router.id}`, { router: { routes: [{ destination: '0.0.0.0/0', nexthop: '192.168.77.1' }] } }), 400, 'InvalidRoutes', /not connected/);
    expectNeutronError(await action(api, router.id, 'remove_router_interface', { subnet_id: subA.id }), 409, 'RouterInterfaceInUseByRoute');
    expect((await api.update('routers', router.id, { routes: [] })).routes).toEqual([]);
  });

  it('refuses a route through the router\'s own address, a port and subnet that do not match, an id that is no id', async () => {
    const gatewayIp = router.external_gateway_info.external_fixed_ips[0].ip_address;
    for (const nexthop of ['198.51.100.1', gatewayIp]) {
      expectNeutronError(await api.call('PUT', `/v2.0/routers/${router.id}`, { router: { routes: [{ destination: '10.9.0.0/16', nexthop }] } }), 400, 'InvalidRoutes', /the nexthop is used by router/);
    }
    expectNeutronError(await action(api, router.id, 'remove_router_interface', { port_id: iface.port_id, subnet_id: extSubnet.id }), 400, 'SubnetMismatchForPort');
    expectNeutronError(await admin.call('GET', '/v2.0/routers/%00/l3-agents'), 404, 'RouterNotFound');
    expect((await api.show('routers', router.id)).routes).toEqual([]);
  });

  let vm: Json, fip: Json;

  it('creates a floating IP for a port behind the router: address from the external subnet, DOWN, port details', async () => {
    vm = await api.create('ports', { network_id: netA.id, device_owner: 'compute:nova', device_id: 'vm-1' });
    fip = await api.create('floatingips', { floating_network_id: ext.id, port_id: vm.id });
    expect(fip).toMatchObject({
      floating_network_id: ext.id, router_id: router.id, port_id: vm.id, fixed_ip_address: vm.fixed_ips[0].ip_address, status: 'DOWN',
      project_id: PROJECT_A.project, port_details: { network_id: netA.id, mac_address: vm.mac_address, device_owner: 'compute:nova', device_id: 'vm-1' },
    });
    expect(fip.floating_ip_address).toMatch(/^203\.0\.113\.(1[3-9]\d|2\d\d)$/);
    const [holder] = await portsOf({ device_id: fip.id });
    expect(holder).toMatchObject({ device_owner: 'network:floatingip', network_id: ext.id, fixed_ips: [{ ip_address: fip.floating_ip_address }] });
    expect(await api.list('floatingips')).toHaveLength(1);
    expect(await b.list('floatingips')).toEqual([]);
    expectNeutronError(await b.call('GET', `/v2.0/routers/${router.id}`), 404, 'RouterNotFound');
  });

  it('keeps one floating IP per fixed IP, and the router path to the external network required', async () => {
    expectNeutronError(await api.call('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: ext.id, port_id: vm.id } }), 409, 'FloatingIPPortAlreadyAssociated');
    const { network: netB } = await b.networkWithSubnet('198.51.100.64/26');
    const vmB = await b.create('ports', { network_id: netB.id });
    const res = await b.call('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: ext.id, port_id: vmB.id } });
    expectNeutronError(res, 404, 'ExternalGatewayForFloatingIPNotFound');
    expectNeutronError(await b.call('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: ext.id, port_id: vm.id } }), 404, 'PortNotFound');
    expectNeutronError(await api.call('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: ext.id, floating_ip_address: '203.0.113.200' } }), 403, 'PolicyNotAuthorized');
    // Refused requests left no floating IP port behind.
    expect(await portsOf({ device_owner: 'network:floatingip' })).toHaveLength(1);
  });

  it('answers a retried create (same X-Request-Id) with the first floating IP, never a second one on its port', async () => {
    const retried = () => api.call('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: ext.id } }, { 'x-request-id': 'fip-create-retried' });
    const first = await retried();
    expectStatus(first, 201);
    const again = await retried();
    expectStatus(again, 201);
    expect(again.body).toEqual(first.body);
    const created = first.body.floatingip;
    expect((await api.list('floatingips')).filter((f: Json) => f.floating_ip_address === created.floating_ip_address)).toHaveLength(1);
    expect(await portsOf({ device_id: created.id })).toHaveLength(1);
    await api.remove('floatingips', created.id);
    expect(await portsOf({ device_owner: 'network:floatingip' })).toHaveLength(1);
  });

  it('refuses to take away what the floating IP needs: its interface, the gateway', async () => {
    expectNeutronError(await action(api, router.id, 'remove_router_interface', { subnet_id: subA.id }), 409, 'RouterInterfaceInUseByFloatingIP');
    expectNeutronError(await api.call('PUT', `/v2.0/routers/${router.id}`, { router: { external_gateway_info: null } }), 409, 'RouterExternalGatewayInUseByFloatingIp');
  });

  it('disassociates and re-associates with PUT, and a deleted port takes its association along', async () => {
    const off = await api.update('floatingips', fip.id, { port_id: null });
    expect(off).toMatchObject({ port_id: null, fixed_ip_address: null, router_id: null, port_details: null, status: 'DOWN' });
    const on = await api.update('floatingips', fip.id, { port_id: vm.id });
    expect(on).toMatchObject({ port_id: vm.id, router_id: router.id });
    await api.remove('ports', vm.id);
    const after = await eventually(() => api.show('floatingips', fip.id), (f: Json) => f.port_id === null);
    expect(after).toMatchObject({ port_id: null, fixed_ip_address: null, router_id: null });
  });

  it('removes a port a command left behind half-way (created in ipam, never recorded by l3), and only that', async () => {
    // What a floating IP create that died between its two steps leaves: a network:floatingip port nobody records.
    const orphan = await admin.create('ports', { network_id: ext.id, device_owner: 'network:floatingip', device_id: '5f0c7a53-1a9e-4f3c-9d55-0c1f0b5a2e11', project_id: '' });
    const recorded = await api.create('floatingips', { floating_network_id: ext.id });
    const left = await eventually(() => portsOf({ device_owner: 'network:floatingip' }), (ps: Json[]) => !ps.some((p) => p.id === orphan.id), 15000);
    expect(left.map((p: Json) => p.device_id)).toEqual(expect.arrayContaining([recorded.id, fip.id]));
    expect(left).toHaveLength(2);
    await api.remove('floatingips', recorded.id);
  }, 30000);

  it('counts routers and floating IPs against the project quota, exactly under concurrency, and shows the usage', async () => {
    const q = api.as({ project: 'project-quota', roles: 'member' });
    expectStatus(await admin.call('PUT', '/v2.0/quotas/project-quota', { quota: { router: 3, floatingip: 1 } }), 200);
    const routers = await Promise.all(Array.from({ length: 8 }, (_, i) => q.call('POST', '/v2.0/routers', { router: { name: `q${i}` } })));
    expect(routers.filter((r) => r.status === 201)).toHaveLength(3);
    for (const refused of routers.filter((r) => r.status !== 201)) expectNeutronError(refused, 409, 'OverQuota');
    const fips = await Promise.all(Array.from({ length: 4 }, () => q.call('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: ext.id } })));
    expect(fips.filter((r) => r.status === 201)).toHaveLength(1);
    // The refused floating IPs gave their addresses back: only one floating IP port is left for the project's one floating IP.
    const kept = fips.find((r) => r.status === 201)!.body.floatingip;
    expect((await portsOf({ device_owner: 'network:floatingip' })).filter((p: Json) => p.device_id === kept.id)).toHaveLength(1);
    expect(await portsOf({ device_owner: 'network:floatingip' })).toHaveLength(2); // kept + the earlier test's fip
    const details = (await q.call('GET', '/v2.0/quotas/project-quota/details')).body.quota;
    expect(details.router).toEqual({ used: 3, limit: 3, reserved: 0 });
    expect(details.floatingip).toEqual({ used: 1, limit: 1, reserved: 0 });
    await q.remove('floatingips', kept.id);
    for (const r of routers.filter((x) => x.status === 201)) await q.remove('routers', r.body.router.id);
  }, 30000);

  it('tears down in Neutron order and leaves no l3 port in ipam', async () => {
    await api.remove('floatingips', fip.id);
    const removed = await action(api, router.id, 'remove_router_interface', { subnet_id: subA.id });
    expectStatus(removed, 200);
    expect(removed.body).toMatchObject({ port_id: iface.port_id, subnet_id: subA.id });
    expectNeutronError(await action(api, router.id, 'remove_router_interface', { subnet_id: subA.id }), 404, 'RouterInterfaceNotFoundForSubnet');
    await api.remove('routers', router.id);
    expectNeutronError(await api.call('GET', `/v2.0/routers/${router.id}`), 404, 'RouterNotFound');
    expect(await portsOf({ device_owner: ['network:router_gateway', 'network:router_interface', 'network:floatingip'] as never })).toEqual([]);
    await admin.remove('subnets', extSubnet.id);
    await admin.remove('networks', ext.id);
  });
});
