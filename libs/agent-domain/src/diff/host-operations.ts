import type { DesiredBridge, DesiredOvsPort, RouterRoute } from '../desired/desired-host.types.js';

/**
 * One step towards the desired state. Each is idempotent on its own (creating what exists
 * replaces it, deleting what is gone does nothing), so a pass interrupted half-way is simply
 * finished by the next one.
 */
export type HostOperation =
  | { kind: 'bridge.create'; bridge: DesiredBridge }
  | { kind: 'bridge.update'; bridge: DesiredBridge }
  | { kind: 'port.create'; port: DesiredOvsPort }
  | { kind: 'port.delete'; bridge: string; name: string; reason: string }
  /** Sets a port's tag and its whole other_config (tag undefined: untagged). */
  /** `protected` only for VM ports: true while in the dead VLAN, so dead ports cannot reach one another either. */
  | { kind: 'port.update'; name: string; tag: number | undefined; protected?: boolean; otherConfig: Record<string, string>; externalIds: Record<string, string> }
  | { kind: 'interface.update'; name: string; options: Record<string, string>; externalIds: Record<string, string> }
  | { kind: 'namespace.create'; namespace: string }
  | { kind: 'namespace.delete'; namespace: string }
  /** Creates a veth pair (replacing links of these names), the second end in the namespace, `tx off` on it. */
  | { kind: 'veth.create'; hostLink: string; namespace: string; namespaceLink: string; mac: string; mtu: number }
  /** Sets exactly these addresses and the MTU on a namespace link, and brings it up. */
  | { kind: 'addresses.set'; namespace: string; link: string; addresses: string[]; mtu: number }
  /** Deletes a link inside one of the agent's namespaces (a veth's peer goes with it). */
  | { kind: 'link.delete'; namespace: string; link: string }
  /** `iptables-restore` (without --noflush) of these whole tables inside a router namespace. */
  | { kind: 'router.nat'; namespace: string; rules: string }
  /** net.ipv4.ip_forward=1 inside a router namespace (never in the host's). */
  | { kind: 'router.forwarding'; namespace: string }
  /** Exactly these routes, besides the kernel's connected ones, in a router namespace's main table. */
  | { kind: 'router.routes'; namespace: string; routes: RouterRoute[] }
  /** Stops the network's dnsmasq (by its pid file) and removes its files. */
  | { kind: 'dhcp.stop'; networkId: string }
  | { kind: 'dhcp.files'; networkId: string; files: { hosts: string; opts: string } }
  /** (Re)starts dnsmasq in the namespace; a running one is stopped first. */
  | { kind: 'dhcp.start'; networkId: string; namespace: string; args: string[]; reason: string }
  /** SIGHUP: dnsmasq re-reads its hosts and options files. */
  | { kind: 'dhcp.reload'; networkId: string }
  /** `ovs-ofctl --bundle replace-flows`: the whole table, atomically. */
  | { kind: 'flows.replace'; bridge: string; cookie: string; flows: string[] };

export type HostOperationKind = HostOperation['kind'];

/**
 * The order a pass applies operations in: tear down first (a restarted dnsmasq must release its
 * interface, a stale port its name), then namespaces and veths before the OVS ports that open
 * them; a router's NAT before it forwards, and its routes once its legs have their addresses;
 * then dnsmasq, and flows last because they name the ofports vswitchd just assigned.
 */
export const OPERATION_ORDER: readonly HostOperationKind[] = [
  'dhcp.stop', 'port.delete', 'link.delete', 'namespace.delete',
  'namespace.create', 'veth.create', 'addresses.set',
  'router.nat', 'router.forwarding', 'router.routes',
  'bridge.create', 'bridge.update', 'port.create', 'port.update', 'interface.update',
  'dhcp.files', 'dhcp.start', 'dhcp.reload',
  'flows.replace',
];

export function sortOperations(ops: readonly HostOperation[]): HostOperation[] {
  const rank = new Map(OPERATION_ORDER.map((k, i) => [k, i]));
  return ops.map((op, i) => ({ op, i })).sort((a, b) => rank.get(a.op.kind)! - rank.get(b.op.kind)! || a.i - b.i).map((x) => x.op);
}

/** A one-line description for logs. */
export function describeOperation(op: HostOperation): string {
  switch (op.kind) {
    case 'bridge.create': case 'bridge.update': return `${op.kind} ${op.bridge.name}`;
    case 'port.create': return `port.create ${op.port.bridge}/${op.port.name}${op.port.tag !== undefined ? ` tag=${op.port.tag}` : ''}`;
    case 'port.delete': return `port.delete ${op.bridge}/${op.name} (${op.reason})`;
    case 'port.update': return `port.update ${op.name} tag=${op.tag ?? '[]'}`;
    case 'interface.update': return `interface.update ${op.name}`;
    case 'namespace.create': case 'namespace.delete': return `${op.kind} ${op.namespace}`;
    case 'veth.create': return `veth.create ${op.hostLink} <-> ${op.namespace}/${op.namespaceLink}`;
    case 'addresses.set': return `addresses.set ${op.namespace}/${op.link} ${op.addresses.join(' ')}`;
    case 'link.delete': return `link.delete ${op.namespace}/${op.link}`;
    case 'router.nat': return `router.nat ${op.namespace} (${op.rules.split('\n').filter((l) => l.startsWith('-A ')).length} rules)`;
    case 'router.forwarding': return `router.forwarding ${op.namespace}`;
    case 'router.routes': return `router.routes ${op.namespace} ${op.routes.map((r) => `${r.destination} via ${r.nexthop}`).join(', ') || '(none)'}`;
    case 'dhcp.start': return `dhcp.start ${op.networkId} (${op.reason})`;
    case 'dhcp.stop': case 'dhcp.files': case 'dhcp.reload': return `${op.kind} ${op.networkId}`;
    case 'flows.replace': return `flows.replace ${op.bridge} (${op.flows.length} flows, cookie ${op.cookie})`;
  }
}
