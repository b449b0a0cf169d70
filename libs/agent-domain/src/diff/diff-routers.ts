import type { ActualHost, ActualRoute } from '../actual/actual-host.js';
import type { DesiredHost, RouterRoute } from '../desired/desired-host.types.js';
import type { HostOperation } from './host-operations.js';

export interface RouterDiff {
  operations: HostOperation[];
  /** Host ends of router legs (re)created in this pass: their OVS ports must be replaced too. */
  recreatedLinks: Set<string>;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
const routeKey = (r: RouterRoute | ActualRoute) => `${r.destination} via ${r.nexthop ?? '-'}`;

/**
 * Each router served here: its namespace (deleting unwanted ones is diffNamespaces' job), a veth
 * per leg with the same name at both ends, exactly the wanted links inside, forwarding on, the
 * routes and the nat table. The table is compared as text with what iptables-save read back, so
 * it is written only when it differs; a namespace or leg created in this pass gets its routes
 * (they went with the old links) and NAT without waiting for the next read.
 */
export function diffRouters(desired: DesiredHost, actual: ActualHost): RouterDiff {
  const operations: HostOperation[] = [];
  const recreatedLinks = new Set<string>();
  const hostLinks = new Set(actual.hostLinks);

  for (const router of desired.routers) {
    const ns = actual.namespaces.find((n) => n.name === router.namespace);
    if (!ns) operations.push({ kind: 'namespace.create', namespace: router.namespace });
    let recreated = !ns;
    for (const leg of router.legs) {
      const link = ns?.links.find((l) => l.name === leg.name);
      if (!link || !hostLinks.has(leg.name) || link.mac.toLowerCase() !== leg.mac) {
        operations.push({ kind: 'veth.create', hostLink: leg.name, namespace: router.namespace, namespaceLink: leg.name, mac: leg.mac, mtu: leg.mtu });
        operations.push({ kind: 'addresses.set', namespace: router.namespace, link: leg.name, addresses: leg.addresses, mtu: leg.mtu });
        recreatedLinks.add(leg.name);
        recreated = true;
      } else if (!link.up || link.mtu !== leg.mtu || !sameSet(link.addresses, leg.addresses)) {
        operations.push({ kind: 'addresses.set', namespace: router.namespace, link: leg.name, addresses: leg.addresses, mtu: leg.mtu });
      }
    }
    const wantedLinks = new Set(router.legs.map((l) => l.name));
    for (const link of ns?.links ?? []) {
      if (!wantedLinks.has(link.name)) operations.push({ kind: 'link.delete', namespace: router.namespace, link: link.name });
    }

    const state = ns ? actual.routers.find((r) => r.namespace === router.namespace) : undefined;
    if (!ns || state?.nat !== router.nat) operations.push({ kind: 'router.nat', namespace: router.namespace, rules: router.nat });
    if (!state?.forwarding) operations.push({ kind: 'router.forwarding', namespace: router.namespace });
    if (recreated || !state || !sameSet(state.routes.map(routeKey), router.routes.map(routeKey))) {
      operations.push({ kind: 'router.routes', namespace: router.namespace, routes: router.routes });
    }
  }
  return { operations, recreatedLinks };
}
