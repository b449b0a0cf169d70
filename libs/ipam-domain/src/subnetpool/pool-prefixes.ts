import { Errors, IpamErrors, type IpVersion } from '@muon/contracts';
import { cidrRange, formatCidr, parseCidr, rangeToCidrs, type Cidr } from '../cidr/cidr.js';
import { toRangeSet, type RangeSet } from '../ranges/range-set.js';

export interface PoolPrefixes {
  version: IpVersion;
  /** The prefixes compacted: overlapping and adjacent blocks merged, ascending. */
  cidrs: Cidr[];
  space: RangeSet;
}

/** Validates a pool's prefixes: at least one, all CIDRs of one IP version; compacts them as Neutron does. */
export function parsePoolPrefixes(prefixes: readonly string[]): PoolPrefixes {
  if (prefixes.length === 0) throw IpamErrors.emptySubnetPoolPrefixList();
  const cidrs = prefixes.map((p) => {
    const c = parseCidr(p);
    if (!c) throw Errors.invalidAttribute('prefixes', `'${p}' is not a valid IP subnet`);
    return c;
  });
  const version = cidrs[0]!.version;
  if (cidrs.some((c) => c.version !== version)) throw IpamErrors.prefixVersionMismatch();
  const space = toRangeSet(cidrs.map(cidrRange));
  return { version, space, cidrs: space.flatMap((r) => rangeToCidrs(version, r)) };
}

export const formatPrefixes = (p: PoolPrefixes): string[] => p.cidrs.map(formatCidr);
