import type { AgentNetwork, HostInputs } from '../inputs/host-inputs.js';
import { isIpv4 } from '../inputs/ipv4.js';
import { tunnelPortName } from '../names/neutron-names.js';
import type { WiringProblem } from './desired-host.types.js';

export interface TunnelPlan {
  /** remote tunnel IP → tunnel port name */
  tunnelPorts: Map<string, string>;
  /** network id → tunnel port names of the hosts that share it */
  networkTunnels: Map<string, string[]>;
}

/** A VXLAN network wired here needs a tunnel to every other host that has a port on it. */
export function planTunnels(inputs: HostInputs, vxlanNetworks: readonly AgentNetwork[], problems: WiringProblem[]): TunnelPlan {
  const { config } = inputs;
  const peerIp = new Map(inputs.peers.map((p) => [p.host, p.tunnelIp]));
  const tunnelPorts = new Map<string, string>();
  const networkTunnels = new Map<string, string[]>();
  for (const network of vxlanNetworks) {
    const remoteHosts = new Set(inputs.ports
      .filter((p) => p.network_id === network.id && p['binding:host_id'] && p['binding:host_id'] !== config.host)
      .map((p) => p['binding:host_id']));
    const names: string[] = [];
    for (const host of [...remoteHosts].sort()) {
      const ip = peerIp.get(host);
      if (!config.tunnelIp) {
        problems.push({ networkId: network.id, reason: `host ${host} has ports on this network but this host has no tunnel endpoint` });
        break;
      }
      if (!ip || !isIpv4(ip)) {
        problems.push({ networkId: network.id, reason: `host ${host} has ports on this network but no known tunnel endpoint` });
        continue;
      }
      if (ip === config.tunnelIp) continue;
      const name = tunnelPortName(ip);
      tunnelPorts.set(ip, name);
      names.push(name);
    }
    networkTunnels.set(network.id, [...new Set(names)].sort());
  }
  return { tunnelPorts, networkTunnels };
}
