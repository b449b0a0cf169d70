import {
  describeOperation, desiredHostState, diffHost, existingLocalVlans, isRouterNamespace, managedFlowBridges, observeFloatingIpStatuses, observePortStatuses,
  ownedNamespacePrefixes,
  type ActualHost, type ActualNamespace, type ActualRouterNamespace, type DesiredHost, type HostConfig, type HostInputs, type HostOperation,
  type ObservedPortStatus, type WiringProblem,
} from '@muon/agent-domain';
import type { DhcpDriver } from '../drivers/dhcp-driver.js';
import type { NamespaceDriver } from '../drivers/namespace-driver.js';
import { isOvsOperation, type OvsDriver, type OvsOperation } from '../drivers/ovs-driver.js';
import type { RouterDriver } from '../drivers/router-driver.js';

export interface DataplaneDrivers {
  ovs: OvsDriver;
  namespaces: NamespaceDriver;
  dhcp: DhcpDriver;
  routers: RouterDriver;
}

export interface PassReport {
  operations: HostOperation[];
  errors: { operation: string; message: string }[];
  readMs: number;
  applyMs: number;
}

export interface ReconcileReport {
  passes: PassReport[];
  /** Operations applied over all passes. */
  operationCount: number;
  /** True when the last pass found nothing to do. */
  converged: boolean;
  durationMs: number;
  problems: WiringProblem[];
  /** Status of each port bound here, as observed after the last pass. */
  portStatuses: Record<string, ObservedPortStatus>;
  /** Status of each floating IP of the routers scheduled here, as observed after the last pass. */
  floatingipStatuses: Record<string, ObservedPortStatus>;
}

const now = () => performance.now();
/** How often the periodic refresh re-reads every router namespace (a full read at start or after an error always does). */
const ROUTER_STATE_REFRESH_MS = 60_000;
type ActualCache = Partial<Pick<ActualHost, 'namespaces' | 'hostLinks'>> & { flows: ActualHost['flows']; routers: Map<string, ActualRouterNamespace> };
const emptyCache = (): ActualCache => ({ flows: {}, routers: new Map() });

/**
 * Level-based: each pass reads the actual state, computes desired and diff with the pure domain,
 * and applies the operations through the drivers. Passes repeat until one finds nothing to do
 * (flows are rendered against the ofports that the previous pass's ports received), so a full
 * resync and a small change are the same code, and a pass over a correct host changes nothing.
 */
export class Reconciler {
  /**
   * What only this agent changes — namespaces, host links, flow tables, router namespaces'
   * forwarding, routes and NAT — as last read. A hint pass (a binding, a plug) reuses it and so
   * starts no process; a full read (start, a retry) or `refreshCache` (the periodic resync) renews
   * it and so catches hand edits; applying an operation that touches one of these parts drops that
   * part (for a router, that namespace only), so the next pass reads it again.
   */
  private cache: ActualCache = emptyCache();
  /** Passes that applied something; a background read that overlaps one is discarded. */
  private applied = 0;
  /** When refreshCache last re-read every router namespace. */
  private routersReadAt = 0;

  constructor(private readonly drivers: DataplaneDrivers, private readonly config: HostConfig, private readonly log: (line: string) => void = () => {}) {}

  async readActual(desiredFlowBridges: readonly string[], full = true): Promise<ActualHost> {
    const cached = full ? emptyCache() : this.cache;
    const missingFlows = desiredFlowBridges.filter((b) => !(b in cached.flows));
    const [ovs, { namespaces, routers }, hostLinks, dhcp, readFlows] = await Promise.all([
      this.drivers.ovs.readOvs(),
      this.readNamespaces(cached.namespaces, cached.routers),
      cached.hostLinks ?? this.drivers.namespaces.hostLinks(),
      this.drivers.dhcp.read(),
      missingFlows.length > 0 ? this.drivers.ovs.readFlows(missingFlows) : {},
    ]);
    const flows = { ...Object.fromEntries(desiredFlowBridges.filter((b) => b in cached.flows).map((b) => [b, cached.flows[b]!])), ...readFlows };
    this.cache = { namespaces, hostLinks, flows, routers: new Map(routers.map((r) => [r.namespace, r])) };
    return { ovs, namespaces, hostLinks, dhcp, flows, routers };
  }

