import type { RouterInterface } from '@muon/contracts';

/** A router as far as floating IP reachability is concerned. */
export interface RouterReach {
  id: string;
  gatewayNetworkId: string | null;
  interfaces: readonly RouterInterface[];
}

/**
 * The router through which a fixed IP on `subnetId` reaches `floatingNetworkId`: one with an
 * interface on the subnet and its gateway on that network (Neutron's
 * _get_router_for_floatingip). Null when none: ExternalGatewayForFloatingIPNotFound.
 */
export function routerForFloatingip(routers: readonly RouterReach[], floatingNetworkId: string, subnetId: string): string | null {
  const candidates = routers
    .filter((r) => r.gatewayNetworkId === floatingNetworkId && r.interfaces.some((i) => i.subnet_ids.includes(subnetId)))
    .map((r) => r.id)
    .sort();
  return candidates[0] ?? null;
}
