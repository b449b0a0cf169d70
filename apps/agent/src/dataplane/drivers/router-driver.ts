import type { ActualRouterNamespace, RouterRoute } from '@muon/agent-domain';

/** What a router namespace holds beside its links: forwarding, routes and the nat table (Neutron's L3 agent). */
export interface RouterDriver {
  /** Forwarding flag, routes and normalised nat table of each of these namespaces; one that vanished meanwhile is left out. */
  read(namespaces: readonly string[]): Promise<ActualRouterNamespace[]>;
  /** net.ipv4.ip_forward=1 inside the namespace. */
  enableForwarding(namespace: string): Promise<void>;
  /** Exactly these routes in the namespace's main table, besides the kernel's routes to connected subnets. */
  setRoutes(namespace: string, routes: readonly RouterRoute[]): Promise<void>;
  /** `iptables-restore` without --noflush: the tables in `rules` are replaced whole. */
  restoreIptables(namespace: string, rules: string): Promise<void>;
}
