import { describe, expect, it } from '@jest/globals';
import { AgentEventType, IpamEventType, type HostNetwork, type HostPort, type HostSubnet } from '@muon/contracts';
import { defaultHostConfig } from './host-inputs.js';
import { HostWorld } from './host-world.js';

const net = (id: string, revision = 1): HostNetwork => ({
  id, revision_number: revision, admin_state_up: true, mtu: 1450, 'provider:network_type': 'vxlan', 'provider:physical_network': null, 'provider:segmentation_id': 100,
});
const subnet = (id: string, networkId: string): HostSubnet => ({
  id, revision_number: 1, network_id: networkId, ip_version: 4, cidr: '203.0.113.0/26', gateway_ip: '203.0.113.1', enable_dhcp: true, dns_nameservers: [], host_routes: [],
});
const port = (id: string, networkId: string, host: string, revision = 1, extra: Partial<HostPort> = {}): HostPort => ({
  id, revision_number: revision, network_id: networkId, mac_address: 'fa:16:3e:00:00:01', fixed_ips: [], device_owner: 'compute:nova',
  admin_state_up: true, 'binding:host_id': host, extra_dhcp_opts: [], dns_name: '', ...extra,
});
/** Events carry the whole resource; the world keeps only what an agent needs. */
const portEvent = (p: HostPort) => ({ port: { ...p, status: 'ACTIVE', name: 'ignored', security_groups: [] } });

function world(): HostWorld {
  const w = new HostWorld('hostA');
  w.replaceAll({ networks: [net('n1')], subnets: [subnet('s1', 'n1')], ports: [port('p1', 'n1', 'hostA')], peers: [] });
  return w;
}

describe('HostWorld', () => {
  it('folds events of known networks and keeps only the attributes an agent needs', () => {
    const w = world();
    expect(w.apply(IpamEventType.portCreated, portEvent(port('p2', 'n1', 'hostB')))).toEqual({ changed: true });
    const ports = w.inputs(defaultHostConfig('hostA')).ports;
    expect(ports.map((p) => p.id).sort()).toEqual(['p1', 'p2']);
    expect(ports.find((p) => p.id === 'p2')).not.toHaveProperty('name');
  });

  it('ignores an older revision, and a new revision that changes nothing it keeps (a status report)', () => {
    const w = world();
    expect(w.apply(IpamEventType.portUpdated, portEvent(port('p1', 'n1', 'hostA', 3, { admin_state_up: false })))).toEqual({ changed: true });
    expect(w.apply(IpamEventType.portUpdated, portEvent(port('p1', 'n1', 'hostA', 2)))).toEqual({ changed: false });
    expect(w.apply(IpamEventType.portStatusChanged, portEvent(port('p1', 'n1', 'hostA', 4, { admin_state_up: false })))).toEqual({ changed: false });
    expect(w.inputs(defaultHostConfig('hostA')).ports[0]).toMatchObject({ admin_state_up: false, revision_number: 4 });
  });

  it('keeps a deleted port deleted when a late update arrives', () => {
    const w = world();
    expect(w.apply(IpamEventType.portDeleted, portEvent(port('p1', 'n1', 'hostA', 2)))).toEqual({ changed: true });
    expect(w.apply(IpamEventType.portUpdated, portEvent(port('p1', 'n1', 'hostA', 3)))).toEqual({ changed: false });
    expect(w.size.ports).toBe(0);
  });

  it('asks for a network it does not know when a port is bound here, and ignores other hosts\' unknown networks', () => {
    const w = world();
    expect(w.apply(IpamEventType.portCreated, portEvent(port('p9', 'n9', 'hostA')))).toEqual({ changed: false, missingNetwork: 'n9' });
    expect(w.apply(IpamEventType.portCreated, portEvent(port('p8', 'n8', 'hostB')))).toEqual({ changed: false });
    w.merge({ networks: [net('n9')], subnets: [], ports: [port('p9', 'n9', 'hostA')] });
    expect(w.knowsNetwork('n9')).toBe(true);
  });

  it('drops a deleted network with its subnets and ports', () => {
    const w = world();
    expect(w.apply(IpamEventType.networkDeleted, { network: net('n1') })).toEqual({ changed: true });
    expect(w.size).toEqual({ networks: 0, subnets: 0, ports: 0, peers: 0 });
  });

  it('tracks live Open vSwitch agents of other hosts with a tunnel address as peers', () => {
    const w = world();
    const agent = (host: string, alive: boolean, type = 'Open vSwitch agent') => ({ agent: { host, alive, agent_type: type, configurations: { tunneling_ip: '198.51.100.2' } } });
    expect(w.apply(AgentEventType.agentRegistered, agent('hostB', true))).toEqual({ changed: true });
    expect(w.apply(AgentEventType.agentRegistered, agent('hostA', true))).toEqual({ changed: false });
    expect(w.apply(AgentEventType.agentRegistered, agent('hostC', true, 'DHCP agent'))).toEqual({ changed: false });
    expect(w.inputs(defaultHostConfig('hostA')).peers).toEqual([{ host: 'hostB', tunnelIp: '198.51.100.2' }]);
    expect(w.apply(AgentEventType.agentUpdated, agent('hostB', false))).toEqual({ changed: true });
    expect(w.size.peers).toBe(0);
  });
});
