import type { AllocationPool, HostRoute, IpVersion, Ipv6Mode, Subnet, Subnetpool } from '@muon/contracts';
import type { SubnetLimits } from './subnet-attributes.js';

/** The body of POST /subnets after request validation (defaults may or may not be filled in). */
export interface SubnetCreateAttributes {
  project_id: string;
  network_id: string;
  ip_version: IpVersion;
  name?: string;
  description?: string;
  cidr?: string | null;
  prefixlen?: number;
  subnetpool_id?: string | null;
  use_default_subnetpool?: boolean;
  /** Absent: the first address of the CIDR. null: no gateway. */
  gateway_ip?: string | null;
  allocation_pools?: AllocationPool[];
  dns_nameservers?: string[];
  host_routes?: HostRoute[];
  enable_dhcp?: boolean;
  ipv6_ra_mode?: Ipv6Mode | null;
  ipv6_address_mode?: Ipv6Mode | null;
  segment_id?: string | null;
  service_types?: string[];
}

export type SubnetChanges = Partial<Pick<Subnet,
  'name' | 'description' | 'gateway_ip' | 'allocation_pools' | 'dns_nameservers' | 'host_routes' | 'enable_dhcp' | 'service_types'>>;

/** What the owner knows about the subnet's network when it creates the subnet. */
export interface NetworkOfSubnet {
  id: string;
  project_id: string;
  shared: boolean;
  /** The subnets already on the network: overlaps and pool affinity are checked against them. */
  subnets: Pick<Subnet, 'id' | 'cidr' | 'ip_version' | 'subnetpool_id'>[];
}

/**
 * The pool a subnet is allocated from (subnetpool_id, or the default pool of the IP version
 * when use_default_subnetpool), with what has already been taken from it. The owner must
 * serialise allocations from one pool (row lock) so two subnets never get the same prefix.
 */
export interface SubnetpoolAllocationFacts {
  pool: Subnetpool;
  /** CIDRs of every subnet allocated from the pool. */
  allocatedCidrs: string[];
  /** CIDRs allocated from the pool to the subnet's project, for default_quota. */
  projectAllocatedCidrs: string[];
}

/** A port holding an address on the subnet. */
export interface SubnetAllocationFact {
  port_id: string;
  device_owner: string;
}

export type SubnetCommand =
  | {
      type: 'create';
      id: string;
      now: string;
      attributes: SubnetCreateAttributes;
      network: NetworkOfSubnet;
      subnetpool?: SubnetpoolAllocationFacts | null;
      limits?: SubnetLimits;
    }
  | {
      type: 'update';
      id: string;
      now: string;
      ifRevision?: number;
      changes: SubnetChanges;
      /** A router port holding the current gateway address: the gateway cannot move away from it. */
      gatewayPortId?: string | null;
      limits?: SubnetLimits;
    }
  | { type: 'delete'; id: string; now: string; ifRevision?: number; allocations: SubnetAllocationFact[] }
  | { type: 'set_tags'; id: string; now: string; ifRevision?: number; tags: string[] };

export interface SubnetState {
  subnet: Subnet | null;
  deleted: boolean;
}
