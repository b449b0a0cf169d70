import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, type ServiceInstance } from '@muon/embedded';
import { ADMIN, NeutronClient, PROJECT_A, expectNeutronError, newPlatform, type Json } from './support/neutron-client.js';

/**
 * The control-plane side of the host agents, with two real agent processes on the in-memory
 * dataplane: registration and GET /v2.0/agents, liveness, DHCP scheduling and failover, port status.
 */
const FAST_LIVENESS = { MUON_AGENT_REPORT_INTERVAL_MS: '300', MUON_AGENT_DOWN_TIME_MS: '1500' };
const platform = newPlatform({ serviceEnv: { ipam: FAST_LIVENESS } });
const agentsOf: Record<string, ServiceInstance> = {};
const startAgent = async (host: string, index: number) => {
  const inst = await platform.spawnService('agent', index, { MUON_HOST_ID: host, MUON_AGENT_DATAPLANE: 'memory', MUON_AGENT_TUNNEL_IP: `198.51.100.${200 + index}`, ...FAST_LIVENESS });
  await platform.waitReady(inst);
  agentsOf[host] = inst;
};

beforeAll(async () => {
  await platform.start();
  await startAgent('host-a', 0);
  await startAgent('host-b', 1);
}, 60000);
afterAll(async () => { await platform.stop(); });

const api = new NeutronClient(platform, PROJECT_A);
const admin = api.as(ADMIN);
const agentsByHost = async () => {
  const agents: Json[] = await admin.list('agents');
  return Object.fromEntries(agents.map((a) => [`${a.host}/${a.agent_type}`, a]));
};
const dhcpPortsOf = (networkId: string) => admin.list('ports', { network_id: networkId, device_owner: 'network:dhcp' });

