import { DeliverPolicy, jetstream, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  AgentSubjects, AgentType, IpamEventType, agentServiceContext,
  type HeartbeatReply, type HostStateReply, type HostStateRequest, type PortStatusReport, type PortStatusReportReply,
  type RegisterAgents, type RegisterAgentsReply,
} from '@muon/contracts';
import { HostRouters } from './host-routers.js';
import { HostWorld, statusChanges, type HostConfig, type ObservedPortStatus } from '@muon/agent-domain';
import type { RpcClient } from '@muon/messaging';
import type { DesiredStateStore } from '../dataplane/desired-state-store.js';
import type { ReconcileReport } from '../dataplane/reconciler/reconciler.js';

export interface ControlPlaneSyncOptions {
  nc: NatsConnection;
  rpc: RpcClient;
  hostConfig: HostConfig;
  registration: Omit<RegisterAgents, 'host' | 'startedAt'>;
  desired: DesiredStateStore;
  eventStream: string;
  eventSubjectRoot: string;
  /** A fresh snapshot at least this often, whatever the events said. */
  resyncMs: number;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void };
}

/** Statuses per report message (a report is one owner transaction). */
const REPORT_BATCH = 200;
const VIF_DETAILS = (datapathType: string) => ({
  bridge_name: 'br-int', datapath_type: datapathType, port_filter: false, ovs_hybrid_plug: false, connectivity: 'l2',
});

/**
 * The agent's side of the control-plane contract (apps/agent/README.md): register and heartbeat;
 * keep this host's world from a snapshot plus the event stream (a JetStream ordered consumer that is
 * opened before the snapshot is read, so nothing falls between them); hand the world to the
 * dataplane as its desired state; report the port statuses each reconcile pass observes.
 */
export class ControlPlaneSync {
  private readonly world: HostWorld;
  private readonly startedAt = new Date().toISOString();
  private readonly accepted = new Map<string, ObservedPortStatus>();
  private messages: ConsumerMessages | undefined;
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private synced = false;
  private convergedSinceSync = false;
  /** Every change to the world (an event, a snapshot) runs in this one queue, in arrival order. */
  private queue: Promise<void> = Promise.resolve();
  private reporting: Promise<void> = Promise.resolve();
  private lastObserved: Record<string, ObservedPortStatus> = {};
  /** The routers scheduled here, when this host runs an L3 agent. */
  private readonly routers: HostRouters | undefined;

  constructor(private readonly o: ControlPlaneSyncOptions) {
    this.world = new HostWorld(o.hostConfig.host);
    if (o.registration.agentTypes.includes(AgentType.l3)) {
      this.routers = new HostRouters({ rpc: o.rpc, host: o.hostConfig.host, log: o.log, onChange: () => this.publish() });
    }
  }

  /** The host matches the control plane: a snapshot was read and a reconcile pass over it converged. */
  get isConverged(): boolean {
    return this.convergedSinceSync;
  }

  async start(): Promise<void> {
    const { reportIntervalMs } = await this.retry('register', () => this.register());
    await this.retry('subscribe to events', () => this.subscribe());
    await this.retry('read host snapshot', () => this.serial(() => this.fullSync()));
    this.timers.push(setInterval(() => void this.heartbeat(), reportIntervalMs));
    this.timers.push(setInterval(() => void this.serial(() => this.fullSync()).catch((err) => this.o.log.warn({ err: (err as Error).message }, 'periodic snapshot failed')), this.o.resyncMs));
    for (const t of this.timers) t.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await this.messages?.close();
    await this.reporting;
  }

  /** Called with every reconcile report: sends the statuses that changed. */
  onReport(report: ReconcileReport): void {
    if (this.synced && report.converged) this.convergedSinceSync = true;
    this.lastObserved = report.portStatuses;
    this.scheduleReport();
    this.routers?.observed(report.floatingipStatuses);
  }

  private scheduleReport(): void {
    this.reporting = this.reporting.then(() => this.reportStatuses()).catch((err) => {
      this.o.log.warn({ err: (err as Error).message }, 'port status report failed; will resend');
    });
  }

  private async register(): Promise<RegisterAgentsReply> {
    const reply = await this.o.rpc.request<RegisterAgentsReply>(AgentSubjects.register, {
      commandId: crypto.randomUUID(), context: agentServiceContext(this.o.hostConfig.host),
      body: { ...this.o.registration, host: this.o.hostConfig.host, startedAt: this.startedAt } satisfies RegisterAgents,
    });
    this.o.log.info({ agents: reply.agents.map((a) => `${a.agent_type} ${a.id}`) }, 'registered');
    return reply;
  }

  private async heartbeat(): Promise<void> {
    try {
      const reply = await this.o.rpc.request<HeartbeatReply>(AgentSubjects.heartbeat, { host: this.o.hostConfig.host });
      if (!reply.registered) await this.register();
    } catch (err) {
      this.o.log.warn({ err: (err as Error).message }, 'heartbeat failed');
    }
  }

