import { L3Errors, type Port, type RequestContext } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { parseIpAddress } from '@muon/ipam-domain';
import type { FloatingipAssociation } from '@muon/l3-domain';
import type { L3Deps } from './l3-deps.js';

/** The port and fixed IP a floating IP is asked to point at, checked as Neutron checks them. */
export interface AssociationTarget {
  port: Port;
  fixedIp: { subnet_id: string; ip_address: string };
}

/** Reads the port as the caller sees it (another project's port is 404) and picks its fixed IPv4 address. */
export async function associationTarget(d: L3Deps, ctx: RequestContext, portId: string, fixedIpAddress: string | null | undefined): Promise<AssociationTarget> {
  const port = await d.ipam.getPort(portId, ctx);
  if (fixedIpAddress) {
    const fixedIp = port.fixed_ips.find((f) => f.ip_address === fixedIpAddress);
    if (!fixedIp) throw L3Errors.badFloatingipRequest(`Port ${port.id} does not have fixed ip ${fixedIpAddress}`);
    if (parseIpAddress(fixedIp.ip_address)?.version !== 4) throw L3Errors.badFloatingipRequest(`Cannot process floating IP association with ${fixedIpAddress}, since that is not an IPv4 address`);
    return { port, fixedIp };
  }
  const v4 = port.fixed_ips.filter((f) => parseIpAddress(f.ip_address)?.version === 4);
  if (v4.length === 0) throw L3Errors.badFloatingipRequest(`Port ${port.id} does not have any IPv4 address`);
  if (v4.length > 1) throw L3Errors.badFloatingipRequest(`Port ${port.id} has multiple fixed IPv4 addresses. Must provide a specific IPv4 address when assigning a floating IP`);
  return { port, fixedIp: v4[0]! };
}

/**
 * The association as recorded, inside the recording transaction: the router that connects the
 * port's subnet to the floating network, locked FOR SHARE so its gateway or that interface cannot
 * go while this commits (404 ExternalGatewayForFloatingIPNotFound when none does).
 */
export async function resolveAssociation(tx: StoreTransaction, floatingNetworkId: string, target: AssociationTarget): Promise<FloatingipAssociation> {
  const { rows } = await tx.query<{ router_id: string }>(
    `select r.id::text as router_id from routers r
       join router_gateways g on g.router_id = r.id and g.network_id = $1::uuid
      where exists (select 1 from router_interfaces i where i.router_id = r.id and i.subnet_ids @> array[$2::text])
      order by r.id limit 1 for share of r`,
    [floatingNetworkId, target.fixedIp.subnet_id],
  );
  const routerId = rows[0]?.router_id;
  if (!routerId) throw L3Errors.externalGatewayForFloatingIpNotFound(floatingNetworkId, target.fixedIp.subnet_id, target.port.id);
  const p = target.port;
  return {
    port_id: p.id, fixed_ip_address: target.fixedIp.ip_address, router_id: routerId,
    port_details: { name: p.name, network_id: p.network_id, mac_address: p.mac_address, admin_state_up: p.admin_state_up, status: p.status, device_id: p.device_id, device_owner: p.device_owner },
  };
}
