import type { ActualHost } from '../actual/actual-host.js';
import type { DesiredHost } from '../desired/desired-host.types.js';
import type { ObservedPortStatus } from './port-status.js';

/**
 * A floating IP is ACTIVE when its address is on its router's gateway leg and the router's nat
 * table is the one rendered (so its DNAT and SNAT rules are in place); DOWN otherwise, and for the
 * floating IPs of routers scheduled here that are not served.
 */
export function observeFloatingIpStatuses(desired: DesiredHost, actual: ActualHost): Record<string, ObservedPortStatus> {
  const statuses: Record<string, ObservedPortStatus> = {};
  for (const router of desired.routers) {
    const gateway = router.legs.find((l) => l.kind === 'gateway');
    const link = gateway && actual.namespaces.find((n) => n.name === router.namespace)?.links.find((l) => l.name === gateway.name);
    const natInPlace = actual.routers.find((r) => r.namespace === router.namespace)?.nat === router.nat;
    for (const fip of router.floatingIps) {
      statuses[fip.id] = link?.up && link.addresses.includes(`${fip.address}/32`) && natInPlace ? 'ACTIVE' : 'DOWN';
    }
  }
  for (const id of desired.floatingIpsDown) statuses[id] = 'DOWN';
  return statuses;
}
