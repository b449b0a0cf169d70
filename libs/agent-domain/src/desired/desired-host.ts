import { DeviceOwner } from '@muon/contracts';
import type { AgentNetwork, HostInputs } from '../inputs/host-inputs.js';
import {
  DEAD_VLAN_TAG, INTEGRATION_BRIDGE, PATCH_TO_INTEGRATION, PATCH_TO_TUNNEL, TUNNEL_BRIDGE, integrationPatchName, physicalPatchName,
} from '../names/neutron-names.js';
import type { FlowIntent, ProviderSegment } from '../render/flow-intents.js';
import { desiredDhcpServers } from './dhcp-servers.js';
import type { DesiredBinding, DesiredBridge, DesiredHost, DesiredOvsPort, WiringProblem } from './desired-host.types.js';
import { allocateLocalVlans } from './local-vlans.js';
import { networkOtherConfig, unwireableReason } from './network-wiring.js';
import { ATTACHED_MAC, IFACE_ID, IFACE_STATUS } from './ovs-keys.js';
import { desiredRouters, routerLegPorts } from './routers.js';
import { planTunnels } from './tunnels.js';

/** Ports a compute driver plugs (VMs): everything bound here that is not network infrastructure. */
const isComputePort = (deviceOwner: string): boolean => !deviceOwner.startsWith('network:') && !deviceOwner.startsWith('neutron:');

/**
 * The desired state of one host, from plain networks, subnets, ports and routers. `existingLocalVlans`
 * (read from br-int) keeps tags stable across agent restarts; it is the only input taken from
 * the actual state.
 */
