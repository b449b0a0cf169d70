import {
  AgentEventType, AgentType, HOST_STATE_ATTRIBUTES, IpamEventType,
  type Agent, type HostNetwork, type HostPort, type HostStateReply, type HostSubnet, type TunnelPeer,
} from '@muon/contracts';
import type { HostConfig, HostInputs } from './host-inputs.js';

/** What an event did to the world of a host. */
export interface WorldChange {
  /** Something the desired state depends on changed: reconcile. */
  changed: boolean;
  /** A port was bound here on a network this host does not know yet: fetch that network. */
  missingNetwork?: string;
}

const pick = <T>(doc: Record<string, unknown>, attributes: readonly string[]): T =>
  Object.fromEntries(attributes.filter((a) => a in doc).map((a) => [a, doc[a]])) as T;

/**
 * Same wiring: equal apart from the revision and the status (an agent's own status report changes
 * only those, and must not cause another pass).
 */
const sameContent = (a: { revision_number: number }, b: { revision_number: number }) =>
  JSON.stringify({ ...a, revision_number: 0, status: '' }) === JSON.stringify({ ...b, revision_number: 0, status: '' });

/**
 * The part of the control plane's state one host needs, kept from a snapshot and folded forward by
 * events (pure: no I/O). Events are hints that may arrive twice, late or out of order across
 * resources: a document replaces the one held only if its revision is not older, and a deleted id
 * stays deleted. Networks are kept when a port is bound here (the snapshot decides) or fetched on
 * demand; the others' events are ignored. A periodic fresh snapshot corrects anything missed.
 */
export class HostWorld {
  private networks = new Map<string, HostNetwork>();
  private subnets = new Map<string, HostSubnet>();
  private ports = new Map<string, HostPort>();
  private peers = new Map<string, TunnelPeer>();
  private deleted = new Set<string>();

  constructor(readonly host: string) {}

  /** Replaces everything with a full snapshot (all pages concatenated). */
  replaceAll(snapshot: Omit<HostStateReply, 'nextAfter'>): void {
    this.networks = new Map(snapshot.networks.map((n) => [n.id, n]));
    this.subnets = new Map(snapshot.subnets.map((s) => [s.id, s]));
    this.ports = new Map(snapshot.ports.map((p) => [p.id, p]));
    this.peers = new Map(snapshot.peers.map((p) => [p.host, p]));
    this.deleted.clear();
  }

  /** Adds (or refreshes) the networks of a partial snapshot, with their subnets and ports. */
  merge(snapshot: Omit<HostStateReply, 'nextAfter' | 'peers'>): void {
    for (const n of snapshot.networks) this.networks.set(n.id, n);
    for (const s of snapshot.subnets) this.subnets.set(s.id, s);
    for (const p of snapshot.ports) if (!this.deleted.has(p.id)) this.ports.set(p.id, p);
  }

  /** The status the control plane holds for each port bound to this host. */
  boundPortStatuses(): Map<string, string> {
    return new Map([...this.ports.values()].filter((p) => p['binding:host_id'] === this.host).map((p) => [p.id, p.status]));
  }

  knowsNetwork(id: string): boolean {
    return this.networks.has(id);
  }

  apply(type: string, data: Record<string, unknown>): WorldChange {
    switch (type) {
      case IpamEventType.networkCreated:
      case IpamEventType.networkUpdated: {
        const network = pick<HostNetwork>(data.network as Record<string, unknown>, HOST_STATE_ATTRIBUTES.networks);
        return { changed: this.networks.has(network.id) && this.upsert(this.networks, network) };
      }
      case IpamEventType.networkDeleted: {
        const id = (data.network as { id: string }).id;
        this.deleted.add(id);
        if (!this.networks.delete(id)) return { changed: false };
        for (const [k, s] of this.subnets) if (s.network_id === id) this.subnets.delete(k);
        for (const [k, p] of this.ports) if (p.network_id === id) this.ports.delete(k);
        return { changed: true };
      }
      case IpamEventType.subnetCreated:
      case IpamEventType.subnetUpdated: {
        const subnet = pick<HostSubnet>(data.subnet as Record<string, unknown>, HOST_STATE_ATTRIBUTES.subnets);
        return { changed: this.networks.has(subnet.network_id) && this.upsert(this.subnets, subnet) };
      }
      case IpamEventType.subnetDeleted:
        return { changed: this.remove(this.subnets, (data.subnet as { id: string }).id) };
      case IpamEventType.portCreated:
      case IpamEventType.portUpdated:
      case IpamEventType.portStatusChanged: {
        const port = pick<HostPort>(data.port as Record<string, unknown>, HOST_STATE_ATTRIBUTES.ports);
        if (this.networks.has(port.network_id)) return { changed: this.upsert(this.ports, port) };
        if (port['binding:host_id'] === this.host && !this.deleted.has(port.id)) return { changed: false, missingNetwork: port.network_id };
        return { changed: false };
      }
      case IpamEventType.portDeleted:
        return { changed: this.remove(this.ports, (data.port as { id: string }).id) };
      case AgentEventType.agentRegistered:
      case AgentEventType.agentUpdated:
      case AgentEventType.agentDeleted:
        return { changed: this.applyAgent(data.agent as Agent, type === AgentEventType.agentDeleted) };
      default:
        return { changed: false };
    }
  }

  /** The reconciler's inputs for this host. */
  inputs(config: HostConfig): HostInputs {
    return {
      config,
      networks: [...this.networks.values()],
      subnets: [...this.subnets.values()],
      ports: [...this.ports.values()],
      peers: [...this.peers.values()],
    };
  }

  get size(): { networks: number; subnets: number; ports: number; peers: number } {
    return { networks: this.networks.size, subnets: this.subnets.size, ports: this.ports.size, peers: this.peers.size };
  }

  private upsert<T extends { id: string; revision_number: number }>(map: Map<string, T>, doc: T): boolean {
    if (this.deleted.has(doc.id)) return false;
    const held = map.get(doc.id);
    if (held && held.revision_number > doc.revision_number) return false;
    map.set(doc.id, doc);
    return !held || !sameContent(held, doc);
  }

  private remove(map: Map<string, unknown>, id: string): boolean {
    this.deleted.add(id);
    return map.delete(id);
  }

  private applyAgent(agent: Agent, deleted: boolean): boolean {
    if (agent.agent_type !== AgentType.openvswitch || agent.host === this.host) return false;
    const tunnelIp = typeof agent.configurations.tunneling_ip === 'string' ? agent.configurations.tunneling_ip : '';
    const before = this.peers.get(agent.host);
    if (deleted || !agent.alive || !tunnelIp) return this.peers.delete(agent.host);
    this.peers.set(agent.host, { host: agent.host, tunnelIp });
    return before?.tunnelIp !== tunnelIp;
  }
}
