import { IpamErrors, type IpVersion } from '@muon/contracts';
import { addressBits } from '../cidr/ip-address.js';

export interface PrefixBounds {
  min_prefixlen: number;
  max_prefixlen: number;
  default_prefixlen: number;
}

/** Neutron's defaults: an IPv4 pool hands out /8 to /32, an IPv6 pool /64 to /128. */
export const defaultMinPrefixlen = (version: IpVersion): number => (version === 4 ? 8 : 64);

/**
 * Resolves the prefix-length bounds of a pool: missing bounds take the version's defaults and a
 * missing default_prefixlen takes min_prefixlen; then min <= default <= max <= address bits.
 */
export function resolvePrefixBounds(version: IpVersion, given: Partial<PrefixBounds>): PrefixBounds {
  const bits = addressBits(version);
  const min = given.min_prefixlen ?? defaultMinPrefixlen(version);
  const max = given.max_prefixlen ?? bits;
  const def = given.default_prefixlen ?? min;
  if (min > max) throw IpamErrors.illegalSubnetPoolPrefixBounds('min_prefixlen', min, 'max_prefixlen', max);
  if (max > bits) throw IpamErrors.illegalSubnetPoolPrefixBounds('max_prefixlen', max, 'ip_version_max', bits);
  if (def < min) throw IpamErrors.illegalSubnetPoolPrefixBounds('default_prefixlen', def, 'min_prefixlen', min);
  if (def > max) throw IpamErrors.illegalSubnetPoolPrefixBounds('default_prefixlen', def, 'max_prefixlen', max);
  return { min_prefixlen: min, max_prefixlen: max, default_prefixlen: def };
}
