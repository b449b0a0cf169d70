import { Errors, IpamErrors, type AllowedAddressPair } from '@muon/contracts';
import { parseCidrDetailed } from '../cidr/cidr.js';
import { formatIpAddress, isMulticastAddress, parseIpAddress } from '../cidr/ip-address.js';
import { validatePortMac } from '../mac/mac-address.js';
import type { AddressPairInput } from './port.commands.js';

/**
 * Validates allowed_address_pairs as Neutron does: an address or CIDR that is not multicast,
 * an optional unicast MAC that defaults to the port's own, no pair twice, at most `max` pairs.
 */
export function normaliseAllowedAddressPairs(pairs: readonly AddressPairInput[], portMac: string, max: number): AllowedAddressPair[] {
  if (pairs.length > max) throw IpamErrors.allowedAddressPairExhausted(max);
  const seen = new Set<string>();
  return pairs.map((pair) => {
    const key = `${pair.mac_address ?? ''} ${pair.ip_address}`;
    if (seen.has(key)) throw IpamErrors.duplicateAddressPairInRequest(pair.mac_address, pair.ip_address);
    seen.add(key);
    const mac = pair.mac_address === undefined ? portMac : validatePortMac(pair.mac_address, 'allowed_address_pairs');
    return { ip_address: normaliseIpOrCidr(pair.ip_address), mac_address: mac };
  });
}

function normaliseIpOrCidr(text: string): string {
  if (text.includes('/')) {
    const parsed = parseCidrDetailed(text);
    if (!parsed) throw Errors.invalidAttribute('allowed_address_pairs', `'${text}' is not a valid IP subnet`);
    if (isMulticastAddress({ version: parsed.cidr.version, value: parsed.cidr.first })) {
      throw Errors.invalidAttribute('allowed_address_pairs', `'${text}' is a multicast subnet`);
    }
    return `${formatIpAddress(parsed.address)}/${parsed.cidr.prefixlen}`;
  }
  const address = parseIpAddress(text);
  if (!address) throw Errors.invalidAttribute('allowed_address_pairs', `'${text}' is not a valid IP address`);
  if (isMulticastAddress(address)) throw Errors.invalidAttribute('allowed_address_pairs', `'${text}' is a multicast IP address`);
  return formatIpAddress(address);
}