  private async subscribe(): Promise<void> {
    const consumer = await jetstream(this.o.nc).consumers.get(this.o.eventStream, {
      // One subject as a string: Debian's nats-server (2.9) knows only the single filter_subject.
      // Every context's events: ipam's shape the world, l3's say which routers to re-read.
      filter_subjects: this.routers ? `${this.o.eventSubjectRoot}.>` : `${this.o.eventSubjectRoot}.ipam.>`, deliver_policy: DeliverPolicy.New,
    });
    this.messages = await consumer.consume();
    void (async () => {
      for await (const m of this.messages!) {
        try {
          const envelope = m.json<{ type: string; data: Record<string, unknown> }>();
          await this.serial(() => this.applyEvent(envelope.type, envelope.data));
        } catch (err) {
          this.o.log.warn({ err: (err as Error).message }, 'event not applied; the next snapshot will correct');
        }
      }
    })();
  }

  private async applyEvent(type: string, data: Record<string, unknown>): Promise<void> {
    if (!this.synced) return; // the first snapshot, read after this event was committed, holds it
    if (type.startsWith('l3.')) {
      this.routers?.onEvent(type, data);
      return;
    }
    const change = this.world.apply(type, data);
    const port = data.port as { id: string; status: string; 'binding:host_id': string } | undefined;
    if (port && type !== IpamEventType.portDeleted && port['binding:host_id'] === this.o.hostConfig.host) this.learnAccepted(port.id, port.status);
    if (change.missingNetwork && !this.world.knowsNetwork(change.missingNetwork)) {
      this.world.merge(await this.snapshot({ networkIds: [change.missingNetwork] }));
      this.publish();
    } else if (change.changed) {
      this.publish();
    }
  }

  /**
   * Replaces the world with a fresh snapshot. The consumer was opened first, so events committed
   * after the snapshot was read wait in the queue behind it and are folded in next (an event the
   * snapshot already holds is an older or equal revision: no change).
   */
  private async fullSync(): Promise<void> {
    if (this.stopped) return;
    const [snapshot] = await Promise.all([this.snapshot({}), this.routers?.refresh()]);
    this.world.replaceAll(snapshot);
    this.synced = true;
    // What the control plane already holds need not be reported again (a restart re-reports nothing that is right).
    for (const [id, status] of this.world.boundPortStatuses()) this.learnAccepted(id, status);
    this.publish();
  }

  /** The control plane's view of a port's status; a difference from what the dataplane shows is reported. */
  private learnAccepted(id: string, status: string): void {
    if (status !== 'ACTIVE' && status !== 'DOWN') return;
    if (this.accepted.get(id) === status) return;
    this.accepted.set(id, status);
    if (id in this.lastObserved && this.lastObserved[id] !== status) this.scheduleReport();
  }

  private serial(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async snapshot(scope: Pick<HostStateRequest, 'networkIds'>): Promise<Omit<HostStateReply, 'nextAfter'>> {
    const all: HostStateReply = { networks: [], subnets: [], ports: [], peers: [], nextAfter: null };
    let after: string | undefined;
    do {
      const page = await this.o.rpc.request<HostStateReply>(AgentSubjects.hostState, { host: this.o.hostConfig.host, ...scope, ...(after ? { after } : {}) });
      all.networks.push(...page.networks);
      all.subnets.push(...page.subnets);
      all.peers.push(...page.peers);
      all.ports.push(...page.ports);
      after = page.nextAfter ?? undefined;
    } while (after);
    return all;
  }

  private publish(): void {
    // Nothing before the first snapshot is in: routers read first, without their ports, would tear
    // down a correct host on restart.
    if (!this.synced) return;
    this.o.desired.set({ ...this.world.inputs(this.o.hostConfig), ...(this.routers ? { routers: this.routers.current } : {}) });
  }

  private async reportStatuses(): Promise<void> {
    const changes = statusChanges(this.accepted, this.lastObserved);
    for (let i = 0; i < changes.length; i += REPORT_BATCH) {
      const batch = changes.slice(i, i + REPORT_BATCH);
      const body: PortStatusReport = {
        host: this.o.hostConfig.host,
        ports: batch.map((c) => ({ id: c.id, status: c.status, vif_type: 'ovs', vif_details: VIF_DETAILS(this.o.hostConfig.datapathType) })),
      };
      await this.o.rpc.request<PortStatusReportReply>(AgentSubjects.reportStatus, { commandId: crypto.randomUUID(), context: agentServiceContext(this.o.hostConfig.host), body });
      for (const c of batch) this.accepted.set(c.id, c.status);
    }
  }

  private async retry<T>(what: string, fn: () => Promise<T>): Promise<T> {
    for (let delay = 200; ; delay = Math.min(delay * 2, 5000)) {
      try {
        return await fn();
      } catch (err) {
        if (this.stopped) throw err;
        this.o.log.warn({ err: (err as Error).message }, `${what} failed; retrying`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
