import { defaultHostConfig, type AgentNetwork, type AgentPort, type AgentSubnet, type HostConfig, type HostInputs, type PeerHost } from '@muon/agent-domain';

/**
 * Builds the networks, subnets and ports the control plane would hand an agent, as plain
 * objects. Ids are valid UUIDs derived from short labels so names (tap…, qvo…) stay readable.
 */
export class NetworkScenario {
  networks: AgentNetwork[] = [];
  subnets: AgentSubnet[] = [];
  ports: AgentPort[] = [];
  peers: PeerHost[] = [];
  private macs = 0x10;

  /** `<2 bytes of the label><n>-…`: the first 11 characters (tap/qvo names) differ for every n. */
  static uuid(label: string, n: number): string {
    const hex = Buffer.from(label).toString('hex').padEnd(4, '0').slice(0, 4);
    return `${hex}${(n & 0xffff).toString(16).padStart(4, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  }

  network(label: string, vni: number, overrides: Partial<AgentNetwork> = {}): string {
    const id = NetworkScenario.uuid(label, vni);
    this.networks.push({ id, admin_state_up: true, mtu: 1450, 'provider:network_type': 'vxlan', 'provider:physical_network': null, 'provider:segmentation_id': vni, ...overrides });
    return id;
  }

  subnet(networkId: string, cidr: string, gateway: string | null, overrides: Partial<AgentSubnet> = {}): string {
    const id = NetworkScenario.uuid('sub', this.subnets.length + 1);
    this.subnets.push({ id, network_id: networkId, ip_version: 4, cidr, gateway_ip: gateway, enable_dhcp: true, dns_nameservers: [], host_routes: [], ...overrides });
    return id;
  }

  /** A port with one fixed IP; `deviceOwner` network:dhcp makes it the network's DHCP port on that host. */
  port(label: string, networkId: string, subnetId: string, ip: string, host: string, deviceOwner = 'compute:nova'): AgentPort {
    const n = this.ports.length + 1;
    const port: AgentPort = {
      id: NetworkScenario.uuid(label, n), network_id: networkId, mac_address: `fa:16:3e:00:${(this.macs >> 8).toString(16).padStart(2, '0')}:${(this.macs++ & 0xff).toString(16).padStart(2, '0')}`,
      fixed_ips: [{ subnet_id: subnetId, ip_address: ip }], device_owner: deviceOwner, admin_state_up: true, 'binding:host_id': host,
      extra_dhcp_opts: [], dns_name: '',
    };
    this.ports.push(port);
    return port;
  }

  inputs(config: HostConfig): HostInputs {
    return structuredClone({ config, networks: this.networks, subnets: this.subnets, ports: this.ports, peers: this.peers.filter((p) => p.host !== config.host) });
  }
}

export const testHostConfig = (host: string, overrides: Partial<HostConfig>): HostConfig =>
  defaultHostConfig(host, { dhcpVerboseLog: true, ...overrides });
