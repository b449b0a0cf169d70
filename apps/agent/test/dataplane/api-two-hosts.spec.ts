import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, TestPlatform } from '@muon/embedded';
import { describeDataplane } from '../support/dataplane-availability.js';
import type { SimulatedHost } from '../support/simulated-host.js';
import { TestRun } from '../support/test-run.js';
import { connectUnderlay } from '../support/underlay.js';
import type { VmNamespace } from '../support/vm-namespace.js';

const STEP = 120000;
const suite = describeDataplane() === 'run' ? describe : describe.skip;
const TUNNEL = { hostA: '198.51.100.193', hostB: '198.51.100.194' } as const;
type Host = keyof typeof TUNNEL;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies
type Json = any;

/**
 * Issue 6's proof, driven only through the REST API plus plugging "VMs" the way Nova's os-vif
 * does: two hosts (each its own ovs-vswitchd in its own host namespace, joined by a veth underlay
 * in 198.51.100.192/27), an agent process per host on the real drivers, tenant A 203.0.113.0/26
 * and tenant B 203.0.113.64/26 with DHCP, and network C reusing A's CIDR.
 */
suite('two hosts through the API (real OVS, namespaces, dnsmasq, agent processes)', () => {
  const run = new TestRun();
  const platform = new TestPlatform({ repoRoot: join(import.meta.dirname, '..', '..', '..', '..'), postgresUrl: process.env.TEST_DATABASE_URL! });
  const hosts = {} as Record<Host, SimulatedHost>;
  const vms: Record<string, VmNamespace> = {};
  const ports: Record<string, Json> = {};
  const nets: Record<string, Json> = {};
  const agentEnv = (name: Host): NodeJS.ProcessEnv => ({
    MUON_HOST_ID: name, MUON_AGENT_DATAPLANE: 'real', MUON_AGENT_STATE_DIR: hosts[name].dir, MUON_AGENT_HOST_NAMESPACE: hosts[name].hostNamespace,
    MUON_AGENT_NAMESPACE_PREFIX: `${hosts[name].hostNamespace}-`, MUON_AGENT_TUNNEL_IP: TUNNEL[name],
  });

  const call = async (method: string, path: string, body?: unknown, project = 'admin-project', roles = 'admin'): Promise<Json> => {
    const res = await platform.request(method, path, body, { project, roles });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const port = async (id: string): Promise<Json> => (await call('GET', `/v2.0/ports/${id}`)).port;
  const statusOf = (id: string) => eventually(() => port(id), () => true, 0);
  const becomes = async (id: string, status: string) => (await eventually(() => port(id), (p) => p.status === status, 20_000)).status;

  beforeAll(async () => {
    for (const name of Object.keys(TUNNEL) as Host[]) hosts[name] = await run.host(name, () => ({ tunnelIp: TUNNEL[name] }));
    await connectUnderlay(hosts.hostA, TUNNEL.hostA, hosts.hostB, TUNNEL.hostB, 27);
    await platform.start();
    for (const [i, name] of (Object.keys(TUNNEL) as Host[]).entries()) await platform.waitReady(await platform.spawnService('agent', i, agentEnv(name)));
  }, STEP);

  afterAll(async () => {
    await platform.stop();
    await run.cleanup();
  }, STEP);

  it('shows both hosts\' agents alive', async () => {
    const agents: Json[] = (await call('GET', '/v2.0/agents')).agents;
    expect(agents.filter((a) => a.alive).map((a) => `${a.host} ${a.agent_type}`).sort())
      .toEqual(['hostA DHCP agent', 'hostA L3 agent', 'hostA Open vSwitch agent', 'hostB DHCP agent', 'hostB L3 agent', 'hostB Open vSwitch agent']);
  });

  it('creates tenant networks whose DHCP ports the agents wire', async () => {
    for (const [name, project, cidr] of [['A', 'tenant-a', '203.0.113.0/26'], ['B', 'tenant-b', '203.0.113.64/26'], ['C', 'tenant-a', '203.0.113.0/26']] as const) {
      nets[name] = (await call('POST', '/v2.0/networks', { network: { name: `net-${name}` } }, project, 'member')).network;
      await call('POST', '/v2.0/subnets', { subnet: { network_id: nets[name].id, cidr, ip_version: 4 } }, project, 'member');
    }
    expect(nets.A['provider:network_type']).toBeUndefined(); // a member does not see provider attributes
    for (const net of Object.values(nets)) {
      const dhcp = await eventually(async () => (await call('GET', `/v2.0/ports?network_id=${net.id}&device_owner=network:dhcp`)).ports as Json[],
        (p) => p.length === 1 && p[0].status === 'ACTIVE', 20_000);
      expect(dhcp[0]).toMatchObject({ status: 'ACTIVE', 'binding:vif_type': 'ovs' });
    }
  }, STEP);

  it('turns VM ports ACTIVE once plugged, whether the binding or the plug comes first', async () => {
    const plan: [string, string, Host, string][] = [['vm1', 'A', 'hostA', 'tenant-a'], ['vm2', 'A', 'hostB', 'tenant-a'], ['vm3', 'B', 'hostA', 'tenant-b'], ['vm4', 'B', 'hostB', 'tenant-b'], ['vm5', 'C', 'hostA', 'tenant-a']];
    for (const [label, net, host, project] of plan) {
      // vm4 is plugged before Nova tells Neutron where it lives; the others are bound first.
      const bindFirst = label !== 'vm4';
      ports[label] = (await call('POST', '/v2.0/ports', { port: {
        network_id: nets[net].id, project_id: project, device_owner: 'compute:nova', device_id: `instance-${label}`, ...(bindFirst ? { 'binding:host_id': host } : {}),
      } })).port;
      expect(ports[label].status).toBe('DOWN');
      vms[label] = await run.vm(label, hosts[host], ports[label].id, ports[label].mac_address);
      await vms[label].plug();
    }
    expect((await statusOf(ports.vm4.id)).status).toBe('DOWN');
    await call('PUT', `/v2.0/ports/${ports.vm4.id}`, { port: { 'binding:host_id': 'hostB' } });
    for (const label of Object.keys(ports)) expect(await becomes(ports[label].id, 'ACTIVE')).toBe('ACTIVE');
    expect(await port(ports.vm1.id)).toMatchObject({ 'binding:vif_type': 'ovs', 'binding:vif_details': { bridge_name: 'br-int', datapath_type: 'netdev' } });
  }, STEP);

  it('hands every VM its port\'s address by DHCP, with the VXLAN MTU', async () => {
    const leases = await Promise.all(Object.keys(vms).map(async (label) => [label, await vms[label]!.dhcp()] as const));
    for (const [label, lease] of leases) {
      expect(lease?.ip).toBe(ports[label].fixed_ips[0].ip_address);
      expect(lease?.mtu).toBe('1450');
    }
  }, STEP);

  it('carries packets within a network across hosts, and nowhere else', async () => {
    const ip = (label: string) => ports[label].fixed_ips[0].ip_address as string;
    expect(await vms.vm1!.reaches(ip('vm2'))).toBe(true);
    expect(await vms.vm4!.reaches(ip('vm3'))).toBe(true);
    // C reuses A's addresses: vm5 must not reach vm1 or vm2 even at their own addresses.
    expect(await vms.vm5!.isolatedFrom(ip('vm2'))).toBe(true);
    expect(await vms.vm5!.isolatedFrom(ip('vm1'))).toBe(true);
    // B's VMs cannot reach A's (different networks, no router).
    expect(await vms.vm3!.isolatedFrom(ip('vm1'))).toBe(true);
  }, STEP);

  it('looks the way an operator expects: per-network tags on br-int, qvo ports, qdhcp namespaces', async () => {
    const show = await hosts.hostA.ovs.vsctl(['show']);
    expect(show).toContain('Bridge br-int');
    expect(show).toContain(`Port ${vms.vm1!.link}`);
    const tags = JSON.parse(await hosts.hostA.ovs.vsctl(['--format=json', '--columns=name,tag', 'list', 'Port'])) as { data: [string, number | [string, unknown[]]][] };
    const tagOf = (name: string) => tags.data.find(([n]) => n === name)?.[1];
    expect(typeof tagOf(vms.vm1!.link)).toBe('number');
    expect(tagOf(vms.vm1!.link)).not.toBe(tagOf(vms.vm3!.link));
    expect(tagOf(vms.vm1!.link)).not.toBe(tagOf(vms.vm5!.link));
    const namespaces = await run.ownNamespaces();
    const servedHere = namespaces.filter((n) => n.startsWith(`${hosts.hostA.hostNamespace}-qdhcp-`)).length + namespaces.filter((n) => n.startsWith(`${hosts.hostB.hostNamespace}-qdhcp-`)).length;
    expect(servedHere).toBe(3);
  });

  it('survives an agent crash: the restarted agent changes nothing that is right', async () => {
    // The same records (uuids), tags and ofports afterwards, and the same dnsmasq processes: nothing
    // removed, re-created, re-tagged or restarted.
    const dhcpDir = join(hosts.hostA.dir, 'dhcp');
    const wiring = async () => [
      await hosts.hostA.ovs.vsctl(['--format=json', '--columns=_uuid,name,tag', 'list', 'Port']),
      await hosts.hostA.ovs.vsctl(['--format=json', '--columns=_uuid,name,ofport', 'list', 'Interface']),
      readdirSync(dhcpDir).map((net) => readFileSync(join(dhcpDir, net, 'pid'), 'utf8').trim()).sort(),
    ];
    const before = await wiring();
    const agentA = platform.instances.find((i) => i.name === 'agent' && i.index === 0)!;
    await platform.kill(agentA);
    const restarted = await platform.spawnService('agent', 0, agentEnv('hostA'));
    await platform.waitReady(restarted);
    await new Promise((r) => setTimeout(r, 1000)); // a few reconcile passes
    expect(await wiring()).toEqual(before);
    for (const label of ['vm1', 'vm3', 'vm5']) expect((await port(ports[label].id)).status).toBe('ACTIVE');
    expect(await vms.vm1!.reaches(ports.vm2.fixed_ips[0].ip_address)).toBe(true);
  }, STEP);

  it('turns a port DOWN when its VM is unplugged, and ACTIVE again when it comes back', async () => {
    await vms.vm2!.unplug();
    expect(await becomes(ports.vm2.id, 'DOWN')).toBe('DOWN');
    await vms.vm2!.plug();
    expect(await becomes(ports.vm2.id, 'ACTIVE')).toBe('ACTIVE');
    expect(await vms.vm1!.reaches(ports.vm2.fixed_ips[0].ip_address)).toBe(true);
  }, STEP);
});
