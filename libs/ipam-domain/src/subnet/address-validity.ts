import { ROUTER_PORT_OWNERS } from '@muon/contracts';
import { cidrContainsAddress, type Cidr } from '../cidr/cidr.js';
import type { IpAddress } from '../cidr/ip-address.js';

/**
 * Whether a port may hold this address on the subnet. IPv4 networks and broadcasts are
 * refused, except in /31 and /32 where every address is a host (RFC 3021). IPv6's first address
 * is the subnet-router anycast address: only router ports (or an owner not yet known) may take it.
 */
export function isUsableAddress(cidr: Cidr, address: IpAddress, deviceOwner = ''): boolean {
  if (!cidrContainsAddress(cidr, address)) return false;
  if (cidr.version === 6) {
    return address.value !== cidr.first || deviceOwner === '' || ROUTER_PORT_OWNERS.includes(deviceOwner);
  }
  if (cidr.prefixlen >= 31) return true;
  return address.value !== cidr.first && address.value !== cidr.last;
}

/**
 * Neutron's rule for a gateway: outside the CIDR it cannot be judged and is allowed (routes make
 * it reachable); inside an IPv4 CIDR it may be neither the network nor the last address.
 */
export function isGatewayInvalid(cidr: Cidr, gateway: IpAddress): boolean {
  return cidrContainsAddress(cidr, gateway) && cidr.version === 4 && (gateway.value === cidr.first || gateway.value === cidr.last);
}
