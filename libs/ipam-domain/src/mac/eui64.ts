import { formatIpAddress } from '../cidr/ip-address.js';
import type { Cidr } from '../cidr/cidr.js';
import { macToBigInt } from './mac-address.js';

/**
 * The SLAAC address a host with this MAC takes in a /64 (RFC 4291 modified EUI-64): the MAC split
 * in half around ff:fe with the universal/local bit flipped.
 */
export function eui64Address(prefix: Cidr, mac: string): string {
  if (prefix.version !== 6 || prefix.prefixlen > 64) throw new Error('EUI-64 needs an IPv6 prefix of /64 or shorter');
  const m = macToBigInt(mac);
  const interfaceId = (((m >> 24n) ^ 0x020000n) << 40n) | (0xfffen << 24n) | (m & 0xffffffn);
  return formatIpAddress({ version: 6, value: prefix.first | interfaceId });
}
