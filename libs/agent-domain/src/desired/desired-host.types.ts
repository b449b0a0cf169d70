import type { FlowIntent } from '../render/flow-intents.js';

export interface DesiredBridge {
  name: string;
  datapathType: string;
  /** `secure` drops what no flow allows; `standalone` falls back to NORMAL switching. */
  failMode: 'secure' | 'standalone';
}

/** An OVS port the agent creates and owns (DHCP legs, patch ports, tunnel ports). */
export interface DesiredOvsPort {
  bridge: string;
  name: string;
  tag: number | undefined;
  otherConfig: Record<string, string>;
  interface: { type: string; options: Record<string, string>; externalIds: Record<string, string> };
  /** The link in the host namespace the port opens, when it is a veth end (its absence means: recreate). */
  hostLink: string | undefined;
}

/**
 * A port bound to this host whose interface a compute driver plugs into br-int (matched by
 * external_ids:iface-id). The agent never creates or deletes it; it only sets its tag.
 */
export interface DesiredBinding {
  portId: string;
  networkId: string;
  mac: string;
  tag: number;
  otherConfig: Record<string, string>;
}

/** One network's DHCP server on this host: namespace, veth leg, dnsmasq files and arguments. */
export interface DesiredDhcpServer {
  networkId: string;
  portId: string;
  namespace: string;
  tapName: string;
  namespaceLink: string;
  mac: string;
  mtu: number;
  /** `ip/prefix` of the DHCP port on each DHCP-enabled subnet. */
  addresses: string[];
  files: { hosts: string; opts: string };
  /** dnsmasq's arguments after the program name. */
  args: string[];
}

/** A route in a router namespace besides the connected ones; `destination` is `network/prefix` ('0.0.0.0/0': the default). */
export interface RouterRoute {
  destination: string;
  nexthop: string;
}

/** One leg of a router: a veth whose two ends have the same name, one an OVS port, the other in the router's namespace. */
export interface DesiredRouterLeg {
  portId: string;
  networkId: string;
  kind: 'interface' | 'gateway';
  /** `qr-…` (interface) or `qg-…` (gateway). */
  name: string;
  /** br-int for an interface; for the gateway the bridge the external network's physical network maps to. */
  bridge: string;
  mac: string;
  mtu: number;
  /** `ip/prefix` of the port's IPv4 addresses; on the gateway also every floating IP as /32. */
  addresses: string[];
}

export interface DesiredFloatingIp {
  id: string;
  address: string;
  fixedIp: string;
}

/** A router served here (Neutron's legacy L3 agent): namespace, legs, forwarding, routes and NAT. */
export interface DesiredRouter {
  routerId: string;
  namespace: string;
  legs: DesiredRouterLeg[];
  /** The default route via the external subnet's gateway, and the router's extra routes. */
  routes: RouterRoute[];
  /** The whole nat table: what `iptables-restore` is given and what the normalised `iptables-save -t nat` must read back. */
  nat: string;
  floatingIps: DesiredFloatingIp[];
}

/** Something in the inputs that cannot be wired on this host (reported, never thrown). */
export interface WiringProblem {
  /** Absent for a problem of a router as a whole (an extra route it cannot install). */
  networkId?: string;
  portId?: string;
  routerId?: string;
  reason: string;
}

export interface DesiredHost {
  integrationBridge: string;
  bridges: DesiredBridge[];
  ports: DesiredOvsPort[];
  bindings: DesiredBinding[];
  /** network id → local VLAN tag on br-int. */
  localVlans: Record<string, number>;
  dhcpServers: DesiredDhcpServer[];
  routers: DesiredRouter[];
  /** Router ports bound here that no leg serves (router gone, admin down, not wireable): reported DOWN. */
  routerPortsDown: string[];
  /** Floating IPs of routers scheduled here that are not in place (router admin down, no gateway here): reported DOWN. */
  floatingIpsDown: string[];
  /** Flow tables by bridge, still to be rendered against the ofports vswitchd assigned. */
  flows: FlowIntent[];
  problems: WiringProblem[];
}
