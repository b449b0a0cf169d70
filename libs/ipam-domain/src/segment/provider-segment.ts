import { Errors, IpamErrors, type Network, type NetworkType } from '@muon/contracts';
import {
  MAX_VLAN_TAG, MAX_VXLAN_VNI, MIN_VLAN_TAG, MIN_VXLAN_VNI, type IdRange, type SegmentConfig,
} from './segment-config.js';

/** The segment a network lives on, as the provider:* attributes show it. */
export interface ProviderSegment {
  network_type: NetworkType;
  physical_network: string | null;
  segmentation_id: number | null;
}

export type ProviderRequest = Partial<Pick<Network, 'provider:network_type' | 'provider:physical_network' | 'provider:segmentation_id'>>;

/**
 * What the owner must reserve for a new network. 'fixed': exactly this segment (its unique
 * index answers VlanIdInUse / TunnelIdInUse / FlatNetworkInUse when taken). 'pick': any free id
 * in these ranges, tried choice by choice (NoNetworkAvailable when all are full).
 */
export type SegmentPlan =
  | { kind: 'fixed'; segment: ProviderSegment }
  | { kind: 'pick'; network_type: 'vlan' | 'vxlan'; choices: { physical_network: string | null; ranges: IdRange[] }[] };

const VXLAN_OVERHEAD = 50; // outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8

/** The largest MTU a network of this type can offer; also its default MTU. */
export const maxMtuFor = (networkType: NetworkType, config: Pick<SegmentConfig, 'globalPhysnetMtu'>): number =>
  networkType === 'vxlan' ? config.globalPhysnetMtu - VXLAN_OVERHEAD : config.globalPhysnetMtu;

const prohibited = (key: string, type: string) => Errors.invalidInput(`${key} prohibited for ${type} provider network`);

/** Turns a network create's provider attributes (or their absence) into what must be reserved. */
export function planSegment(request: ProviderRequest, config: SegmentConfig): SegmentPlan {
  const type = request['provider:network_type'];
  const physnet = request['provider:physical_network'] ?? null;
  const segId = request['provider:segmentation_id'] ?? null;
  if (type === undefined) {
    if (physnet !== null || segId !== null) throw Errors.invalidInput('network_type required');
    return tenantSegment(config);
  }
  switch (type) {
    case 'local':
      if (physnet !== null) throw prohibited('provider:physical_network', 'local');
      if (segId !== null) throw prohibited('provider:segmentation_id', 'local');
      return { kind: 'fixed', segment: { network_type: 'local', physical_network: null, segmentation_id: null } };
    case 'flat':
      if (physnet === null) throw Errors.invalidInput('physical_network required for flat provider network');
      if (segId !== null) throw prohibited('provider:segmentation_id', 'flat');
      if (!config.flatNetworks.includes('*') && !config.flatNetworks.includes(physnet)) {
        throw Errors.invalidInput(`physical_network '${physnet}' unknown for flat provider network`);
      }
      return { kind: 'fixed', segment: { network_type: 'flat', physical_network: physnet, segmentation_id: null } };
    case 'vlan':
      return vlanSegment(physnet, segId, config);
    case 'vxlan':
      if (physnet !== null) throw Errors.invalidInput('provider:physical_network specified for vxlan network');
      if (segId !== null) {
        if (segId < MIN_VXLAN_VNI || segId > MAX_VXLAN_VNI) {
          throw Errors.invalidInput(`segmentation_id out of range (${MIN_VXLAN_VNI} through ${MAX_VXLAN_VNI})`);
        }
        return { kind: 'fixed', segment: { network_type: 'vxlan', physical_network: null, segmentation_id: segId } };
      }
      if (config.vxlanRanges.length === 0) throw IpamErrors.noNetworkAvailable();
      return { kind: 'pick', network_type: 'vxlan', choices: [{ physical_network: null, ranges: config.vxlanRanges }] };
  }
}

function vlanSegment(physnet: string | null, segId: number | null, config: SegmentConfig): SegmentPlan {
  if (physnet === null) {
    if (segId !== null) throw Errors.invalidInput('segmentation_id requires physical_network for VLAN provider network');
    return anyVlan(config);
  }
  const ranges = config.vlanRanges[physnet];
  if (!ranges) throw Errors.invalidInput(`physical_network '${physnet}' unknown for VLAN provider network`);
  if (segId === null) {
    if (ranges.length === 0) throw IpamErrors.noNetworkAvailable();
    return { kind: 'pick', network_type: 'vlan', choices: [{ physical_network: physnet, ranges }] };
  }
  if (segId < MIN_VLAN_TAG || segId > MAX_VLAN_TAG) {
    throw Errors.invalidInput(`segmentation_id out of range (${MIN_VLAN_TAG} through ${MAX_VLAN_TAG})`);
  }
  return { kind: 'fixed', segment: { network_type: 'vlan', physical_network: physnet, segmentation_id: segId } };
}

function anyVlan(config: SegmentConfig): SegmentPlan {
  const choices = Object.entries(config.vlanRanges)
    .filter(([, ranges]) => ranges.length > 0)
    .map(([physical_network, ranges]) => ({ physical_network, ranges }));
  if (choices.length === 0) throw IpamErrors.noNetworkAvailable();
  return { kind: 'pick', network_type: 'vlan', choices };
}

/** Networks created without provider attributes get the first tenant type that can serve them. */
function tenantSegment(config: SegmentConfig): SegmentPlan {
  for (const type of config.tenantNetworkTypes) {
    if (type === 'local') return { kind: 'fixed', segment: { network_type: 'local', physical_network: null, segmentation_id: null } };
    if (type === 'vxlan' && config.vxlanRanges.length > 0) {
      return { kind: 'pick', network_type: 'vxlan', choices: [{ physical_network: null, ranges: config.vxlanRanges }] };
    }
    if (type === 'vlan' && Object.values(config.vlanRanges).some((r) => r.length > 0)) return anyVlan(config);
  }
  throw IpamErrors.noNetworkAvailable();
}

/** Checks the shape of a segment the owner reserved, so a decider never records an impossible one. */
export function assertSegmentShape(s: ProviderSegment): void {
  const bad = (why: string) => Errors.invalidInput(`invalid ${s.network_type} segment: ${why}`);
  switch (s.network_type) {
    case 'flat':
      if (!s.physical_network || s.segmentation_id !== null) throw bad('needs a physical network and no segmentation id');
      return;
    case 'local':
      if (s.physical_network !== null || s.segmentation_id !== null) throw bad('takes no physical network or segmentation id');
      return;
    case 'vlan':
      if (!s.physical_network || s.segmentation_id === null || s.segmentation_id < MIN_VLAN_TAG || s.segmentation_id > MAX_VLAN_TAG) {
        throw bad('needs a physical network and a VLAN id 1..4094');
      }
      return;
    case 'vxlan':
      if (s.physical_network !== null || s.segmentation_id === null || s.segmentation_id < MIN_VXLAN_VNI || s.segmentation_id > MAX_VXLAN_VNI) {
        throw bad('needs a VNI 1..16777215 and no physical network');
      }
  }
}
