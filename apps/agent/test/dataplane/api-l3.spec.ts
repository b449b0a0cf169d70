import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { routerGatewayName, routerInterfaceName, routerNamespace } from '@muon/agent-domain';
import { eventually, TestPlatform } from '@muon/embedded';
import { runCommand } from '../../src/dataplane/process/run-command.js';
import { describeDataplane } from '../support/dataplane-availability.js';
import { httpGet, httpGetEventually, OutsideNamespace, WhoamiServer } from '../support/outside-world.js';
import type { SimulatedHost } from '../support/simulated-host.js';
import { TestRun } from '../support/test-run.js';
import type { VmNamespace } from '../support/vm-namespace.js';

const STEP = 120000;
const suite = describeDataplane() === 'run' ? describe : describe.skip;
const OUTSIDE = '203.0.113.129';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies
type Json = any;

/**
 * The seed's walk-through ("Let's Start" and "Let's Rock"), driven only through the REST API plus
 * plugging "VMs" as Nova does, on one host with a real agent process (L2, DHCP and L3): an external
 * flat network `public` (203.0.113.128/25, physical network `public` → br-ex) whose far side is an
 * "outside" namespace on br-ex holding 203.0.113.129; tenant A (198.51.100.0/26, DHCP) behind a
 * router with SNAT and later a floating IP; tenant B (198.51.100.64/26, DHCP) with no router.
 */
