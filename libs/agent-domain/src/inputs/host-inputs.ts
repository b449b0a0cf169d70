import type { HostRouter, Network, Port, Subnet } from '@muon/contracts';

/** The parts of Neutron's resources an agent needs; plain objects, as the control plane's snapshot will carry them. */
export type AgentNetwork = Pick<Network, 'id' | 'admin_state_up' | 'mtu' | 'provider:network_type' | 'provider:physical_network' | 'provider:segmentation_id'>;
export type AgentSubnet = Pick<Subnet, 'id' | 'network_id' | 'ip_version' | 'cidr' | 'gateway_ip' | 'enable_dhcp' | 'dns_nameservers' | 'host_routes'>;
export type AgentPort = Pick<Port, 'id' | 'network_id' | 'mac_address' | 'fixed_ips' | 'device_owner' | 'admin_state_up' | 'binding:host_id'>
  & Partial<Pick<Port, 'extra_dhcp_opts' | 'dns_name' | 'device_id'>>;

/** Another agent's host and its tunnel endpoint (Neutron's `local_ip`). */
export interface PeerHost {
  host: string;
  tunnelIp: string;
}

/** How this host is set up: what an operator writes into the agent's configuration. */
export interface HostConfig {
  host: string;
  /** Tunnel endpoint of this host; without it VXLAN networks stay local to the host. */
  tunnelIp?: string;
  /** physical network → OVS bridge (`physnet1: br-eth1`), for flat and VLAN networks. */
  bridgeMappings: Record<string, string>;
  /** Prefixed to every namespace the agent creates ('' in production; a per-run prefix in tests). */
  namespacePrefix: string;
  /** Directory under which each network's dnsmasq files live (`<dir>/<network id>/`). */
  dhcpStateDir: string;
  datapathType: 'netdev' | 'system';
  /** dnsmasq --domain (Neutron's dns_domain). */
  dnsDomain: string;
  dhcpLeaseSeconds: number;
  /** dnsmasq --log-dhcp: one line per DHCP packet. */
  dhcpVerboseLog: boolean;
}

export const defaultHostConfig = (host: string, overrides: Partial<HostConfig> = {}): HostConfig => ({
  host,
  bridgeMappings: {},
  namespacePrefix: '',
  dhcpStateDir: '/var/lib/muon/dhcp',
  datapathType: 'netdev',
  dnsDomain: 'openstacklocal',
  dhcpLeaseSeconds: 86400,
  dhcpVerboseLog: false,
  ...overrides,
});

/** Everything the desired state of one host is computed from. */
export interface HostInputs {
  config: HostConfig;
  networks: AgentNetwork[];
  subnets: AgentSubnet[];
  /** The ports of the networks that matter here, on every host (DHCP hosts files and tunnels need the remote ones). */
  ports: AgentPort[];
  /** Other agents with a tunnel endpoint. */
  peers: PeerHost[];
  /** The routers the l3 service scheduled to this host (their ports come with `ports`); absent: none. */
  routers?: HostRouter[];
}
