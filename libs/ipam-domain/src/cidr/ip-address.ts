import { Address4, Address6 } from 'ip-address';
import type { IpVersion } from '@muon/contracts';

/** An IP address as a number, so ranges, pools and sets are plain integer arithmetic. */
export interface IpAddress {
  version: IpVersion;
  value: bigint;
}

export const addressBits = (version: IpVersion): number => (version === 4 ? 32 : 128);

/**
 * Parses the textual forms Neutron accepts. Whitespace, IPv4 octets with leading zeros and IPv6
 * zone ids are refused, as netaddr-based Neutron validators refuse them.
 */
export function parseIpAddress(text: string): IpAddress | null {
  if (typeof text !== 'string' || text.length === 0 || /[\s/%]/.test(text)) return null;
  try {
    if (!text.includes(':')) {
      if (!Address4.isValid(text)) return null;
      return { version: 4, value: new Address4(text).bigInt() };
    }
    if (!Address6.isValid(text)) return null;
    return { version: 6, value: new Address6(text).bigInt() };
  } catch {
    return null;
  }
}

/** Canonical text: dotted quad for IPv4, RFC 5952 (lower case, longest zero run compressed) for IPv6. */
export function formatIpAddress(address: IpAddress): string {
  return address.version === 4
    ? Address4.fromBigInt(address.value).correctForm()
    : Address6.fromBigInt(address.value).correctForm();
}

/** The canonical form of an address text, or null when it is not an address. */
export function canonicalIpAddress(text: string): string | null {
  const parsed = parseIpAddress(text);
  return parsed ? formatIpAddress(parsed) : null;
}

export const ipVersionOf = (text: string): IpVersion | null => parseIpAddress(text)?.version ?? null;

/** IPv4 224.0.0.0/4 and IPv6 ff00::/8. */
export const isMulticastAddress = (a: IpAddress): boolean =>
  a.version === 4 ? a.value >> 28n === 0xen : a.value >> 120n === 0xffn;
