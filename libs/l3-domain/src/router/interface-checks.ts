import { L3Errors, type RouterInterface } from '@muon/contracts';
import { cidrsOverlap, parseCidr } from '@muon/ipam-domain';

/** A subnet an interface would connect: its id and CIDR. */
export interface InterfaceSubnet {
  id: string;
  cidr: string;
}

/**
 * Neutron's checks before a router gets another interface: one port per subnet per router, and no
 * two connected subnets that overlap (the router could not tell them apart). IPv6 subnets of one
 * network may share a port; that case is not modelled here.
 */
export function assertInterfaceFits(existing: readonly RouterInterface[], subnets: readonly InterfaceSubnet[]): void {
  for (const subnet of subnets) {
    if (existing.some((i) => i.subnet_ids.includes(subnet.id))) {
      throw L3Errors.badRouterRequest(`Router already has a port on subnet ${subnet.id}`);
    }
    const cidr = parseCidr(subnet.cidr);
    for (const other of existing) {
      other.subnet_ids.forEach((otherId, i) => {
        const otherCidr = parseCidr(other.cidrs[i] ?? '');
        if (cidr && otherCidr && cidrsOverlap(cidr, otherCidr)) {
          throw L3Errors.badRouterRequest(`Cidr ${subnet.cidr} of subnet ${subnet.id} overlaps with cidr ${other.cidrs[i]} of subnet ${otherId}`);
        }
      });
    }
  }
}

/** Which of a router's interfaces a remove request names (by port or by subnet), or the Neutron 404. */
export function interfaceToRemove(routerId: string, interfaces: readonly RouterInterface[], by: { port_id?: string; subnet_id?: string }): RouterInterface {
  if (by.port_id) {
    const found = interfaces.find((i) => i.port_id === by.port_id);
    if (!found) throw L3Errors.routerInterfaceNotFound(routerId, by.port_id);
    if (by.subnet_id && !found.subnet_ids.includes(by.subnet_id)) throw L3Errors.subnetMismatchForPort(by.port_id, by.subnet_id);
    return found;
  }
  const found = interfaces.find((i) => i.subnet_ids.includes(by.subnet_id!));
  if (!found) throw L3Errors.routerInterfaceNotFoundForSubnet(routerId, by.subnet_id!);
  return found;
}
