import {
  defaultHostConfig, flowCookie, IFACE_ID, ATTACHED_MAC, qvoName, renderFlowTable,
  type ActualBridge, type ActualHost, type ActualOvsPort, type AgentNetwork, type AgentPort, type AgentSubnet,
  type DesiredHost, type HostConfig, type HostInputs,
} from '@muon/agent-domain';

export const NET_A = 'aaaaaaaa-0000-4000-8000-000000000001';
export const NET_B = 'bbbbbbbb-0000-4000-8000-000000000002';
export const SUBNET_A = 'aaaaaaaa-5555-4000-8000-000000000001';
export const SUBNET_B = 'bbbbbbbb-5555-4000-8000-000000000002';
export const DHCP_A = 'dddddddd-aaaa-4000-8000-000000000001';
export const DHCP_B = 'dddddddd-bbbb-4000-8000-000000000002';
export const VM1 = 'c0000001-0000-4000-8000-000000000001';
export const VM2 = 'c0000002-0000-4000-8000-000000000002';
export const VM3 = 'c0000003-0000-4000-8000-000000000003';

export function network(id: string, overrides: Partial<AgentNetwork> = {}): AgentNetwork {
  return { id, admin_state_up: true, mtu: 1450, 'provider:network_type': 'vxlan', 'provider:physical_network': null, 'provider:segmentation_id': 1001, ...overrides };
}

export function subnet(id: string, networkId: string, cidr: string, overrides: Partial<AgentSubnet> = {}): AgentSubnet {
  const gw = cidr.replace(/\.\d+\/\d+$/, (m) => `.${Number(m.slice(1).split('/')[0]) + 1}`);
  return { id, network_id: networkId, ip_version: 4, cidr, gateway_ip: gw, enable_dhcp: true, dns_nameservers: [], host_routes: [], ...overrides };
}

export function port(id: string, networkId: string, host: string, mac: string, ips: [subnetId: string, ip: string][], overrides: Partial<AgentPort> = {}): AgentPort {
  return {
    id, network_id: networkId, mac_address: mac, fixed_ips: ips.map(([subnet_id, ip_address]) => ({ subnet_id, ip_address })),
    device_owner: 'compute:nova', admin_state_up: true, 'binding:host_id': host, extra_dhcp_opts: [], dns_name: '', ...overrides,
  };
}

export const dhcpPort = (id: string, networkId: string, host: string, mac: string, ips: [string, string][]): AgentPort =>
  port(id, networkId, host, mac, ips, { device_owner: 'network:dhcp' });

export const hostConfig = (host = 'hostA', overrides: Partial<HostConfig> = {}): HostConfig =>
  defaultHostConfig(host, { namespacePrefix: 't-', dhcpStateDir: '/state/dhcp', tunnelIp: '198.51.100.1', ...overrides });

/** One VXLAN network with DHCP and two VMs on hostA; VM3 on hostB. */
export function scenario(overrides: Partial<HostInputs> = {}): HostInputs {
  return {
    config: hostConfig(),
    networks: [network(NET_A)],
    subnets: [subnet(SUBNET_A, NET_A, '203.0.113.0/26')],
    ports: [
      dhcpPort(DHCP_A, NET_A, 'hostA', 'fa:16:3e:00:00:02', [[SUBNET_A, '203.0.113.2']]),
      port(VM1, NET_A, 'hostA', 'fa:16:3e:00:00:11', [[SUBNET_A, '203.0.113.11']]),
      port(VM2, NET_A, 'hostA', 'fa:16:3e:00:00:12', [[SUBNET_A, '203.0.113.12']]),
    ],
    peers: [{ host: 'hostB', tunnelIp: '198.51.100.2' }],
    ...overrides,
  };
}

const iface = (name: string, type: string, ofport: number, options: Record<string, string> = {}, externalIds: Record<string, string> = {}) =>
  ({ name, type, options, externalIds, ofport, error: undefined });

/**
 * The actual state of a host on which everything desired is in place, with each binding's VM
 * plugged as `qvo<id>`: what a correct pass must leave behind.
 */
export function convergedActual(desired: DesiredHost, extraIntegrationPorts: ActualOvsPort[] = []): ActualHost {
  let next = 1;
  const bridges: ActualBridge[] = desired.bridges.map((b) => ({
    name: b.name, datapathType: b.datapathType, failMode: b.failMode === 'standalone' ? undefined : b.failMode,
    ports: [{ name: b.name, tag: undefined, externalIds: {}, otherConfig: {}, interfaces: [iface(b.name, 'internal', 65534)] }],
  }));
  const bridge = (name: string) => bridges.find((b) => b.name === name)!;
  for (const p of desired.ports) {
    bridge(p.bridge).ports.push({ name: p.name, tag: p.tag, externalIds: { 'muon-owner': 'agent' }, otherConfig: p.otherConfig,
      interfaces: [iface(p.name, p.interface.type, next++, p.interface.options, p.interface.externalIds)] });
  }
  for (const b of desired.bindings) {
    bridge(desired.integrationBridge).ports.push({ name: qvoName(b.portId), tag: b.tag, externalIds: {}, otherConfig: b.otherConfig,
      interfaces: [iface(qvoName(b.portId), '', next++, {}, { [IFACE_ID]: b.portId, [ATTACHED_MAC]: b.mac })] });
  }
  bridge(desired.integrationBridge).ports.push(...extraIntegrationPorts);
  const ofport = (br: string, name: string) => bridge(br).ports.find((p) => p.name === name)?.interfaces[0]?.ofport;
  const flows: ActualHost['flows'] = {};
  for (const intent of desired.flows) {
    const table = renderFlowTable(intent, (n) => ofport(intent.bridge, n));
    flows[intent.bridge] = { count: table.flows.length, cookies: [table.cookie] };
  }
  return {
    ovs: { id: 'f0000000-0000-4000-8000-000000000000', bridges },
    flows,
    namespaces: [
      ...desired.dhcpServers.map((s) => ({
        name: s.namespace, netnsId: `net:[${s.networkId}]`,
        links: [{ name: s.namespaceLink, mac: s.mac, mtu: s.mtu, up: true, addresses: s.addresses }],
      })),
      ...desired.routers.map((r) => ({
        name: r.namespace, netnsId: `net:[${r.routerId}]`,
        links: r.legs.map((l) => ({ name: l.name, mac: l.mac, mtu: l.mtu, up: true, addresses: l.addresses })),
      })),
    ],
    hostLinks: [...desired.dhcpServers.map((s) => s.tapName), ...desired.routers.flatMap((r) => r.legs.map((l) => l.name)), ...desired.bindings.map((b) => qvoName(b.portId))],
    dhcp: desired.dhcpServers.map((s, i) => ({ networkId: s.networkId, pid: 1000 + i, args: s.args, netnsId: `net:[${s.networkId}]`, files: s.files })),
    routers: desired.routers.map((r) => ({ namespace: r.namespace, forwarding: true, routes: r.routes, nat: r.nat })),
  };
}

/** The default table vswitchd leaves on a standalone bridge (and nothing on a secure one) after a restart. */
export const flowsAfterVswitchdRestart = (actual: ActualHost): ActualHost['flows'] =>
  Object.fromEntries(Object.keys(actual.flows).map((b) => [b, b === 'br-int' ? { count: 1, cookies: ['0'] } : { count: 0, cookies: [] }]));

export { flowCookie };
