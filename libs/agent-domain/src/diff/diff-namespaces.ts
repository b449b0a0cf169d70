import type { ActualHost } from '../actual/actual-host.js';
import type { DesiredHost } from '../desired/desired-host.types.js';
import type { HostOperation } from './host-operations.js';

export interface NamespaceDiff {
  operations: HostOperation[];
  /** Networks whose DHCP leg is (re)created in this pass: their dnsmasq must restart on it. */
  recreatedLegs: Set<string>;
  /** Namespaces created in this pass. */
  createdNamespaces: Set<string>;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** Namespaces the agent owns (`<prefix>qdhcp-…`, `<prefix>qrouter-…`: the unwanted ones go), and each DHCP leg: the veth pair and its addresses. */
export function diffNamespaces(desired: DesiredHost, actual: ActualHost, ownedPrefixes: readonly string[]): NamespaceDiff {
  const operations: HostOperation[] = [];
  const recreatedLegs = new Set<string>();
  const createdNamespaces = new Set<string>();
  const wanted = new Set([...desired.dhcpServers.map((s) => s.namespace), ...desired.routers.map((r) => r.namespace)]);
  const hostLinks = new Set(actual.hostLinks);

  for (const ns of actual.namespaces) {
    if (!wanted.has(ns.name) && ownedPrefixes.some((p) => ns.name.startsWith(p))) operations.push({ kind: 'namespace.delete', namespace: ns.name });
  }
  for (const server of desired.dhcpServers) {
    const ns = actual.namespaces.find((n) => n.name === server.namespace);
    if (!ns) {
      operations.push({ kind: 'namespace.create', namespace: server.namespace });
      createdNamespaces.add(server.namespace);
    }
    const link = ns?.links.find((l) => l.name === server.namespaceLink);
    if (!link || !hostLinks.has(server.tapName) || link.mac.toLowerCase() !== server.mac) {
      operations.push({ kind: 'veth.create', hostLink: server.tapName, namespace: server.namespace, namespaceLink: server.namespaceLink, mac: server.mac, mtu: server.mtu });
      operations.push({ kind: 'addresses.set', namespace: server.namespace, link: server.namespaceLink, addresses: server.addresses, mtu: server.mtu });
      recreatedLegs.add(server.networkId);
    } else if (!link.up || link.mtu !== server.mtu || !sameSet(link.addresses, server.addresses)) {
      operations.push({ kind: 'addresses.set', namespace: server.namespace, link: server.namespaceLink, addresses: server.addresses, mtu: server.mtu });
    }
  }
  return { operations, recreatedLegs, createdNamespaces };
}
