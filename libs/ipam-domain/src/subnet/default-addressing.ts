import type { AllocationPool } from '@muon/contracts';
import type { Cidr } from '../cidr/cidr.js';
import { formatIpAddress } from '../cidr/ip-address.js';
import type { IntegerRange } from '../ranges/integer-range.js';
import { subtractRangeSet, type RangeSet } from '../ranges/range-set.js';

/** Neutron's default gateway: the address after the network address. */
export const defaultGatewayValue = (cidr: Cidr): bigint => cidr.first + 1n;

/**
 * The addresses a subnet may hand out when no pools are given: everything but the network
 * address, the IPv4 broadcast and the gateway. /31 and /32 (and a single-address IPv6 /128)
 * have no network or broadcast address to spare.
 */
export function hostRange(cidr: Cidr): IntegerRange | null {
  if (cidr.first === cidr.last) return { first: cidr.first, last: cidr.last };
  if (cidr.version === 4 && cidr.prefixlen >= 31) return { first: cidr.first, last: cidr.last };
  const first = cidr.first + 1n;
  const last = cidr.version === 4 ? cidr.last - 1n : cidr.last;
  return first <= last ? { first, last } : null;
}

export function defaultPoolRanges(cidr: Cidr, gateway: bigint | null): RangeSet {
  const hosts = hostRange(cidr);
  if (!hosts) return [];
  return gateway === null ? [hosts] : subtractRangeSet([hosts], [{ first: gateway, last: gateway }]);
}

export const formatPools = (version: Cidr['version'], ranges: RangeSet): AllocationPool[] =>
  ranges.map((r) => ({
    start: formatIpAddress({ version, value: r.first }),
    end: formatIpAddress({ version, value: r.last }),
  }));

/** The allocation_pools Neutron shows for a subnet created without any. */
export const defaultAllocationPools = (cidr: Cidr, gateway: bigint | null): AllocationPool[] =>
  formatPools(cidr.version, defaultPoolRanges(cidr, gateway));
