import type { NetworkType } from '@muon/contracts';

/** An inclusive range of VLAN ids or VNIs. */
export interface IdRange {
  min: number;
  max: number;
}

export const MIN_VLAN_TAG = 1;
export const MAX_VLAN_TAG = 4094;
export const MIN_VXLAN_VNI = 1;
export const MAX_VXLAN_VNI = 2 ** 24 - 1;

/** The owner's ML2-like configuration of segment types. */
export interface SegmentConfig {
  /** Types given to networks created without provider attributes, tried in order (Neutron's tenant_network_types). */
  tenantNetworkTypes: NetworkType[];
  /** VNIs for tenant VXLAN networks (Neutron's vni_ranges). */
  vxlanRanges: IdRange[];
  /** Physical networks usable for VLANs, each with its tenant VLAN ranges (possibly none). */
  vlanRanges: Record<string, IdRange[]>;
  /** Physical networks usable for flat networks; '*' allows any. */
  flatNetworks: string[];
  /** MTU of the physical network; VXLAN networks lose 50 bytes to encapsulation. */
  globalPhysnetMtu: number;
}

export const DEFAULT_SEGMENT_CONFIG: SegmentConfig = {
  tenantNetworkTypes: ['vxlan'],
  vxlanRanges: [{ min: 1, max: 1000 }],
  vlanRanges: {},
  flatNetworks: ['*'],
  globalPhysnetMtu: 1500,
};

function parseBoundedInt(text: string, min: number, max: number, what: string, entry: string): number {
  if (!/^\d+$/.test(text.trim())) throw new Error(`Invalid ${what} range '${entry}': '${text}' is not an integer`);
  const n = Number(text.trim());
  if (n < min || n > max) throw new Error(`Invalid ${what} range '${entry}': ${n} is outside ${min}..${max}`);
  return n;
}

function parseRange(minText: string, maxText: string, bounds: [number, number], what: string, entry: string): IdRange {
  const min = parseBoundedInt(minText, bounds[0], bounds[1], what, entry);
  const max = parseBoundedInt(maxText, bounds[0], bounds[1], what, entry);
  if (max < min) throw new Error(`Invalid ${what} range '${entry}': end is less than start`);
  return { min, max };
}

/** Parses Neutron's vni_ranges syntax: '1001:2000,3000:3100'. */
export function parseVxlanRanges(config: string): IdRange[] {
  return config.split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const parts = entry.split(':');
    if (parts.length !== 2) throw new Error(`Invalid VXLAN VNI range '${entry}': expected <min>:<max>`);
    return parseRange(parts[0]!, parts[1]!, [MIN_VXLAN_VNI, MAX_VXLAN_VNI], 'VXLAN VNI', entry);
  });
}

/**
 * Parses Neutron's network_vlan_ranges syntax: 'physnet1:100:200,physnet2'. A physical network
 * without a range may carry provider VLANs but gives none to tenants.
 */
export function parseVlanRanges(config: string): Record<string, IdRange[]> {
  const out: Record<string, IdRange[]> = {};
  for (const entry of config.split(',').map((s) => s.trim()).filter(Boolean)) {
    const parts = entry.split(':');
    const physnet = parts[0]!.trim();
    if (!physnet) throw new Error(`Invalid VLAN range '${entry}': empty physical network name`);
    out[physnet] ??= [];
    if (parts.length === 1) continue;
    if (parts.length !== 3) throw new Error(`Invalid VLAN range '${entry}': expected <physnet>[:<min>:<max>]`);
    out[physnet].push(parseRange(parts[1]!, parts[2]!, [MIN_VLAN_TAG, MAX_VLAN_TAG], 'VLAN', entry));
  }
  return out;
}
