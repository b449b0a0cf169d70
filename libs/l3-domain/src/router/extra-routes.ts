import { L3Errors, type Route } from '@muon/contracts';
import { canonicalIpAddress, cidrContainsAddress, formatCidr, formatIpAddress, parseCidr, parseIpAddress, type Cidr } from '@muon/ipam-domain';

/** Neutron's max_routes default. */
export const MAX_ROUTES = 30;

/**
 * Extra routes as Neutron's extraroute checks them: each nexthop on a subnet the router is connected
 * to (an interface or its gateway) but not one of the router's own addresses, of the destination's
 * IP version; destinations normalised to their network form, nexthops to canonical text; duplicates
 * folded.
 */
export function validateRoutes(routerId: string, routes: readonly Route[], connectedCidrs: readonly string[], routerAddresses: readonly string[] = []): Route[] {
  if (routes.length > MAX_ROUTES) throw L3Errors.routesExhausted(routerId, MAX_ROUTES);
  const connected = connectedCidrs.map(parseCidr).filter((c): c is Cidr => c !== null);
  const own = new Set(routerAddresses.map(canonicalIpAddress).filter((a): a is string => a !== null));
  const seen = new Map<string, Route>();
  for (const route of routes) {
    const destination = parseCidr(route.destination);
    const nexthop = parseIpAddress(route.nexthop);
    if (!destination || !nexthop) throw L3Errors.invalidRoutes(routes, 'the route is not a valid destination and nexthop');
    if (destination.version !== nexthop.version) throw L3Errors.invalidRoutes(routes, 'the destination and nexthop IP versions differ');
    if (!connected.some((c) => cidrContainsAddress(c, nexthop))) {
      throw L3Errors.invalidRoutes(routes, `the nexthop is not connected with router`);
    }
    const hop = formatIpAddress(nexthop);
    if (own.has(hop)) throw L3Errors.invalidRoutes(routes, 'the nexthop is used by router');
    const normal = { destination: formatCidr(destination), nexthop: hop };
    seen.set(`${normal.destination} ${normal.nexthop}`, normal);
  }
  return [...seen.values()];
}

/** Routes whose nexthop lies in one of `cidrs` (an interface that is going away). */
export function routesThrough(routes: readonly Route[], cidrs: readonly string[]): Route[] {
  const parsed = cidrs.map(parseCidr).filter((c): c is Cidr => c !== null);
  return routes.filter((r) => {
    const hop = parseIpAddress(r.nexthop);
    return hop !== null && parsed.some((c) => cidrContainsAddress(c, hop));
  });
}
