import type { HostConfig } from '../inputs/host-inputs.js';
import { INTEGRATION_BRIDGE, TUNNEL_BRIDGE } from '../names/neutron-names.js';

/** The bridges whose flow tables the agent owns: br-int, br-tun when tunnelling, and each mapped physical bridge. */
export const managedFlowBridges = (config: Pick<HostConfig, 'tunnelIp' | 'bridgeMappings'>): string[] =>
  [INTEGRATION_BRIDGE, ...(config.tunnelIp ? [TUNNEL_BRIDGE] : []), ...Object.entries(config.bridgeMappings).sort((a, b) => a[0].localeCompare(b[0])).map(([, b]) => b)];