describe('GET /v2.0/agents', () => {
  it('shows an Open vSwitch and a DHCP agent per host, alive, as Neutron does', async () => {
    const agents = await agentsByHost();
    expect(Object.keys(agents).sort()).toEqual(['host-a/DHCP agent', 'host-a/L3 agent', 'host-a/Open vSwitch agent', 'host-b/DHCP agent', 'host-b/L3 agent', 'host-b/Open vSwitch agent']);
    expect(agents['host-a/Open vSwitch agent']).toMatchObject({
      agent_type: 'Open vSwitch agent', binary: 'muon-openvswitch-agent', topic: 'N/A', host: 'host-a', alive: true,
      admin_state_up: true, availability_zone: null, configurations: { tunneling_ip: '198.51.100.200', tunnel_types: ['vxlan'], datapath_type: 'netdev' },
    });
    expect(agents['host-b/DHCP agent']).toMatchObject({ binary: 'muon-dhcp-agent', topic: 'dhcp_agent', availability_zone: 'nova', alive: true });
    const agent = agents['host-a/DHCP agent'];
    expect(agent.heartbeat_timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(await admin.show('agents', agent.id)).toEqual(expect.objectContaining({ id: agent.id, host: 'host-a' }));
    expect((await admin.list('agents', { agent_type: 'DHCP agent' })).map((a: Json) => a.host).sort()).toEqual(['host-a', 'host-b']);
  });

  it('is for admins only: a member sees no agents, cannot show or change one, and nobody creates one', async () => {
    const { id } = (await agentsByHost())['host-a/DHCP agent'];
    expect(await api.list('agents')).toEqual([]);
    expectNeutronError(await api.call('GET', `/v2.0/agents/${id}`), 404, 'AgentNotFound');
    expectNeutronError(await api.call('PUT', `/v2.0/agents/${id}`, { agent: { admin_state_up: false } }), 404, 'AgentNotFound');
    expectNeutronError(await admin.call('POST', '/v2.0/agents', { agent: { host: 'x' } }), 405, 'HTTPMethodNotAllowed');
    expectNeutronError(await admin.call('PUT', `/v2.0/agents/${id}`, { agent: { host: 'elsewhere' } }), 400, 'HTTPBadRequest', /not allowed in PUT/);
  });

  it('lets an admin describe an agent and take it out of scheduling', async () => {
    const { id } = (await agentsByHost())['host-b/Open vSwitch agent'];
    const updated = await admin.update('agents', id, { description: 'rack 7', admin_state_up: false });
    expect(updated).toMatchObject({ description: 'rack 7', admin_state_up: false, alive: true });
    await admin.update('agents', id, { admin_state_up: true });
  });
});

describe('DHCP scheduling', () => {
  it('gives a network with a DHCP subnet one DHCP port, bound to an agent, that its agent wires (ACTIVE)', async () => {
    const { network, subnet } = await api.networkWithSubnet('198.51.100.0/26');
    const ports = await eventually(() => dhcpPortsOf(network.id), (p) => p.length === 1 && p[0].status === 'ACTIVE');
    expect(ports).toHaveLength(1);
    expect(ports[0]).toMatchObject({
      device_owner: 'network:dhcp', status: 'ACTIVE', project_id: 'project-a', fixed_ips: [{ subnet_id: subnet.id, ip_address: expect.any(String) }],
      'binding:vif_type': 'ovs', 'binding:vif_details': expect.objectContaining({ bridge_name: 'br-int' }),
    });
    expect(['host-a', 'host-b']).toContain(ports[0]['binding:host_id']);
    expect(ports[0].device_id).toBe(`dhcp${ports[0]['binding:host_id']}-${network.id}`);
  });

  it('spreads networks over the agents and gives none to a network whose subnets have DHCP off', async () => {
    const nets = [];
    for (const cidr of ['198.51.100.64/27', '198.51.100.96/27']) nets.push((await api.networkWithSubnet(cidr)).network);
    const quiet = (await api.networkWithSubnet('198.51.100.128/27', { enable_dhcp: false })).network;
    const hosts = await Promise.all(nets.map(async (n) => (await eventually(() => dhcpPortsOf(n.id), (p) => p.length === 1))[0]['binding:host_id']));
    expect(new Set(hosts).size).toBe(2);
    await new Promise((r) => setTimeout(r, 500));
    expect(await dhcpPortsOf(quiet.id)).toEqual([]);
  });

  it('follows the subnets: DHCP switched on adds the port, a network with only its DHCP port can be deleted', async () => {
    const { network, subnet } = await api.networkWithSubnet('198.51.100.160/27', { enable_dhcp: false });
    await api.update('subnets', subnet.id, { enable_dhcp: true });
    expect(await eventually(() => dhcpPortsOf(network.id), (p) => p.length === 1)).toHaveLength(1);
    await api.remove('networks', network.id);
    expect(await admin.list('ports', { network_id: network.id })).toEqual([]);
  });
});

describe('a VM port bound to a host', () => {
  it('stays DOWN while nothing is plugged, and goes back to unbound when moved to another host', async () => {
    const { network } = await api.networkWithSubnet('198.51.100.192/28');
    const port = await admin.create('ports', { network_id: network.id, project_id: 'project-a', 'binding:host_id': 'host-a' });
    await new Promise((r) => setTimeout(r, 500));
    expect(await admin.show('ports', port.id)).toMatchObject({ status: 'DOWN', 'binding:host_id': 'host-a' });
    expect(await admin.update('ports', port.id, { 'binding:host_id': 'host-b' })).toMatchObject({ status: 'DOWN', 'binding:vif_type': 'unbound' });
  });
});

describe('liveness', () => {
  it('shows a silent agent as not alive, moves its DHCP networks to a live agent, and revives it when it is back', async () => {
    const { network } = await api.networkWithSubnet('198.51.100.208/28');
    const [before] = await eventually(() => dhcpPortsOf(network.id), (p) => p.length === 1 && p[0].status === 'ACTIVE');
    const victim = before['binding:host_id'];
    const survivor = victim === 'host-a' ? 'host-b' : 'host-a';
    await platform.kill(agentsOf[victim]!);
    const agents = await eventually(agentsByHost, (a) => a[`${victim}/DHCP agent`].alive === false, 10_000);
    expect(agents[`${victim}/DHCP agent`].alive).toBe(false);
    expect(agents[`${survivor}/DHCP agent`].alive).toBe(true);
    const [after] = await eventually(() => dhcpPortsOf(network.id), (p) => p[0]?.['binding:host_id'] === survivor && p[0].status === 'ACTIVE', 10_000);
    expect(after).toMatchObject({ id: before.id, 'binding:host_id': survivor, status: 'ACTIVE', fixed_ips: before.fixed_ips });
    await startAgent(victim, victim === 'host-a' ? 2 : 3);
    expect((await eventually(agentsByHost, (a) => a[`${victim}/DHCP agent`].alive === true))[`${victim}/DHCP agent`].alive).toBe(true);
  }, 30000);
});
