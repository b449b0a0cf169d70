import { ATTACHED_MAC, IFACE_ID, IFACE_STATUS, type ActualBridge, type ActualLink, type ActualRouterNamespace } from '@muon/agent-domain';
import { FakeDhcpDriver } from './fake-dhcp-driver.js';
import { FakeNamespaceDriver } from './fake-namespace-driver.js';
import { FakeOvsDriver } from './fake-ovs-driver.js';
import { FakeRouterDriver } from './fake-router-driver.js';

/** A dnsmasq as the fake runs it. */
export interface FakeDnsmasq {
  pid: number;
  args: string[];
  netnsId: string;
  reloads: number;
  /** The files as of its last start or reload. */
  loaded: { hosts: string; opts: string } | undefined;
}

/**
 * One simulated host, shared by the in-memory drivers: used by the embedded default when it
 * cannot run the real dataplane (not root, no OVS) and by unit tests of the reconciler. It also
 * offers the hand edits an operator might make, so tests can prove the agent repairs them.
 */
export class InMemoryHost {
  readonly ovsId = '5ca1ab1e-0000-4000-8000-000000000000';
  bridges: ActualBridge[] = [];
  /** bridge → flow lines as ovs-ofctl was given them */
  flows = new Map<string, string[]>();
  namespaces = new Map<string, { netnsId: string; links: ActualLink[] }>();
  hostLinks = new Set<string>();
  dhcpFiles = new Map<string, { hosts: string; opts: string }>();
  dnsmasq = new Map<string, FakeDnsmasq>();
  /** Router namespace → forwarding, routes, nat table (normalised). */
  routerState = new Map<string, Omit<ActualRouterNamespace, 'namespace'>>();
  private counter = 100;

  readonly ovs = new FakeOvsDriver(this);
  readonly netns = new FakeNamespaceDriver(this);
  readonly dhcp = new FakeDhcpDriver(this);
  readonly routers = new FakeRouterDriver(this);

  nextId(): number {
    return this.counter++;
  }

  // ---- what a compute driver or an operator does by hand ----

  /** Nova/os-vif: a VM's interface on br-int with iface-id and attached-mac. */
  plugVm(portId: string, mac: string, name: string, bridge = 'br-int'): void {
    this.hostLinks.add(name);
    this.ovs.addForeignPort(bridge, name, { [IFACE_ID]: portId, [ATTACHED_MAC]: mac, [IFACE_STATUS]: 'active' });
  }

  unplugVm(name: string): void {
    this.hostLinks.delete(name);
    this.ovs.removePort(name);
  }

  /** `ovs-vsctl del-port`. */
  deletePortByHand(name: string): void {
    this.ovs.removePort(name);
  }

  /** `ip netns del` while dnsmasq runs in it: the namespace lives on unnamed, and so do its veths. */
  deleteNamespaceByHand(name: string): void {
    this.namespaces.delete(name);
  }

  /** `iptables -t nat -D …` or a whole `iptables-restore` by hand in a router namespace: `edit` gets and returns the table. */
  editNatByHand(namespace: string, edit: (nat: string) => string): void {
    const state = this.routerState.get(namespace);
    if (state?.nat) state.nat = edit(state.nat);
  }

  killDnsmasq(networkId: string): void {
    this.dnsmasq.delete(networkId);
  }

  /** ovs-vswitchd restarted: OpenFlow tables are back to their defaults. */
  restartVswitchd(): void {
    for (const b of this.bridges) this.flows.set(b.name, b.failMode === 'secure' ? [] : ['priority=0,actions=NORMAL']);
    this.ovs.changed();
  }
}
