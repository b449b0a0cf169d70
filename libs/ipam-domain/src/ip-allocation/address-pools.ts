import type { AllocationPool, IpVersion, Subnet } from '@muon/contracts';
import { parseCidr, type Cidr } from '../cidr/cidr.js';
import { formatIpAddress, parseIpAddress } from '../cidr/ip-address.js';
import { subtractRangeSet, toRangeSet, type RangeSet } from '../ranges/range-set.js';

/** The addresses of one subnet that automatic allocation may hand out. */
export interface AddressPools {
  subnetId: string;
  version: IpVersion;
  cidr: Cidr;
  ranges: RangeSet;
}

/**
 * Builds the allocatable set of a subnet from its allocation_pools. The gateway, the network
 * address and the IPv4 broadcast are removed again even though pool validation already keeps
 * them out: a pool stored by an older rule must still never hand them to a port.
 */
export function addressPoolsOf(subnet: Pick<Subnet, 'id' | 'cidr' | 'gateway_ip' | 'allocation_pools'>): AddressPools {
  const cidr = parseCidr(subnet.cidr);
  if (!cidr) throw new Error(`subnet ${subnet.id} has an invalid cidr ${subnet.cidr}`);
  const pools = toRangeSet(subnet.allocation_pools.map((p) => poolRange(p)));
  const reserved: bigint[] = [];
  const hostsOnly = !(cidr.version === 4 && cidr.prefixlen >= 31) && cidr.first !== cidr.last;
  if (hostsOnly) reserved.push(cidr.first);
  if (hostsOnly && cidr.version === 4) reserved.push(cidr.last);
  const gateway = subnet.gateway_ip ? parseIpAddress(subnet.gateway_ip) : null;
  if (gateway) reserved.push(gateway.value);
  const inCidr = subtractRangeSet(pools, toRangeSet([
    ...(cidr.first > 0n ? [{ first: 0n, last: cidr.first - 1n }] : []),
    { first: cidr.last + 1n, last: cidr.last + (1n << 128n) },
  ]));
  return { subnetId: subnet.id, version: cidr.version, cidr, ranges: subtractRangeSet(inCidr, toRangeSet(reserved.map((v) => ({ first: v, last: v })))) };
}

function poolRange(pool: AllocationPool) {
  const start = parseIpAddress(pool.start);
  const end = parseIpAddress(pool.end);
  if (!start || !end) throw new Error(`invalid allocation pool ${pool.start}-${pool.end}`);
  return { first: start.value, last: end.value };
}

export const formatAddress = (pools: AddressPools, value: bigint): string => formatIpAddress({ version: pools.version, value });
