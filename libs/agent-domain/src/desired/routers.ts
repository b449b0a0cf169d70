import { DeviceOwner, type HostRouter } from '@muon/contracts';
import type { AgentNetwork, AgentPort, AgentSubnet, HostConfig, HostInputs } from '../inputs/host-inputs.js';
import { canonicalIpv4Cidr, ipv4InCidr, isIpv4, parseIpv4Cidr } from '../inputs/ipv4.js';
import { INTEGRATION_BRIDGE, routerGatewayName, routerInterfaceName, routerNamespace } from '../names/neutron-names.js';
import { renderRouterNat } from '../render/router-iptables.js';
import type { DesiredFloatingIp, DesiredOvsPort, DesiredRouter, DesiredRouterLeg, RouterRoute, WiringProblem } from './desired-host.types.js';
import { networkOtherConfig, unwireableReason } from './network-wiring.js';
import { ATTACHED_MAC, IFACE_ID, IFACE_STATUS } from './ovs-keys.js';

const ROUTER_OWNERS: readonly string[] = [DeviceOwner.routerInterface, DeviceOwner.routerGateway];
export const DEFAULT_ROUTE = '0.0.0.0/0';

export interface DesiredRouters {
  routers: DesiredRouter[];
  routerPortsDown: string[];
  floatingIpsDown: string[];
}

/**
 * Neutron's legacy (centralized) routers scheduled to this host: per router a `qrouter-<id>`
 * namespace with a `qr-` leg per interface port and a `qg-` leg for the gateway port (each bound
 * here with device_id = the router), the default route via the external subnet's gateway, the
 * extra routes, and the nat table for SNAT and floating IPs. A router that is admin down is not
 * served: its namespace goes, and its ports and floating IPs are reported DOWN.
 */
