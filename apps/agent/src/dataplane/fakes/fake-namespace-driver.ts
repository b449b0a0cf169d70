import type { ActualNamespace } from '@muon/agent-domain';
import type { NamespaceDriver, VethSpec } from '../drivers/namespace-driver.js';
import type { InMemoryHost } from './in-memory-host.js';

/** Namespaces and veths in memory; `ip netns` in the embedded default without root. */
export class FakeNamespaceDriver implements NamespaceDriver {
  constructor(private readonly host: InMemoryHost) {}

  async list(prefixes: readonly string[]): Promise<ActualNamespace[]> {
    return [...this.host.namespaces].filter(([n]) => prefixes.some((p) => n.startsWith(p))).sort((a, b) => a[0].localeCompare(b[0]))
      .map(([name, ns]) => structuredClone({ name, netnsId: ns.netnsId, links: ns.links }));
  }

  async hostLinks(): Promise<string[]> {
    return [...this.host.hostLinks].sort();
  }

  async createNamespace(name: string): Promise<void> {
    if (!this.host.namespaces.has(name)) this.host.namespaces.set(name, { netnsId: `net:[${this.host.nextId()}]`, links: [] });
  }

  async deleteNamespace(name: string): Promise<void> {
    this.host.namespaces.delete(name);
    this.host.routerState.delete(name);
  }

  async createVeth(spec: VethSpec): Promise<void> {
    const ns = this.host.namespaces.get(spec.namespace);
    if (!ns) throw new Error(`Cannot find device: namespace ${spec.namespace} does not exist`);
    ns.links = ns.links.filter((l) => l.name !== spec.namespaceLink);
    ns.links.push({ name: spec.namespaceLink, mac: spec.mac, mtu: spec.mtu, up: true, addresses: [] });
    this.host.hostLinks.add(spec.hostLink);
  }

  async setAddresses(namespace: string, link: string, addresses: readonly string[], mtu: number): Promise<void> {
    const l = this.host.namespaces.get(namespace)?.links.find((x) => x.name === link);
    if (!l) throw new Error(`Cannot find device ${link} in ${namespace}`);
    Object.assign(l, { addresses: [...addresses], mtu, up: true });
  }

  /** Router legs have the same name at both ends, so the host end of the pair goes by that name too. */
  async deleteLink(namespace: string, link: string): Promise<void> {
    const ns = this.host.namespaces.get(namespace);
    if (ns) ns.links = ns.links.filter((l) => l.name !== link);
    this.host.hostLinks.delete(link);
  }
}
