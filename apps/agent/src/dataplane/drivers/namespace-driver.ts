import type { ActualNamespace } from '@muon/agent-domain';

export interface VethSpec {
  hostLink: string;
  namespace: string;
  namespaceLink: string;
  mac: string;
  mtu: number;
}

/** Network namespaces and links: the host namespace (where ovs-vswitchd runs) and the agent's own. */
export interface NamespaceDriver {
  /** The namespaces whose names start with one of the prefixes, with their links and addresses. */
  list(prefixes: readonly string[]): Promise<ActualNamespace[]>;
  /** Link names in the host namespace. */
  hostLinks(): Promise<string[]>;
  createNamespace(name: string): Promise<void>;
  deleteNamespace(name: string): Promise<void>;
  /** A veth pair, the second end inside the namespace with `tx off`; existing links of these names are replaced. */
  createVeth(spec: VethSpec): Promise<void>;
  /** Exactly these addresses and this MTU on the link, which is brought up. */
  setAddresses(namespace: string, link: string, addresses: readonly string[], mtu: number): Promise<void>;
  /** Deletes a link in the namespace (a veth's peer goes with it); one already gone is fine. */
  deleteLink(namespace: string, link: string): Promise<void>;
}
