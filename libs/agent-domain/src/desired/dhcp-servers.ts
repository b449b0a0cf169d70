import { DeviceOwner } from '@muon/contracts';
import type { AgentNetwork, AgentPort, HostInputs } from '../inputs/host-inputs.js';
import { parseIpv4Cidr } from '../inputs/ipv4.js';
import { dhcpNamespace, namespaceLinkName, tapName } from '../names/neutron-names.js';
import { dhcpPaths, renderDnsmasqArgs } from '../render/dnsmasq-args.js';
import { renderDhcpHostsFile, renderDhcpOptsFile } from '../render/dnsmasq-files.js';
import type { DesiredDhcpServer, WiringProblem } from './desired-host.types.js';

/**
 * A network gets a DHCP server here when its DHCP port (device_owner network:dhcp) is bound to
 * this host — that binding is how the control plane schedules DHCP — and it has at least one
 * DHCP-enabled IPv4 subnet (IPv6 DHCP is not served yet).
 */
export function desiredDhcpServers(inputs: HostInputs, wiredNetworks: ReadonlyMap<string, AgentNetwork>, problems: WiringProblem[]): DesiredDhcpServer[] {
  const { config } = inputs;
  const dhcpPorts = inputs.ports
    .filter((p) => p.device_owner === DeviceOwner.dhcp && p['binding:host_id'] === config.host && wiredNetworks.has(p.network_id))
    .sort((a, b) => a.id.localeCompare(b.id));
  const servers: DesiredDhcpServer[] = [];
  const seen = new Set<string>();
  for (const dhcpPort of dhcpPorts) {
    const network = wiredNetworks.get(dhcpPort.network_id)!;
    if (seen.has(network.id)) {
      problems.push({ networkId: network.id, portId: dhcpPort.id, reason: 'a second DHCP port of this network is bound to this host; only the first is served' });
      continue;
    }
    const subnets = inputs.subnets.filter((s) => s.network_id === network.id && s.enable_dhcp && s.ip_version === 4);
    if (subnets.length === 0) continue;
    if (servers.some((s) => s.tapName === tapName(dhcpPort.id))) {
      problems.push({ networkId: network.id, portId: dhcpPort.id, reason: `its leg name ${tapName(dhcpPort.id)} is taken by another DHCP port (the first 11 characters of the ids are equal)` });
      continue;
    }
    seen.add(network.id);
    const addresses = legAddresses(dhcpPort, subnets);
    if (addresses.length === 0) {
      problems.push({ networkId: network.id, portId: dhcpPort.id, reason: 'the DHCP port has no address on a DHCP-enabled subnet' });
      continue;
    }
    const networkPorts = inputs.ports.filter((p) => p.network_id === network.id);
    const paths = dhcpPaths(config.dhcpStateDir, network.id);
    const namespaceLink = namespaceLinkName(dhcpPort.id);
    servers.push({
      networkId: network.id,
      portId: dhcpPort.id,
      namespace: dhcpNamespace(config.namespacePrefix, network.id),
      tapName: tapName(dhcpPort.id),
      namespaceLink,
      mac: dhcpPort.mac_address.toLowerCase(),
      mtu: network.mtu,
      addresses,
      files: {
        hosts: renderDhcpHostsFile(networkPorts, subnets, config.dnsDomain),
        opts: renderDhcpOptsFile(subnets, networkPorts, network.mtu),
      },
      args: renderDnsmasqArgs({
        paths, interfaceName: namespaceLink, dhcpSubnets: subnets,
        domain: config.dnsDomain, leaseSeconds: config.dhcpLeaseSeconds, verboseLog: config.dhcpVerboseLog,
      }),
    });
  }
  return servers;
}

function legAddresses(port: AgentPort, subnets: HostInputs['subnets']): string[] {
  const byId = new Map(subnets.map((s) => [s.id, s]));
  return port.fixed_ips
    .filter((f) => byId.has(f.subnet_id))
    .map((f) => `${f.ip_address}/${parseIpv4Cidr(byId.get(f.subnet_id)!.cidr).prefixLength}`)
    .sort();
}