  /** The agent's namespaces, then the router state of those that are routers' (one process each, only for those not cached). */
  private async readNamespaces(cachedNamespaces: ActualNamespace[] | undefined, cachedRouters: ReadonlyMap<string, ActualRouterNamespace>): Promise<{ namespaces: ActualNamespace[]; routers: ActualRouterNamespace[] }> {
    const namespaces = cachedNamespaces ?? await this.drivers.namespaces.list(ownedNamespacePrefixes(this.config));
    const routerNamespaces = namespaces.map((n) => n.name).filter((n) => isRouterNamespace(this.config, n));
    const missing = routerNamespaces.filter((n) => !cachedRouters.has(n));
    const read = new Map((missing.length > 0 ? await this.drivers.routers.read(missing) : []).map((r) => [r.namespace, r]));
    const routers = routerNamespaces.map((n) => cachedRouters.get(n) ?? read.get(n)).filter((r) => r !== undefined);
    return { namespaces, routers };
  }

  /**
   * Re-reads namespaces, links and flow tables beside the passes, so a binding never waits behind
   * the periodic resync's processes. A result that an operation applied meanwhile may have made
   * stale is dropped (the next full read or refresh tries again).
   */
  async refreshCache(): Promise<void> {
    const started = this.applied;
    // Router namespaces cost processes each (addresses, routes, NAT): re-read them only every
    // ROUTER_STATE_REFRESH_MS, so an idle agent with many routers stays idle; in between, the
    // cached ones of namespaces that still exist are kept (operations drop what they touch).
    const readRouters = Date.now() - this.routersReadAt >= ROUTER_STATE_REFRESH_MS;
    if (readRouters) this.routersReadAt = Date.now();
    const [{ namespaces, routers }, hostLinks, flows] = await Promise.all([
      this.readNamespaces(undefined, readRouters ? new Map() : this.cache.routers),
      this.drivers.namespaces.hostLinks(),
      this.drivers.ovs.readFlows(managedFlowBridges(this.config)),
    ]);
    if (this.applied === started) this.cache = { namespaces, hostLinks, flows, routers: new Map(routers.map((r) => [r.namespace, r])) };
  }

  /** Computes what a pass would do, without doing it. */
  async plan(inputs: HostInputs, fullRead = true): Promise<{ desired: DesiredHost; actual: ActualHost; operations: HostOperation[] }> {
    const actual = await this.readActual(managedFlowBridges(this.config), fullRead);
    const desired = desiredHostState(inputs, existingLocalVlans(actual.ovs, 'br-int'));
    return { desired, actual, operations: diffHost(desired, actual, ownedNamespacePrefixes(this.config)) };
  }

  /** `fullRead: false` trusts the cached namespaces, links and flows for the first pass (a hint, not a resync). */
  async reconcile(inputs: HostInputs, maxPasses = 5, opts: { fullRead?: boolean } = {}): Promise<ReconcileReport> {
    const started = now();
    const passes: PassReport[] = [];
    let last: { desired: DesiredHost; actual: ActualHost } | undefined;
    for (let i = 0; i < maxPasses; i++) {
      const t0 = now();
      const { desired, actual, operations } = await this.plan(inputs, i === 0 ? opts.fullRead ?? true : false);
      last = { desired, actual };
      const t1 = now();
      const errors = await this.apply(operations);
      this.forgetWhatChanged(operations, errors.length > 0);
      passes.push({ operations, errors, readMs: t1 - t0, applyMs: now() - t1 });
      if (operations.length === 0 || errors.length > 0) break;
    }
    const final = passes[passes.length - 1]!;
    // Statuses describe the host after the last pass; re-read unless that pass changed nothing.
    const observed = final.operations.length === 0 ? last!.actual : await this.readActual(managedFlowBridges(this.config), false);
    return {
      passes,
      operationCount: passes.reduce((n, p) => n + p.operations.length, 0),
      converged: final.operations.length === 0,
      durationMs: now() - started,
      problems: last!.desired.problems,
      portStatuses: observePortStatuses(last!.desired, observed),
      floatingipStatuses: observeFloatingIpStatuses(last!.desired, observed),
    };
  }

