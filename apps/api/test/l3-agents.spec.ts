import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, type ServiceInstance } from '@muon/embedded';
import { ADMIN, NeutronClient, PROJECT_A, expectNeutronError, newPlatform, type Json } from './support/neutron-client.js';

/**
 * Router scheduling with two real agent processes on the in-memory dataplane: each registers an
 * L3 agent; a router is placed on one as soon as it has a port to wire, its ports are bound to that
 * host, the agent wires them (ACTIVE) and its floating IP (ACTIVE); when the agent dies, the router
 * and its ports move to the other host.
 */
const FAST_LIVENESS = { MUON_AGENT_REPORT_INTERVAL_MS: '300', MUON_AGENT_DOWN_TIME_MS: '1500' };
const platform = newPlatform({ serviceEnv: { ipam: FAST_LIVENESS } });
const agents: Record<string, ServiceInstance> = {};
const startAgent = async (host: string, index: number) => {
  agents[host] = await platform.spawnService('agent', index, {
    MUON_HOST_ID: host, MUON_AGENT_DATAPLANE: 'memory', MUON_AGENT_CAPABILITIES: 'l2,dhcp,l3', MUON_AGENT_TUNNEL_IP: `198.51.100.${210 + index}`, ...FAST_LIVENESS,
  });
  await platform.waitReady(agents[host]!);
};

const api = new NeutronClient(platform, PROJECT_A);
const admin = api.as(ADMIN);

beforeAll(async () => {
  await platform.start();
  await startAgent('l3-host-a', 0);
  await startAgent('l3-host-b', 1);
}, 60000);
afterAll(async () => { await platform.stop(); });

describe('L3 agents and router scheduling', () => {
  let router: Json, vm: Json, fip: Json, ext: Json;
  const l3AgentOf = async (routerId: string): Promise<Json[]> => (await admin.call('GET', `/v2.0/routers/${routerId}/l3-agents`)).body.agents;
  const routerPorts = (routerId: string) => admin.list('ports', { device_id: routerId });

  it('lists an L3 agent per host', async () => {
    const l3: Json[] = await admin.list('agents', { agent_type: 'L3 agent' });
    expect(l3.map((a) => `${a.host} ${a.binary} ${a.topic} ${a.alive}`).sort()).toEqual(['l3-host-a muon-l3-agent l3_agent true', 'l3-host-b muon-l3-agent l3_agent true']);
  });

  it('places a router with a port on an L3 agent and binds its ports there; the agent makes them ACTIVE', async () => {
    ext = await admin.create('networks', { name: 'public', 'router:external': true, 'provider:network_type': 'flat', 'provider:physical_network': 'public' });
    await admin.create('subnets', { network_id: ext.id, cidr: '203.0.113.128/25', ip_version: 4, enable_dhcp: false });
    const { network, subnet } = await api.networkWithSubnet('198.51.100.0/26');
    router = await api.create('routers', { name: 'r', external_gateway_info: { network_id: ext.id } });
    const put = await api.call('PUT', `/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: subnet.id });
    expect(put.status).toBe(200);
    const [agent] = await eventually(() => l3AgentOf(router.id), (a) => a.length === 1);
    expect(agent).toMatchObject({ agent_type: 'L3 agent', alive: true });
    const hosted = (await admin.call('GET', `/v2.0/agents/${agent.id}/l3-routers`)).body.routers as Json[];
    expect(hosted.map((r) => r.id)).toEqual([router.id]);
    const ports = await eventually(() => routerPorts(router.id), (ps: Json[]) => ps.length === 2 && ps.every((p) => p.status === 'ACTIVE'), 15000);
    expect(ports.map((p: Json) => `${p.device_owner} ${p['binding:host_id']} ${p.status}`).sort())
      .toEqual([`network:router_gateway ${agent.host} ACTIVE`, `network:router_interface ${agent.host} ACTIVE`]);
    expect((await admin.show('routers', router.id)).availability_zones).toEqual(['nova']);
    vm = await api.create('ports', { network_id: network.id, device_owner: 'compute:nova', device_id: 'vm' });
    fip = await api.create('floatingips', { floating_network_id: ext.id, port_id: vm.id });
    const active = await eventually(() => api.show('floatingips', fip.id), (f: Json) => f.status === 'ACTIVE', 15000);
    expect(active.status).toBe('ACTIVE');
  }, 60000);

  it('keeps the views admin-only', async () => {
    expectNeutronError(await api.call('GET', `/v2.0/routers/${router.id}/l3-agents`), 403, 'PolicyNotAuthorized');
  });

  it('moves the router and its ports to the other agent when its agent dies', async () => {
    const [before] = await l3AgentOf(router.id);
    await platform.kill(agents[before.host]!);
    const [after] = await eventually(() => l3AgentOf(router.id), (a: Json[]) => a.length === 1 && a[0].host !== before.host, 20000);
    expect(after.host).not.toBe(before.host);
    const ports = await eventually(() => routerPorts(router.id), (ps: Json[]) => ps.every((p) => p['binding:host_id'] === after.host && p.status === 'ACTIVE'), 20000);
    expect(ports.map((p: Json) => `${p['binding:host_id']} ${p.status}`)).toEqual([`${after.host} ACTIVE`, `${after.host} ACTIVE`]);
    expect((await api.show('floatingips', fip.id)).status).toBe('ACTIVE');
  }, 60000);
});
