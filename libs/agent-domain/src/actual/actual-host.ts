/**
 * What a host really has, as its drivers read it: OVSDB (bridges, ports, interfaces), the flows
 * of the bridges the agent manages, its namespaces and links, the dnsmasq processes and files, and
 * the forwarding flag, routes and nat table of its router namespaces.
 * Plain data, so diffs are unit-tested without any I/O.
 */
export interface ActualInterface {
  name: string;
  /** '' for a system device (veth), 'internal', 'patch', 'vxlan'… */
  type: string;
  options: Record<string, string>;
  externalIds: Record<string, string>;
  /** undefined until ovs-vswitchd looked at it; -1 when it could not open the device. */
  ofport: number | undefined;
  error: string | undefined;
}

export interface ActualOvsPort {
  name: string;
  tag: number | undefined;
  /** OVS's Port.protected (absent: false). */
  protected?: boolean;
  externalIds: Record<string, string>;
  otherConfig: Record<string, string>;
  interfaces: ActualInterface[];
}

export interface ActualBridge {
  name: string;
  datapathType: string;
  failMode: string | undefined;
  ports: ActualOvsPort[];
}

export interface ActualOvs {
  /** The Open_vSwitch row's uuid (first line of `ovs-vsctl show`). */
  id: string;
  bridges: ActualBridge[];
}

/** Flows of one bridge, summarised: every flow the agent pushes carries the table's cookie. */
export interface ActualFlows {
  count: number;
  /** Distinct cookies seen, as lowercase hex without 0x. */
  cookies: string[];
}

export interface ActualLink {
  name: string;
  mac: string;
  mtu: number;
  up: boolean;
  /** `ip/prefix` */
  addresses: string[];
}

export interface ActualNamespace {
  name: string;
  /** Identity of the network namespace (`net:[inode]`), to tell whether a process still runs in it. */
  netnsId: string;
  links: ActualLink[];
}

export interface ActualDhcpServer {
  networkId: string;
  /** The running dnsmasq's pid (proved ours by its command line), if any. */
  pid: number | undefined;
  /** Its arguments after the program name, from /proc/<pid>/cmdline. */
  args: string[] | undefined;
  /** Which network namespace it runs in (`net:[inode]`). */
  netnsId: string | undefined;
  /**
   * Its hosts and options files as dnsmasq has loaded them; undefined when missing, or written but
   * not yet applied (a SIGHUP that failed), so the next pass writes and reloads again.
   */
  files: { hosts: string | undefined; opts: string | undefined };
}

/** A route of a router namespace's main table that the kernel did not add for a connected subnet. */
export interface ActualRoute {
  /** `network/prefix` ('0.0.0.0/0' for the default route). */
  destination: string;
  /** undefined for a route without a gateway (a device route someone added). */
  nexthop: string | undefined;
}

/** What the agent reads back from one of its router namespaces beside its links. */
export interface ActualRouterNamespace {
  namespace: string;
  /** net.ipv4.ip_forward inside the namespace. */
  forwarding: boolean;
  routes: ActualRoute[];
  /** `iptables-save -t nat`, normalised (normaliseIptablesSave); undefined when it could not be read. */
  nat: string | undefined;
}

export interface ActualHost {
  ovs: ActualOvs;
  /** bridge name → flows, for the bridges whose flows the agent manages. */
  flows: Record<string, ActualFlows>;
  /** The agent's namespaces (those with its prefix). */
  namespaces: ActualNamespace[];
  /** Link names in the namespace where ovs-vswitchd runs (the host namespace). */
  hostLinks: string[];
  dhcp: ActualDhcpServer[];
  /** Forwarding, routes and NAT of each of the agent's router namespaces. */
  routers: ActualRouterNamespace[];
}

export const emptyActualHost = (): ActualHost => ({ ovs: { id: '00000000-0000-0000-0000-000000000000', bridges: [] }, flows: {}, namespaces: [], hostLinks: [], dhcp: [], routers: [] });
