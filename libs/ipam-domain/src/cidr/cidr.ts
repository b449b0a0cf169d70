import type { IpVersion } from '@muon/contracts';
import type { IntegerRange } from '../ranges/integer-range.js';
import { addressBits, formatIpAddress, parseIpAddress, type IpAddress } from './ip-address.js';

/** A CIDR block in its network form: `first` is the network address, `last` the highest address. */
export interface Cidr {
  version: IpVersion;
  prefixlen: number;
  first: bigint;
  last: bigint;
}

export interface ParsedCidr {
  cidr: Cidr;
  /** The address as written, which may have host bits set (10.0.0.5/24). */
  address: IpAddress;
  hostBitsSet: boolean;
}

const hostMask = (version: IpVersion, prefixlen: number): bigint => (1n << BigInt(addressBits(version) - prefixlen)) - 1n;

export function cidrOf(version: IpVersion, value: bigint, prefixlen: number): Cidr {
  const mask = hostMask(version, prefixlen);
  const first = value & ~mask;
  return { version, prefixlen, first, last: first | mask };
}

/**
 * Parses 'address/prefixlen'. Host bits are allowed and reported: Neutron turns 10.0.0.5/24
 * into 10.0.0.0/24 for a subnet rather than refusing it.
 */
export function parseCidrDetailed(text: string): ParsedCidr | null {
  if (typeof text !== 'string') return null;
  const slash = text.lastIndexOf('/');
  if (slash <= 0) return null;
  const address = parseIpAddress(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(prefixText)) return null;
  const prefixlen = Number(prefixText);
  if (prefixlen > addressBits(address.version)) return null;
  const cidr = cidrOf(address.version, address.value, prefixlen);
  return { cidr, address, hostBitsSet: cidr.first !== address.value };
}

export const parseCidr = (text: string): Cidr | null => parseCidrDetailed(text)?.cidr ?? null;

export const formatCidr = (c: Cidr): string => `${formatIpAddress({ version: c.version, value: c.first })}/${c.prefixlen}`;

/** The network form of a CIDR text ('10.0.0.5/24' → '10.0.0.0/24'), or null when invalid. */
export function normaliseCidr(text: string): string | null {
  const c = parseCidr(text);
  return c ? formatCidr(c) : null;
}

export const cidrSize = (c: Cidr): bigint => c.last - c.first + 1n;
export const cidrRange = (c: Cidr): IntegerRange => ({ first: c.first, last: c.last });

export const cidrContainsAddress = (c: Cidr, a: IpAddress): boolean =>
  a.version === c.version && a.value >= c.first && a.value <= c.last;

export const cidrContainsCidr = (outer: Cidr, inner: Cidr): boolean =>
  outer.version === inner.version && inner.first >= outer.first && inner.last <= outer.last;

export const cidrsOverlap = (a: Cidr, b: Cidr): boolean => a.version === b.version && a.first <= b.last && b.first <= a.last;

/** The IPv4 broadcast address; IPv6 has none. */
export const broadcastAddress = (c: Cidr): bigint | null => (c.version === 4 ? c.last : null);

/**
 * The fewest CIDR blocks that cover exactly the given range, in ascending order
 * (e.g. 10.0.0.1–10.0.0.6 → /32, /31, /31, /32).
 */
export function rangeToCidrs(version: IpVersion, range: IntegerRange): Cidr[] {
  const bits = addressBits(version);
  const out: Cidr[] = [];
  let start = range.first;
  while (start <= range.last) {
    // Largest block aligned at `start` that does not run past the end of the range.
    let size = start === 0n ? 1n << BigInt(bits) : start & -start;
    while (start + size - 1n > range.last) size >>= 1n;
    const prefixlen = bits - (size.toString(2).length - 1);
    out.push({ version, prefixlen, first: start, last: start + size - 1n });
    start += size;
  }
  return out;
}
