import type { AgentNetwork, HostConfig } from '../inputs/host-inputs.js';
import { OTHER_CONFIG_NETWORK, OTHER_CONFIG_NETWORK_TYPE, OTHER_CONFIG_PHYSICAL_NETWORK, OTHER_CONFIG_SEGMENTATION_ID } from './ovs-keys.js';

/** Why a network cannot be wired on this host, or undefined when it can. */
export function unwireableReason(network: AgentNetwork, config: HostConfig): string | undefined {
  const type = network['provider:network_type'];
  const physnet = network['provider:physical_network'];
  if (type === 'flat' || type === 'vlan') {
    if (!physnet) return `a ${type} network needs a physical network`;
    if (!config.bridgeMappings[physnet]) return `physical network ${physnet} has no bridge mapping on this host`;
    if (type === 'vlan' && network['provider:segmentation_id'] === null) return 'a vlan network needs a segmentation id';
  }
  if (type === 'vxlan' && network['provider:segmentation_id'] === null) return 'a vxlan network needs a VNI';
  return undefined;
}

/** Port.other_config of every port the agent wires on a network (Neutron's keys). */
export function networkOtherConfig(network: AgentNetwork): Record<string, string> {
  const config: Record<string, string> = {
    [OTHER_CONFIG_NETWORK]: network.id,
    [OTHER_CONFIG_NETWORK_TYPE]: network['provider:network_type'],
  };
  if (network['provider:physical_network']) config[OTHER_CONFIG_PHYSICAL_NETWORK] = network['provider:physical_network'];
  if (network['provider:segmentation_id'] !== null) config[OTHER_CONFIG_SEGMENTATION_ID] = String(network['provider:segmentation_id']);
  return config;
}