export function desiredHostState(inputs: HostInputs, existingLocalVlans: Readonly<Record<string, number>> = {}): DesiredHost {
  const { config } = inputs;
  const problems: WiringProblem[] = [];
  const networks = new Map(inputs.networks.map((n) => [n.id, n]));
  const localPorts = inputs.ports.filter((p) => p['binding:host_id'] === config.host);

  const wired = new Map<string, AgentNetwork>();
  for (const port of localPorts) {
    const network = networks.get(port.network_id);
    if (!network) {
      problems.push({ networkId: port.network_id, portId: port.id, reason: 'the port is bound here but its network is unknown' });
      continue;
    }
    const reason = unwireableReason(network, config);
    if (reason) {
      if (!problems.some((p) => p.networkId === network.id && p.reason === reason)) problems.push({ networkId: network.id, reason });
      continue;
    }
    if (isComputePort(port.device_owner) || port.device_owner === DeviceOwner.dhcp) wired.set(network.id, network);
  }

  const dhcpServers = desiredDhcpServers(inputs, wired, problems);
  const { routers, routerPortsDown, floatingIpsDown } = desiredRouters(inputs, problems);
  // A router interface is wired on br-int like any port of its network; the gateway leg sits on a physical bridge.
  const routerNetworks = routers.flatMap((r) => r.legs.filter((l) => l.kind === 'interface').map((l) => l.networkId));
  for (const id of routerNetworks) wired.set(id, networks.get(id)!);
  const vmPorts = localPorts.filter((p) => isComputePort(p.device_owner) && wired.has(p.network_id));
  // A network whose only local port is a DHCP port without a server (no DHCP subnet) needs no tag.
  const tagged = new Set([...vmPorts.map((p) => p.network_id), ...dhcpServers.map((s) => s.networkId), ...routerNetworks]);
  const localVlans = allocateLocalVlans([...tagged], existingLocalVlans);

  const bindings: DesiredBinding[] = vmPorts.map((p) => {
    const network = wired.get(p.network_id)!;
    const up = p.admin_state_up && network.admin_state_up;
    return { portId: p.id, networkId: network.id, mac: p.mac_address.toLowerCase(), tag: up ? localVlans[network.id]! : DEAD_VLAN_TAG, otherConfig: networkOtherConfig(network) };
  }).sort((a, b) => a.portId.localeCompare(b.portId));

  const bridges: DesiredBridge[] = [{ name: INTEGRATION_BRIDGE, datapathType: config.datapathType, failMode: 'standalone' }];
  const ports: DesiredOvsPort[] = dhcpServers.map((s) => ({
    bridge: INTEGRATION_BRIDGE,
    name: s.tapName,
    tag: localVlans[s.networkId],
    otherConfig: networkOtherConfig(wired.get(s.networkId)!),
    interface: { type: '', options: {}, externalIds: { [IFACE_ID]: s.portId, [ATTACHED_MAC]: s.mac, [IFACE_STATUS]: 'active' } },
    hostLink: s.tapName,
  }));
  ports.push(...routerLegPorts(routers, networks, localVlans));
  const flows: FlowIntent[] = [];

  const taggedNetworks = [...tagged].map((id) => wired.get(id)!).sort((a, b) => a.id.localeCompare(b.id));
  if (config.tunnelIp) {
    bridges.push({ name: TUNNEL_BRIDGE, datapathType: config.datapathType, failMode: 'secure' });
    ports.push(patchPort(INTEGRATION_BRIDGE, PATCH_TO_TUNNEL, PATCH_TO_INTEGRATION), patchPort(TUNNEL_BRIDGE, PATCH_TO_INTEGRATION, PATCH_TO_TUNNEL));
  }
  const vxlan = taggedNetworks.filter((n) => n['provider:network_type'] === 'vxlan');
  const tunnels = planTunnels(inputs, vxlan, problems);
  if (config.tunnelIp) {
    for (const [remoteIp, name] of [...tunnels.tunnelPorts].sort((a, b) => a[1].localeCompare(b[1]))) {
      ports.push({
        bridge: TUNNEL_BRIDGE, name, tag: undefined, otherConfig: {}, hostLink: undefined,
        interface: { type: 'vxlan', options: { key: 'flow', local_ip: config.tunnelIp, remote_ip: remoteIp }, externalIds: {} },
      });
    }
    flows.push({
      kind: 'tunnel', bridge: TUNNEL_BRIDGE, patchPort: PATCH_TO_INTEGRATION,
      tunnelPorts: [...tunnels.tunnelPorts.values()].sort(),
      networks: vxlan.map((n) => ({ tag: localVlans[n.id]!, vni: n['provider:segmentation_id']!, tunnelPorts: tunnels.networkTunnels.get(n.id) ?? [] })),
    });
  }

  const physical: { patchPort: string; segments: ProviderSegment[] }[] = [];
  for (const [physnet, bridge] of Object.entries(config.bridgeMappings).sort((a, b) => a[0].localeCompare(b[0]))) {
    const segments = taggedNetworks
      .filter((n) => (n['provider:network_type'] === 'flat' || n['provider:network_type'] === 'vlan') && n['provider:physical_network'] === physnet)
      .map((n) => ({ tag: localVlans[n.id]!, segmentationId: n['provider:network_type'] === 'flat' ? null : n['provider:segmentation_id'] }));
    bridges.push({ name: bridge, datapathType: config.datapathType, failMode: 'secure' });
    ports.push(patchPort(INTEGRATION_BRIDGE, integrationPatchName(bridge), physicalPatchName(bridge)), patchPort(bridge, physicalPatchName(bridge), integrationPatchName(bridge)));
    physical.push({ patchPort: integrationPatchName(bridge), segments });
    flows.push({ kind: 'physical', bridge, patchPort: physicalPatchName(bridge), segments });
  }
  flows.unshift({ kind: 'integration', bridge: INTEGRATION_BRIDGE, physical });

  return { integrationBridge: INTEGRATION_BRIDGE, bridges, ports, bindings, localVlans, dhcpServers, routers, routerPortsDown, floatingIpsDown, flows, problems };
}

function patchPort(bridge: string, name: string, peer: string): DesiredOvsPort {
  return { bridge, name, tag: undefined, otherConfig: {}, hostLink: undefined, interface: { type: 'patch', options: { peer }, externalIds: {} } };
}