export function desiredRouters(inputs: HostInputs, problems: WiringProblem[]): DesiredRouters {
  const { config } = inputs;
  const networks = new Map(inputs.networks.map((n) => [n.id, n]));
  const subnets = new Map(inputs.subnets.filter((s) => s.ip_version === 4).map((s) => [s.id, s]));
  const localRouterPorts = new Map(inputs.ports
    .filter((p) => p['binding:host_id'] === config.host && ROUTER_OWNERS.includes(p.device_owner))
    .map((p) => [p.id, p]));
  const routers: DesiredRouter[] = [];
  const floatingIpsDown: string[] = [];
  const legNames = new Set<string>();

  const ownPort = (router: HostRouter, id: string, owner: string): AgentPort | undefined => {
    const port = localRouterPorts.get(id);
    return port && port.device_owner === owner && (port.device_id === undefined || port.device_id === router.id) ? port : undefined;
  };
  const leg = (port: AgentPort, network: AgentNetwork, kind: DesiredRouterLeg['kind'], bridge: string, extraAddresses: string[] = []): { leg: DesiredRouterLeg; subnets: AgentSubnet[] } | undefined => {
    const name = kind === 'interface' ? routerInterfaceName(port.id) : routerGatewayName(port.id);
    const onSubnets = port.fixed_ips.filter((f) => subnets.has(f.subnet_id) && isIpv4(f.ip_address));
    if (onSubnets.length === 0) {
      problems.push({ networkId: network.id, portId: port.id, reason: `router ${kind} port has no IPv4 address on a known subnet` });
      return undefined;
    }
    if (legNames.has(name)) {
      problems.push({ networkId: network.id, portId: port.id, reason: `its leg name ${name} is taken by another router port (the first 11 characters of the ids are equal)` });
      return undefined;
    }
    legNames.add(name);
    const addresses = onSubnets.map((f) => `${f.ip_address}/${parseIpv4Cidr(subnets.get(f.subnet_id)!.cidr).prefixLength}`);
    return {
      leg: { portId: port.id, networkId: network.id, kind, name, bridge, mac: port.mac_address.toLowerCase(), mtu: network.mtu, addresses: [...addresses, ...extraAddresses].sort() },
      subnets: onSubnets.map((f) => subnets.get(f.subnet_id)!),
    };
  };

  for (const router of [...(inputs.routers ?? [])].sort((a, b) => a.id.localeCompare(b.id))) {
    if (!router.admin_state_up) {
      floatingIpsDown.push(...router.floatingips.map((f) => f.id));
      continue;
    }
    const legs: DesiredRouterLeg[] = [];
    const connected: string[] = [];
    const internalCidrs: string[] = [];
    for (const portId of [...router.interface_port_ids].sort()) {
      // Not (yet) bound here: ipam's host state brings it, and the next pass wires it.
      const port = ownPort(router, portId, DeviceOwner.routerInterface);
      const network = port && networks.get(port.network_id);
      // An unknown or unwireable network is already reported with the host's ports.
      if (!port || !network || unwireableReason(network, config)) continue;
      const made = leg(port, network, 'interface', INTEGRATION_BRIDGE);
      if (!made) continue;
      legs.push(made.leg);
      for (const s of made.subnets) {
        const cidr = canonicalIpv4Cidr(s.cidr)!;
        connected.push(cidr);
        internalCidrs.push(cidr);
      }
    }

    let gateway: { link: string; address: string; enableSnat: boolean } | undefined;
    let floatingIps: DesiredFloatingIp[] = [];
    const routes = new Map<string, RouterRoute>();
    const gatewayPort = router.gateway?.port_id ? ownPort(router, router.gateway.port_id, DeviceOwner.routerGateway) : undefined;
    const externalNetwork = gatewayPort && networks.get(gatewayPort.network_id);
    if (gatewayPort && externalNetwork && !unwireableReason(externalNetwork, config)) {
      const bridge = externalBridge(externalNetwork, config);
      if (typeof bridge !== 'string') {
        problems.push({ networkId: externalNetwork.id, portId: gatewayPort.id, routerId: router.id, reason: bridge.reason });
      } else {
        floatingIps = router.floatingips
          .filter((f) => isIpv4(f.floating_ip_address) && isIpv4(f.fixed_ip_address))
          .map((f) => ({ id: f.id, address: f.floating_ip_address, fixedIp: f.fixed_ip_address }))
          .sort((a, b) => a.address.localeCompare(b.address));
        const made = leg(gatewayPort, externalNetwork, 'gateway', bridge, floatingIps.map((f) => `${f.address}/32`));
        if (made) {
          legs.push(made.leg);
          connected.push(...made.subnets.map((s) => canonicalIpv4Cidr(s.cidr)!));
          const address = gatewayPort.fixed_ips.find((f) => subnets.has(f.subnet_id) && isIpv4(f.ip_address))!.ip_address;
          gateway = { link: made.leg.name, address, enableSnat: router.gateway!.enable_snat };
          const withGateway = made.subnets.find((s) => s.gateway_ip && isIpv4(s.gateway_ip));
          if (withGateway) routes.set(DEFAULT_ROUTE, { destination: DEFAULT_ROUTE, nexthop: withGateway.gateway_ip! });
        } else {
          floatingIps = [];
        }
      }
    }
    const served = new Set(floatingIps.map((f) => f.id));
    floatingIpsDown.push(...router.floatingips.filter((f) => !served.has(f.id)).map((f) => f.id));

    for (const route of router.routes) {
      const destination = canonicalIpv4Cidr(route.destination);
      if (!destination || !isIpv4(route.nexthop)) {
        problems.push({ routerId: router.id, reason: `route to ${route.destination} via ${route.nexthop}: only IPv4 routes are served` });
      } else if (!connected.some((cidr) => ipv4InCidr(route.nexthop, cidr))) {
        problems.push({ routerId: router.id, reason: `route to ${route.destination} via ${route.nexthop}: the next hop is on none of the router's subnets here` });
      } else {
        routes.set(destination, { destination, nexthop: route.nexthop });
      }
    }

    routers.push({
      routerId: router.id,
      namespace: routerNamespace(config.namespacePrefix, router.id),
      legs,
      routes: [...routes.values()].sort((a, b) => a.destination.localeCompare(b.destination)),
      nat: renderRouterNat({ gateway, internalCidrs: [...new Set(internalCidrs)].sort(), floatingIps }),
      floatingIps,
    });
  }

  const legPorts = new Set(routers.flatMap((r) => r.legs.map((l) => l.portId)));
  return { routers, routerPortsDown: [...localRouterPorts.keys()].filter((id) => !legPorts.has(id)).sort(), floatingIpsDown: floatingIpsDown.sort() };
}

/** The bridge a gateway leg sits on: the one the external network's physical network maps to (flat or vlan only). */
function externalBridge(network: AgentNetwork, config: HostConfig): string | { reason: string } {
  const type = network['provider:network_type'];
  const physnet = network['provider:physical_network'];
  if ((type !== 'flat' && type !== 'vlan') || !physnet) {
    return { reason: `a router gateway needs a flat or vlan external network mapped to a bridge here, not ${type}` };
  }
  return config.bridgeMappings[physnet] ?? { reason: `physical network ${physnet} has no bridge mapping on this host` };
}

/**
 * The OVS ports of the router legs: `qr-` on br-int in its network's local VLAN, `qg-` on the
 * physical bridge, untagged for a flat network or an access port in the VLAN of a vlan one.
 */
export function routerLegPorts(routers: readonly DesiredRouter[], networks: ReadonlyMap<string, AgentNetwork>, localVlans: Readonly<Record<string, number>>): DesiredOvsPort[] {
  return routers.flatMap((r) => r.legs.map((leg): DesiredOvsPort => {
    const network = networks.get(leg.networkId)!;
    const tag = leg.kind === 'interface' ? localVlans[leg.networkId]
      : network['provider:network_type'] === 'vlan' ? network['provider:segmentation_id'] ?? undefined : undefined;
    return {
      bridge: leg.bridge,
      name: leg.name,
      tag,
      otherConfig: networkOtherConfig(network),
      interface: { type: '', options: {}, externalIds: { [IFACE_ID]: leg.portId, [ATTACHED_MAC]: leg.mac, [IFACE_STATUS]: 'active' } },
      hostLink: leg.name,
    };
  }));
}
