import { AUTO_DELETE_PORT_OWNERS, ROUTER_PORT_OWNERS, type Subnet } from '@muon/contracts';
import { isAutoAddressSubnet } from './subnet-attributes.js';
import type { SubnetAllocationFact } from './subnet.commands.js';

/**
 * The ports whose addresses keep a subnet alive. DHCP and other network-owned infrastructure
 * ports are cleaned up with the subnet; on SLAAC/DHCPv6-stateless subnets every address is
 * derived, so only router ports hold the subnet.
 */
export function portsBlockingSubnetDelete(subnet: Pick<Subnet, 'ipv6_ra_mode' | 'ipv6_address_mode'>, allocations: readonly SubnetAllocationFact[]): string[] {
  const autoAddress = isAutoAddressSubnet(subnet);
  const blocking = allocations.filter((a) =>
    autoAddress ? ROUTER_PORT_OWNERS.includes(a.device_owner) : !AUTO_DELETE_PORT_OWNERS.includes(a.device_owner));
  return [...new Set(blocking.map((a) => a.port_id))];
}

/** The ports that hold an address on the subnet without keeping it alive: they give the address up when it goes. */
export function portsReleasedWithSubnet(subnet: Pick<Subnet, 'ipv6_ra_mode' | 'ipv6_address_mode'>, allocations: readonly SubnetAllocationFact[]): string[] {
  const blocking = new Set(portsBlockingSubnetDelete(subnet, allocations));
  return [...new Set(allocations.map((a) => a.port_id))].filter((id) => !blocking.has(id));
}
