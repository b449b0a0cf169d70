import { formatIptablesTable, normaliseIptablesSave, type ActualRouterNamespace, type RouterRoute } from '@muon/agent-domain';
import type { RouterDriver } from '../drivers/router-driver.js';
import type { InMemoryHost } from './in-memory-host.js';

/** What iptables-save -t nat prints in a namespace where nothing was restored yet (nft backend). */
export const EMPTY_NAT_TABLE = formatIptablesTable({ name: 'nat', policies: {}, chains: [], rules: [] });

/** Router namespaces' forwarding, routes and nat table in memory. */
export class FakeRouterDriver implements RouterDriver {
  constructor(private readonly host: InMemoryHost) {}

  async read(namespaces: readonly string[]): Promise<ActualRouterNamespace[]> {
    return namespaces.filter((ns) => this.host.namespaces.has(ns)).map((ns) => structuredClone({ namespace: ns, ...this.state(ns) }));
  }

  async enableForwarding(namespace: string): Promise<void> {
    this.state(namespace).forwarding = true;
  }

  async setRoutes(namespace: string, routes: readonly RouterRoute[]): Promise<void> {
    this.state(namespace).routes = routes.map((r) => ({ ...r }));
  }

  async restoreIptables(namespace: string, rules: string): Promise<void> {
    const nat = normaliseIptablesSave(rules);
    if (!nat) throw new Error('iptables-restore: no nat table in the input');
    this.state(namespace).nat = nat;
  }

  private state(namespace: string): Omit<ActualRouterNamespace, 'namespace'> {
    if (!this.host.namespaces.has(namespace)) throw new Error(`Cannot open network namespace "${namespace}": No such file or directory`);
    let state = this.host.routerState.get(namespace);
    if (!state) this.host.routerState.set(namespace, state = { forwarding: false, routes: [], nat: EMPTY_NAT_TABLE });
    return state;
  }
}
