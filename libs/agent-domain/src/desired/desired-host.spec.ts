import { describe, expect, it } from '@jest/globals';
import {
  dhcpPort, hostConfig, network, port, scenario, subnet, DHCP_A, DHCP_B, NET_A, NET_B, SUBNET_A, SUBNET_B, VM1, VM2, VM3,
} from '../../test/host-fixtures.js';
import { desiredHostState } from './desired-host.js';

describe('desired state of one host', () => {
  it('wires the VMs bound here and the DHCP server scheduled here, on one local VLAN per network', () => {
    const d = desiredHostState(scenario());
    expect(d.localVlans).toEqual({ [NET_A]: 1 });
    expect(d.bindings.map((b) => [b.portId, b.tag])).toEqual([[VM1, 1], [VM2, 1]]);
    expect(d.bindings[0]!.otherConfig).toEqual({ net_uuid: NET_A, network_type: 'vxlan', segmentation_id: '1001' });
    expect(d.dhcpServers).toHaveLength(1);
    expect(d.dhcpServers[0]).toMatchObject({
      networkId: NET_A, namespace: `t-qdhcp-${NET_A}`, tapName: 'tapdddddddd-aa', namespaceLink: 'ns-dddddddd-aa',
      mac: 'fa:16:3e:00:00:02', mtu: 1450, addresses: ['203.0.113.2/26'],
    });
    expect(d.ports.find((p) => p.name === 'tapdddddddd-aa')).toMatchObject({
      bridge: 'br-int', tag: 1, hostLink: 'tapdddddddd-aa',
      interface: { type: '', externalIds: { 'iface-id': DHCP_A, 'attached-mac': 'fa:16:3e:00:00:02', 'iface-status': 'active' } },
    });
    expect(d.problems).toEqual([]);
  });

  it('ignores ports bound to other hosts and unbound ports, except for the DHCP hosts file', () => {
    const inputs = scenario();
    inputs.ports.push(port(VM3, NET_A, 'hostB', 'fa:16:3e:00:00:13', [[SUBNET_A, '203.0.113.13']]), port('unbound', NET_A, '', 'fa:16:3e:00:00:14', [[SUBNET_A, '203.0.113.14']]));
    const d = desiredHostState(inputs);
    expect(d.bindings.map((b) => b.portId)).toEqual([VM1, VM2]);
    expect(d.dhcpServers[0]!.files.hosts).toContain('203.0.113.13');
    expect(d.dhcpServers[0]!.files.hosts).toContain('203.0.113.14');
  });

  it('gives each network its own tag and keeps the tags br-int already has', () => {
    const inputs = scenario();
    inputs.networks.push(network(NET_B, { 'provider:segmentation_id': 1002 }));
    inputs.subnets.push(subnet(SUBNET_B, NET_B, '203.0.113.64/26'));
    inputs.ports.push(port(VM3, NET_B, 'hostA', 'fa:16:3e:00:00:13', [[SUBNET_B, '203.0.113.67']]));
    expect(desiredHostState(inputs).localVlans).toEqual({ [NET_A]: 1, [NET_B]: 2 });
    expect(desiredHostState(inputs, { [NET_B]: 1 }).localVlans).toEqual({ [NET_A]: 2, [NET_B]: 1 });
  });

  it('puts a port that is admin down, or on a network that is, in the dead VLAN', () => {
    const inputs = scenario();
    inputs.ports[1]!.admin_state_up = false;
    expect(desiredHostState(inputs).bindings.map((b) => b.tag)).toEqual([4095, 1]);
    inputs.networks[0]!.admin_state_up = false;
    expect(desiredHostState(inputs).bindings.map((b) => b.tag)).toEqual([4095, 4095]);
  });

  it('runs no DHCP server for a network whose subnets have DHCP disabled, nor for a DHCP port bound elsewhere', () => {
    expect(desiredHostState(scenario({ subnets: [subnet(SUBNET_A, NET_A, '203.0.113.0/26', { enable_dhcp: false })] })).dhcpServers).toEqual([]);
    const inputs = scenario();
    inputs.ports[0]!['binding:host_id'] = 'hostB';
    const d = desiredHostState(inputs);
    expect(d.dhcpServers).toEqual([]);
    expect(d.ports.filter((p) => p.name.startsWith('tap'))).toEqual([]);
  });

  it('frees the tag when the last port of a network leaves the host', () => {
    const inputs = scenario({ ports: [dhcpPort(DHCP_A, NET_A, 'hostB', 'fa:16:3e:00:00:02', [[SUBNET_A, '203.0.113.2']])] });
    expect(desiredHostState(inputs, { [NET_A]: 1 }).localVlans).toEqual({});
  });

  it('builds tunnels only to the hosts that have ports on a VXLAN network wired here', () => {
    const inputs = scenario({ peers: [{ host: 'hostB', tunnelIp: '198.51.100.2' }, { host: 'hostC', tunnelIp: '198.51.100.3' }] });
    inputs.ports.push(port(VM3, NET_A, 'hostB', 'fa:16:3e:00:00:13', [[SUBNET_A, '203.0.113.13']]));
    inputs.networks.push(network(NET_B, { 'provider:segmentation_id': 1002 }));
    inputs.ports.push(port('only-on-c', NET_B, 'hostC', 'fa:16:3e:00:00:21', []));
    const d = desiredHostState(inputs);
    const tunnels = d.ports.filter((p) => p.interface.type === 'vxlan');
    expect(tunnels).toEqual([{
      bridge: 'br-tun', name: 'vxlan-c6336402', tag: undefined, otherConfig: {}, hostLink: undefined,
      interface: { type: 'vxlan', options: { key: 'flow', local_ip: '198.51.100.1', remote_ip: '198.51.100.2' }, externalIds: {} },
    }]);
    expect(d.flows.find((f) => f.kind === 'tunnel')).toEqual({
      kind: 'tunnel', bridge: 'br-tun', patchPort: 'patch-int', tunnelPorts: ['vxlan-c6336402'],
      networks: [{ tag: 1, vni: 1001, tunnelPorts: ['vxlan-c6336402'] }],
    });
    expect(d.bridges.map((b) => [b.name, b.failMode])).toEqual([['br-int', 'standalone'], ['br-tun', 'secure']]);
    expect(d.ports.filter((p) => p.interface.type === 'patch').map((p) => `${p.bridge}/${p.name}->${p.interface.options.peer}`))
      .toEqual(['br-int/patch-tun->patch-int', 'br-tun/patch-int->patch-tun']);
  });

  it('reports a remote host without a known tunnel endpoint instead of failing', () => {
    const inputs = scenario({ peers: [] });
    inputs.ports.push(port(VM3, NET_A, 'hostB', 'fa:16:3e:00:00:13', []));
    const d = desiredHostState(inputs);
    expect(d.problems).toEqual([{ networkId: NET_A, reason: 'host hostB has ports on this network but no known tunnel endpoint' }]);
    expect(d.ports.some((p) => p.interface.type === 'vxlan')).toBe(false);
  });

  it('has no br-tun without a tunnel endpoint', () => {
    const d = desiredHostState(scenario({ config: hostConfig('hostA', { tunnelIp: undefined }) }));
    expect(d.bridges.map((b) => b.name)).toEqual(['br-int']);
    expect(d.flows.map((f) => f.kind)).toEqual(['integration']);
  });

  it('wires flat and VLAN networks through the mapped physical bridge', () => {
    const inputs = scenario({
      config: hostConfig('hostA', { tunnelIp: undefined, bridgeMappings: { physnet1: 'br-eth1' } }),
      networks: [
        network(NET_A, { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 100, mtu: 1500 }),
        network(NET_B, { 'provider:network_type': 'flat', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': null, mtu: 1500 }),
      ],
    });
    inputs.ports.push(port(VM3, NET_B, 'hostA', 'fa:16:3e:00:00:13', []));
    const d = desiredHostState(inputs);
    expect(d.bridges.map((b) => [b.name, b.failMode])).toEqual([['br-int', 'standalone'], ['br-eth1', 'secure']]);
    expect(d.flows).toEqual([
      { kind: 'integration', bridge: 'br-int', physical: [{ patchPort: 'int-br-eth1', segments: [{ tag: 1, segmentationId: 100 }, { tag: 2, segmentationId: null }] }] },
      { kind: 'physical', bridge: 'br-eth1', patchPort: 'phy-br-eth1', segments: [{ tag: 1, segmentationId: 100 }, { tag: 2, segmentationId: null }] },
    ]);
    expect(d.bindings.find((b) => b.portId === VM3)!.otherConfig).toEqual({ net_uuid: NET_B, network_type: 'flat', physical_network: 'physnet1' });
  });

  it('reports networks it cannot wire: unmapped physical network, unknown network', () => {
    const inputs = scenario({ networks: [network(NET_A, { 'provider:network_type': 'flat', 'provider:physical_network': 'physnet9', 'provider:segmentation_id': null })] });
    inputs.ports.push(port(VM3, NET_B, 'hostA', 'fa:16:3e:00:00:13', []));
    const d = desiredHostState(inputs);
    expect(d.bindings).toEqual([]);
    expect(d.dhcpServers).toEqual([]);
    expect(d.problems).toEqual([
      { networkId: NET_A, reason: 'physical network physnet9 has no bridge mapping on this host' },
      { networkId: NET_B, portId: VM3, reason: 'the port is bound here but its network is unknown' },
    ]);
  });

  it('serves one DHCP server per network even when two DHCP ports are bound here', () => {
    const inputs = scenario();
    inputs.ports.push(dhcpPort(DHCP_B, NET_A, 'hostA', 'fa:16:3e:00:00:03', [[SUBNET_A, '203.0.113.3']]));
    const d = desiredHostState(inputs);
    expect(d.dhcpServers.map((s) => s.portId)).toEqual([DHCP_A]);
    expect(d.problems).toHaveLength(1);
  });

  it('refuses a second DHCP leg whose name collides with the first (equal first 11 characters of the port ids)', () => {
    const inputs = scenario();
    inputs.networks.push(network(NET_B));
    inputs.subnets.push(subnet(SUBNET_B, NET_B, '203.0.113.64/26'));
    inputs.ports.push(dhcpPort(`${DHCP_A.slice(0, 11)}f-ffff-4fff-8fff-ffffffffffff`, NET_B, 'hostA', 'fa:16:3e:00:00:66', [[SUBNET_B, '203.0.113.66']]));
    const d = desiredHostState(inputs);
    expect(d.dhcpServers.map((s) => s.networkId)).toEqual([NET_A]);
    expect(d.problems[0]!.reason).toMatch(/leg name tapdddddddd-aa is taken/);
  });
});
