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

/** Something in the inputs that cannot be wired on this host (reported, never thrown). */
export interface WiringProblem {
  networkId: string;
  portId?: string;
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
  /** Flow tables by bridge, still to be rendered against the ofports vswitchd assigned. */
  flows: FlowIntent[];
  problems: WiringProblem[];
}