suite('routers and floating IPs through the API (real OVS, namespaces, iptables, agent process)', () => {
  const run = new TestRun();
  const platform = new TestPlatform({ repoRoot: join(import.meta.dirname, '..', '..', '..', '..'), postgresUrl: process.env.TEST_DATABASE_URL! });
  let host: SimulatedHost;
  let outside: OutsideNamespace;
  const servers: WhoamiServer[] = [];
  const vms: Record<string, VmNamespace> = {};
  const ports: Record<string, Json> = {};
  const nets: Record<string, Json> = {};
  let router: Json, fip: Json, ext: Json;

  const call = async (method: string, path: string, body?: unknown, project = 'admin-project', roles = 'admin'): Promise<Json> => {
    const res = await platform.request(method, path, body, { project, roles });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const asA = (method: string, path: string, body?: unknown) => call(method, path, body, 'tenant-a', 'member');
  const asB = (method: string, path: string, body?: unknown) => call(method, path, body, 'tenant-b', 'member');
  const routerNs = () => routerNamespace(host.config.namespacePrefix, router.id);
  const inRouter = (args: string[]) => runCommand('ip', ['netns', 'exec', routerNs(), ...args]);

  const agentEnv = (): NodeJS.ProcessEnv => ({
    MUON_HOST_ID: 'hostA', MUON_AGENT_DATAPLANE: 'real', MUON_AGENT_STATE_DIR: host.dir, MUON_AGENT_HOST_NAMESPACE: host.hostNamespace,
    MUON_AGENT_NAMESPACE_PREFIX: `${host.hostNamespace}-`, MUON_AGENT_BRIDGE_MAPPINGS: 'public:br-ex',
  });

  beforeAll(async () => {
    host = await run.host('hostA', () => ({ bridgeMappings: { public: 'br-ex' } }));
    await platform.start();
    await platform.waitReady(await platform.spawnService('agent', 0, agentEnv()));
    // br-ex exists once the agent is up (it builds the bridges of its mappings): plug "the internet" into it.
    outside = new OutsideNamespace(run, 'outside', host, OUTSIDE);
    await outside.create('br-ex', 25);
    servers.push(await WhoamiServer.start(run, outside.namespace));
  }, STEP);

  afterAll(async () => {
    for (const server of servers) server.stop();
    await platform.stop();
    await run.cleanup();
  }, STEP);

  it('registers an L3 agent beside the Open vSwitch and DHCP agents', async () => {
    const agents: Json[] = (await call('GET', '/v2.0/agents')).agents;
    expect(agents.map((a) => `${a.agent_type} ${a.alive}`).sort()).toEqual(['DHCP agent true', 'L3 agent true', 'Open vSwitch agent true']);
  });

  it('builds the walk-through: public network, tenant A with a router, tenant B without', async () => {
    ext = (await call('POST', '/v2.0/networks', { network: { name: 'public', 'router:external': true, 'provider:network_type': 'flat', 'provider:physical_network': 'public' } })).network;
    await call('POST', '/v2.0/subnets', { subnet: { network_id: ext.id, cidr: '203.0.113.128/25', ip_version: 4, gateway_ip: OUTSIDE, enable_dhcp: false } });
    for (const [name, cidr, as] of [['A', '198.51.100.0/26', asA], ['B', '198.51.100.64/26', asB]] as const) {
      nets[name] = (await as('POST', '/v2.0/networks', { network: { name: `net-${name}` } })).network;
      nets[`${name}-subnet`] = (await as('POST', '/v2.0/subnets', { subnet: { network_id: nets[name].id, cidr, ip_version: 4 } })).subnet;
      // A's DHCP port is wired before B's, so A's network gets local VLAN 1 and B's 2, as in the seed.
      await eventually(async () => (await call('GET', `/v2.0/ports?network_id=${nets[name].id}&device_owner=network:dhcp`)).ports as Json[],
        (p) => p.length === 1 && p[0].status === 'ACTIVE', 20_000);
    }
    router = (await asA('POST', '/v2.0/routers', { router: { name: 'router-a', external_gateway_info: { network_id: ext.id } } })).router;
    await asA('PUT', `/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: nets['A-subnet'].id });
    const routerPorts = await eventually(async () => (await call('GET', `/v2.0/ports?device_id=${router.id}`)).ports as Json[],
      (ps) => ps.length === 2 && ps.every((p) => p.status === 'ACTIVE'), 30_000);
    expect(routerPorts.map((p) => `${p.device_owner} ${p.status} ${p['binding:host_id']}`).sort())
      .toEqual(['network:router_gateway ACTIVE hostA', 'network:router_interface ACTIVE hostA']);
    for (const [label, net, as] of [['vmA', 'A', asA], ['vmB', 'B', asB]] as const) {
      ports[label] = (await as('POST', '/v2.0/ports', { port: { network_id: nets[net].id, device_owner: 'compute:nova', device_id: `instance-${label}` } })).port;
      await call('PUT', `/v2.0/ports/${ports[label].id}`, { port: { 'binding:host_id': 'hostA' } });
      vms[label] = await run.vm(label, host, ports[label].id, ports[label].mac_address);
      await vms[label].plug();
    }
    for (const label of Object.keys(ports)) {
      expect((await eventually(async () => (await call('GET', `/v2.0/ports/${ports[label].id}`)).port, (p: Json) => p.status === 'ACTIVE', 20_000)).status).toBe('ACTIVE');
    }
  }, STEP);

  it('gives A\'s VM DHCP with the router as gateway; it pings the gateway and reaches the outside through SNAT', async () => {
    const lease = await vms.vmA!.dhcp();
    expect(lease).toMatchObject({ ip: ports.vmA.fixed_ips[0].ip_address, router: '198.51.100.1' });
    // The test's DHCP hook sets only the address; the lease's default route goes in by hand, inside the VM.
    await vms.vmA!.exec(['ip', 'route', 'replace', 'default', 'via', lease!.router]);
    expect(await vms.vmA!.reaches('198.51.100.1')).toBe(true);
    const gatewayIp = router.external_gateway_info.external_fixed_ips[0].ip_address;
    expect(await httpGetEventually(vms.vmA!.namespace, `http://${OUTSIDE}:8080/`)).toBe(gatewayIp);
  }, STEP);

  it('makes A\'s VM reachable from outside by a floating IP, and its own traffic leave with it', async () => {
    servers.push(await WhoamiServer.start(run, vms.vmA!.namespace));
    const started = performance.now();
    fip = (await asA('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: ext.id, port_id: ports.vmA.id } })).floatingip;
    expect(await httpGetEventually(outside.namespace, `http://${fip.floating_ip_address}:8080/`, 20)).toBe(OUTSIDE);
    // eslint-disable-next-line no-console
    console.log(`floating IP created → reachable from outside: ${Math.round(performance.now() - started)} ms`);
    expect(await httpGetEventually(vms.vmA!.namespace, `http://${OUTSIDE}:8080/`)).toBe(fip.floating_ip_address);
    const shown = await eventually(async () => (await asA('GET', `/v2.0/floatingips/${fip.id}`)).floatingip, (f: Json) => f.status === 'ACTIVE', 15_000);
    expect(shown).toMatchObject({ status: 'ACTIVE', router_id: router.id, fixed_ip_address: ports.vmA.fixed_ips[0].ip_address });
  }, STEP);

  it('gives B\'s VM DHCP but no path to the outside or to A', async () => {
    const lease = await vms.vmB!.dhcp();
    expect(lease?.ip).toBe(ports.vmB.fixed_ips[0].ip_address);
    await vms.vmB!.exec(['ip', 'route', 'replace', 'default', 'via', lease!.router]);
    expect(await vms.vmB!.isolatedFrom(OUTSIDE)).toBe(true);
    expect(await vms.vmB!.isolatedFrom(ports.vmA.fixed_ips[0].ip_address)).toBe(true);
    expect(await vms.vmB!.isolatedFrom(fip.floating_ip_address)).toBe(true);
  }, STEP);

  it('looks the way an operator expects: qr- and qdhcp taps on br-int (A tag 1, B tag 2), qg- on br-ex, qrouter and qdhcp namespaces, NAT by name', async () => {
    const [qr] = (await call('GET', `/v2.0/ports?device_id=${router.id}&device_owner=network:router_interface`)).ports as Json[];
    const [qg] = (await call('GET', `/v2.0/ports?device_id=${router.id}&device_owner=network:router_gateway`)).ports as Json[];
    const show = await host.ovs.vsctl(['show']);
    expect(show).toMatch(new RegExp(`Port ${routerInterfaceName(qr.id)}\\s+tag: 1\\s`));
    expect(show).toMatch(new RegExp(`Port ${vms.vmA!.link}\\s+tag: 1\\s`));
    expect(show).toMatch(new RegExp(`Port ${vms.vmB!.link}\\s+tag: 2\\s`));
    expect(show).toMatch(/Port tap\S+\s+tag: 1\s/);
    expect(show).toMatch(/Port tap\S+\s+tag: 2\s/);
    expect((await host.ovs.vsctl(['list-ports', 'br-ex'])).split('\n')).toContain(routerGatewayName(qg.id));
    const namespaces = await run.ownNamespaces();
    expect(namespaces).toContain(routerNs());
    expect(namespaces.filter((n) => n.startsWith(`${host.config.namespacePrefix}qdhcp-`))).toHaveLength(2);
    const addr = await inRouter(['ip', '-o', 'addr']);
    expect(addr).toMatch(new RegExp(`${routerInterfaceName(qr.id)}\\s+inet 198\\.51\\.100\\.1/26`));
    expect(addr).toMatch(new RegExp(`${routerGatewayName(qg.id)}\\s+inet ${qg.fixed_ips[0].ip_address.replace(/\./g, '\\.')}/25`));
    expect(addr).toContain(`inet ${fip.floating_ip_address}/32`);
    const nat = await inRouter(['iptables-save', '-t', 'nat']);
    expect(nat).toContain(`-d ${fip.floating_ip_address}/32 -j DNAT --to-destination ${ports.vmA.fixed_ips[0].ip_address}`);
    expect(nat).toMatch(/neutron-l3-agent-snat/);
  });

  it('survives an agent crash: the restarted agent changes nothing that is right in OVS or the router', async () => {
    const wiring = async () => [
      await host.ovs.vsctl(['--format=json', '--columns=_uuid,name,tag', 'list', 'Port']),
      await host.ovs.vsctl(['--format=json', '--columns=_uuid,name,ofport', 'list', 'Interface']),
      (await inRouter(['iptables-save', '-t', 'nat'])).split('\n').filter((l) => !l.startsWith('#')).map((l) => l.replace(/\[\d+:\d+\]/, '')).join('\n'),
      await inRouter(['ip', '-o', 'addr']),
      await runCommand('ip', ['-n', host.hostNamespace, '-o', 'link']).then((t) => t.split('\n').filter((l) => / q[rg]-/.test(l)).map((l) => l.split('@')[0]).join('\n')),
    ];
    const before = await wiring();
    const agent = platform.instances.find((i) => i.name === 'agent')!;
    await platform.kill(agent);
    await platform.waitReady(await platform.spawnService('agent', 0, agentEnv()));
    await new Promise((r) => setTimeout(r, 1500)); // a few reconcile passes
    expect(await wiring()).toEqual(before);
    expect(await httpGetEventually(outside.namespace, `http://${fip.floating_ip_address}:8080/`)).toBe(OUTSIDE);
    expect((await asA('GET', `/v2.0/floatingips/${fip.id}`)).floatingip.status).toBe('ACTIVE');
  }, STEP);

  it('takes the floating IP away on disassociation: the outside no longer reaches the VM', async () => {
    await asA('PUT', `/v2.0/floatingips/${fip.id}`, { floatingip: { port_id: null } });
    // Gone from qg- and from the NAT table (one pass applies both, the addresses first).
    const stillThere = async () => (await inRouter(['ip', '-o', 'addr'])).includes(`${fip.floating_ip_address}/32`)
      || (await inRouter(['iptables-save', '-t', 'nat'])).includes(`-d ${fip.floating_ip_address}/32`);
    expect(await eventually(stillThere, (present) => !present, 10_000)).toBe(false);
    expect(await httpGet(outside.namespace, `http://${fip.floating_ip_address}:8080/`)).toBeUndefined();
    // A's VM still reaches the outside, through SNAT again.
    expect(await httpGetEventually(vms.vmA!.namespace, `http://${OUTSIDE}:8080/`)).toBe(router.external_gateway_info.external_fixed_ips[0].ip_address);
  }, STEP);

  it('removes the router from the host when it is torn down through the API', async () => {
    await asA('DELETE', `/v2.0/floatingips/${fip.id}`);
    await asA('PUT', `/v2.0/routers/${router.id}/remove_router_interface`, { subnet_id: nets['A-subnet'].id });
    await asA('DELETE', `/v2.0/routers/${router.id}`);
    const left = await eventually(() => run.ownNamespaces(), (ns) => !ns.includes(routerNs()), 15_000);
    expect(left).not.toContain(routerNs());
    expect((await host.ovs.vsctl(['list-ports', 'br-ex'])).split('\n').filter((p) => p.startsWith('qg-'))).toEqual([]);
  }, STEP);
});
