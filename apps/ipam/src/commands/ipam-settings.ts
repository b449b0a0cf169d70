import type { MuonConfig } from '@muon/service-kit';
import { parseQuotaDefaults, type QuotaLimits } from '@muon/contracts';
import { parseVlanRanges, parseVxlanRanges, type SegmentConfig } from '@muon/ipam-domain';

/** IPAM's ML2-like settings, parsed once at start-up from the environment. */
export interface IpamSettings {
  segments: SegmentConfig;
  macBase: string;
  agents: { reportIntervalMs: number; downTimeMs: number; dhcpAgentsPerNetwork: number };
  quotaDefaults: QuotaLimits;
}

export function ipamSettings(config: MuonConfig): IpamSettings {
  const vlanRanges = parseVlanRanges(config.MUON_NETWORK_VLAN_RANGES);
  return {
    segments: {
      tenantNetworkTypes: ['vxlan'],
      vxlanRanges: parseVxlanRanges(config.MUON_VXLAN_VNI_RANGES),
      vlanRanges,
      flatNetworks: ['*'],
      globalPhysnetMtu: 1500,
    },
    macBase: config.MUON_MAC_BASE,
    quotaDefaults: parseQuotaDefaults(config.MUON_QUOTA_DEFAULTS),
    agents: {
      reportIntervalMs: config.MUON_AGENT_REPORT_INTERVAL_MS,
      downTimeMs: config.MUON_AGENT_DOWN_TIME_MS,
      dhcpAgentsPerNetwork: config.MUON_DHCP_AGENTS_PER_NETWORK,
    },
  };
}
