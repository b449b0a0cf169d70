import { IpamErrors, type IpVersion, type Subnetpool } from '@muon/contracts';
import { cidrOf, cidrRange, parseCidr, rangeToCidrs, type Cidr } from '../cidr/cidr.js';
import { rangeWithin } from '../ranges/integer-range.js';
import { subtractRangeSet, toRangeSet, type RangeSet } from '../ranges/range-set.js';

/** The part of a pool's prefixes that no subnet has taken yet. */
export function freePrefixSpace(prefixes: readonly string[], allocatedCidrs: readonly string[]): RangeSet {
  const own = toRangeSet(prefixes.map((p) => cidrRange(parseCidr(p)!)));
  const taken = toRangeSet(allocatedCidrs.map(parseCidr).filter((c): c is Cidr => c !== null).map(cidrRange));
  return subtractRangeSet(own, taken);
}

/**
 * 'best-fit' is Neutron's rule: carve from the smallest free block that can hold the request
 * (keeping large blocks whole for large requests), lowest address among equally small ones.
 * 'lowest' takes the lowest free aligned block regardless of fragmentation.
 */
export type PrefixAllocationStrategy = 'best-fit' | 'lowest';

/** Picks a free block of the requested length; deterministic; null when nothing fits. */
export function allocateAnyPrefix(
  version: IpVersion, free: RangeSet, prefixlen: number, strategy: PrefixAllocationStrategy = 'best-fit',
): Cidr | null {
  let best: Cidr | null = null;
  for (const range of free) {
    for (const block of rangeToCidrs(version, range)) {
      if (block.prefixlen > prefixlen) continue;
      if (strategy === 'lowest') return cidrOf(version, block.first, prefixlen);
      if (!best || block.prefixlen > best.prefixlen || (block.prefixlen === best.prefixlen && block.first < best.first)) best = block;
    }
  }
  return best ? cidrOf(version, best.first, prefixlen) : null;
}

/** Whether a specific CIDR lies entirely in the pool's free space. */
export const isPrefixAvailable = (free: RangeSet, cidr: Cidr): boolean => free.some((r) => rangeWithin(cidrRange(cidr), r));

export function assertPrefixLengthAllowed(pool: Pick<Subnetpool, 'min_prefixlen' | 'max_prefixlen'>, prefixlen: number): void {
  if (prefixlen > pool.max_prefixlen) throw IpamErrors.maxPrefixSubnetAllocationError(prefixlen, pool.max_prefixlen);
  if (prefixlen < pool.min_prefixlen) throw IpamErrors.minPrefixSubnetAllocationError(prefixlen, pool.min_prefixlen);
}

/**
 * default_quota counts addresses per project in units of /32 (IPv4) or /64 (IPv6): a project
 * may hold at most that many units from the pool.
 */
export function assertWithinPoolQuota(
  pool: Pick<Subnetpool, 'ip_version' | 'default_quota'>, projectAllocatedCidrs: readonly string[], prefixlen: number,
): void {
  if (!pool.default_quota) return;
  const unit = pool.ip_version === 4 ? 32 : 64;
  const units = (len: number) => 2 ** (unit - len);
  const used = projectAllocatedCidrs.reduce((n, c) => n + units(parseCidr(c)?.prefixlen ?? unit), 0);
  if (used + units(prefixlen) > pool.default_quota) throw IpamErrors.subnetPoolQuotaExceeded();
}
