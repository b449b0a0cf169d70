import { Errors, IpamErrors, type FixedIp } from '@muon/contracts';
import { parseCidr } from '../cidr/cidr.js';
import { formatIpAddress, parseIpAddress } from '../cidr/ip-address.js';
import { isUsableAddress } from '../subnet/address-validity.js';
import type { SubnetOfPort } from './port.commands.js';

/**
 * Re-checks the addresses the owner reserved before they are recorded on the port: each on a
 * subnet of the port's network, usable there, and none twice. Returns them canonical.
 */
export function checkReservedFixedIps(
  networkId: string, fixedIps: readonly FixedIp[], subnets: readonly SubnetOfPort[], deviceOwner: string,
): FixedIp[] {
  const seen = new Set<string>();
  return fixedIps.map((f) => {
    const subnet = subnets.find((s) => s.id === f.subnet_id && s.network_id === networkId);
    if (!subnet) throw IpamErrors.invalidSubnetForNetwork(networkId, f.subnet_id);
    const address = parseIpAddress(f.ip_address);
    if (!address || !isUsableAddress(parseCidr(subnet.cidr)!, address, deviceOwner)) throw IpamErrors.invalidIpForSubnet(f.ip_address);
    const text = formatIpAddress(address);
    if (seen.has(text)) throw Errors.invalidAttribute('fixed_ips', `Duplicate IP address '${f.ip_address}'`);
    seen.add(text);
    return { subnet_id: subnet.id, ip_address: text };
  });
}
