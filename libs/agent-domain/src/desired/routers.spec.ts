import { describe, expect, it } from '@jest/globals';
import { NET_A, VM1, network } from '../../test/host-fixtures.js';
import { EXT, FIP, QG, QG_NAME, QR_A, QR_NAME, ROUTER, ROUTER_NS, floatingIp, router, routerScenario } from '../../test/router-fixtures.js';
import { desiredHostState } from './desired-host.js';

describe('desired routers', () => {
  it('serves a router in qrouter-<id>: qr- on br-int in its network\'s VLAN, qg- untagged on the flat network\'s bridge', () => {
    const d = desiredHostState(routerScenario());
    expect(d.problems).toEqual([]);
    expect(d.routers).toHaveLength(1);
    const r = d.routers[0]!;
    expect(r.namespace).toBe(ROUTER_NS);
    expect(r.legs).toEqual([
      { portId: QR_A, networkId: NET_A, kind: 'interface', name: QR_NAME, bridge: 'br-int', mac: 'fa:16:3e:00:00:01', mtu: 1450, addresses: ['203.0.113.1/26'] },
      { portId: QG, networkId: EXT, kind: 'gateway', name: QG_NAME, bridge: 'br-ex', mac: 'fa:16:3e:00:01:30', mtu: 1500, addresses: ['203.0.113.130/25', '203.0.113.140/32'] },
    ]);
    expect(r.routes).toEqual([{ destination: '0.0.0.0/0', nexthop: '203.0.113.129' }]);
    expect(r.floatingIps).toEqual([{ id: FIP, address: '203.0.113.140', fixedIp: '203.0.113.11' }]);
    expect(d.ports.find((p) => p.name === QR_NAME)).toMatchObject({
      bridge: 'br-int', tag: d.localVlans[NET_A], hostLink: QR_NAME,
      interface: { type: '', externalIds: { 'iface-id': QR_A, 'attached-mac': 'fa:16:3e:00:00:01', 'iface-status': 'active' } },
    });
    expect(d.ports.find((p) => p.name === QG_NAME)).toMatchObject({ bridge: 'br-ex', tag: undefined, hostLink: QG_NAME });
    // The external network has nothing on br-int, so it takes no local VLAN.
    expect(Object.keys(d.localVlans)).toEqual([NET_A]);
    expect(d.routerPortsDown).toEqual([]);
    expect(d.floatingIpsDown).toEqual([]);
  });

  it('tags a router interface even when it is the only port of its network here', () => {
    const inputs = routerScenario();
    inputs.ports = inputs.ports.filter((p) => p.network_id !== NET_A || p.id === QR_A);
    const d = desiredHostState(inputs);
    expect(d.localVlans).toEqual({ [NET_A]: 1 });
    expect(d.ports.find((p) => p.name === QR_NAME)?.tag).toBe(1);
  });

  it('puts the gateway of a vlan external network in its VLAN on the physical bridge', () => {
    const inputs = routerScenario();
    inputs.networks[1] = network(EXT, { mtu: 1500, 'provider:network_type': 'vlan', 'provider:physical_network': 'public', 'provider:segmentation_id': 120 });
    expect(desiredHostState(inputs).ports.find((p) => p.name === QG_NAME)).toMatchObject({ bridge: 'br-ex', tag: 120 });
  });

  it('reports a gateway on an external network it cannot reach from here, and serves the rest of the router', () => {
    const inputs = routerScenario();
    inputs.networks[1] = network(EXT, { 'provider:network_type': 'vxlan', 'provider:segmentation_id': 2000 });
    const d = desiredHostState(inputs);
    expect(d.problems).toEqual([expect.objectContaining({ networkId: EXT, portId: QG, reason: expect.stringMatching(/flat or vlan/) })]);
    expect(d.routers[0]!.legs.map((l) => l.name)).toEqual([QR_NAME]);
    expect(d.routers[0]!.routes).toEqual([]);
    expect(d.routerPortsDown).toEqual([QG]);
    expect(d.floatingIpsDown).toEqual([FIP]);
  });

  it('serves no router that is admin down: no namespace, its ports and floating IPs DOWN', () => {
    const d = desiredHostState(routerScenario({ routers: [router({ admin_state_up: false })] }));
    expect(d.routers).toEqual([]);
    expect(d.ports.filter((p) => p.name.startsWith('qr-') || p.name.startsWith('qg-'))).toEqual([]);
    expect(d.routerPortsDown).toEqual([QR_A, QG].sort());
    expect(d.floatingIpsDown).toEqual([FIP]);
  });

  it('uses only ports bound here whose device_id is the router', () => {
    const inputs = routerScenario();
    inputs.ports.find((p) => p.id === QR_A)!.device_id = 'another-router';
    inputs.ports.find((p) => p.id === QG)!['binding:host_id'] = 'hostB';
    const d = desiredHostState(inputs);
    expect(d.routers[0]!.legs).toEqual([]);
    expect(d.routerPortsDown).toEqual([QR_A]);
    expect(d.floatingIpsDown).toEqual([FIP]);
  });

  it('installs extra routes whose next hop is on one of its subnets, and reports the others', () => {
    const routes = [{ destination: '198.51.100.0/24', nexthop: '203.0.113.20' }, { destination: '192.168.7.9', nexthop: '203.0.113.131' }, { destination: '10.9.0.0/16', nexthop: '10.0.0.1' }];
    const d = desiredHostState(routerScenario({ routers: [router({ routes })] }));
    expect(d.routers[0]!.routes).toEqual([
      { destination: '0.0.0.0/0', nexthop: '203.0.113.129' },
      { destination: '192.168.7.9/32', nexthop: '203.0.113.131' },
      { destination: '198.51.100.0/24', nexthop: '203.0.113.20' },
    ]);
    expect(d.problems).toEqual([{ routerId: ROUTER, reason: expect.stringMatching(/10\.9\.0\.0\/16 via 10\.0\.0\.1: the next hop is on none/) }]);
  });

  it('writes the floating IPs and SNAT into the nat table, SNAT only with enable_snat', () => {
    const withSnat = desiredHostState(routerScenario()).routers[0]!.nat;
    expect(withSnat).toContain(`-A neutron-l3-agent-snat -s 203.0.113.0/26 -o ${QG_NAME} -j SNAT --to-source 203.0.113.130`);
    expect(withSnat).toContain('-A neutron-l3-agent-PREROUTING -d 203.0.113.140/32 -j DNAT --to-destination 203.0.113.11');
    const without = desiredHostState(routerScenario({ routers: [router({ gateway: { network_id: EXT, port_id: QG, enable_snat: false } })] })).routers[0]!.nat;
    expect(without).not.toContain('--to-source 203.0.113.130');
    expect(without).toContain('-A neutron-l3-agent-float-snat -s 203.0.113.11/32 -j SNAT --to-source 203.0.113.140');
  });

  it('has no router parts at all without routers', () => {
    const inputs = routerScenario({ routers: undefined });
    const d = desiredHostState(inputs);
    expect(d.routers).toEqual([]);
    expect(d.routerPortsDown).toEqual([QR_A, QG].sort());
    expect(d.floatingIpsDown).toEqual([]);
  });

  it('adds every floating IP of the router to the gateway leg as /32', () => {
    const fips = [floatingIp(FIP, '203.0.113.140', '203.0.113.11', VM1), floatingIp('f2', '203.0.113.141', '203.0.113.12', 'vm2')];
    const d = desiredHostState(routerScenario({ routers: [router({ floatingips: fips })] }));
    expect(d.routers[0]!.legs[1]!.addresses).toEqual(['203.0.113.130/25', '203.0.113.140/32', '203.0.113.141/32']);
  });
});