  private forgetWhatChanged(operations: readonly HostOperation[], failed: boolean): void {
    if (operations.length > 0) this.applied++;
    if (failed) {
      this.cache = emptyCache();
      return;
    }
    if (operations.some((op) => op.kind.startsWith('namespace.') || op.kind === 'addresses.set' || op.kind === 'link.delete' || op.kind === 'veth.create')) {
      this.cache.namespaces = undefined;
    }
    if (operations.some((op) => op.kind === 'veth.create' || op.kind === 'link.delete' || op.kind === 'port.create' || op.kind === 'port.delete' || op.kind.startsWith('bridge.'))) {
      this.cache.hostLinks = undefined;
    }
    for (const op of operations) {
      if (op.kind === 'flows.replace') delete this.cache.flows[op.bridge];
      // Links and addresses carry routes with them; router.* change the rest of what is read from a router namespace.
      if ('namespace' in op) this.cache.routers.delete(op.namespace);
    }
  }

  /**
   * Applies operations in their order; consecutive OVS operations share one transaction (port
   * deletions get their own, so a name freed can be taken again). A failing step is recorded and
   * the rest still tried: they are mostly independent, and the next pass retries what failed.
   */
  private async apply(operations: readonly HostOperation[]): Promise<{ operation: string; message: string }[]> {
    const errors: { operation: string; message: string }[] = [];
    const attempt = async (label: string, fn: () => Promise<void>) => {
      const t0 = now();
      try {
        await fn();
        this.log(`${label} (${Math.round(now() - t0)} ms)`);
      } catch (err) {
        errors.push({ operation: label, message: (err as Error).message });
        this.log(`FAILED ${label} (${Math.round(now() - t0)} ms): ${(err as Error).message}`);
      }
    };
    let batch: OvsOperation[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const ops = batch;
      batch = [];
      await attempt(ops.map(describeOperation).join('; '), () => this.drivers.ovs.apply(ops));
    };
    for (const op of operations) {
      if (isOvsOperation(op)) {
        if (batch.length > 0 && (op.kind === 'port.delete') !== (batch[0]!.kind === 'port.delete')) await flush();
        batch.push(op);
        continue;
      }
      await flush();
      await attempt(describeOperation(op), () => this.applyOne(op));
    }
    await flush();
    return errors;
  }

  private applyOne(op: Exclude<HostOperation, OvsOperation>): Promise<void> {
    const { namespaces, dhcp, ovs, routers } = this.drivers;
    switch (op.kind) {
      case 'namespace.create': return namespaces.createNamespace(op.namespace);
      case 'namespace.delete': return namespaces.deleteNamespace(op.namespace);
      case 'veth.create': return namespaces.createVeth(op);
      case 'addresses.set': return namespaces.setAddresses(op.namespace, op.link, op.addresses, op.mtu);
      case 'link.delete': return namespaces.deleteLink(op.namespace, op.link);
      case 'router.nat': return routers.restoreIptables(op.namespace, op.rules);
      case 'router.forwarding': return routers.enableForwarding(op.namespace);
      case 'router.routes': return routers.setRoutes(op.namespace, op.routes);
      case 'dhcp.stop': return dhcp.stop(op.networkId);
      case 'dhcp.files': return dhcp.writeFiles(op.networkId, op.files);
      case 'dhcp.start': return dhcp.start(op.networkId, op.namespace, op.args);
      case 'dhcp.reload': return dhcp.reload(op.networkId);
      case 'flows.replace': return ovs.replaceFlows(op.bridge, op.flows);
    }
  }
}
