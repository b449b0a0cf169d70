import {
  L3AgentSubjects, L3EventType, agentServiceContext,
  type FloatingipStatusReport, type HostRouter, type HostRoutersReply,
} from '@muon/contracts';
import { statusChanges, type ObservedPortStatus } from '@muon/agent-domain';
import type { RpcClient } from '@muon/messaging';

export interface HostRoutersOptions {
  rpc: RpcClient;
  host: string;
  log: { warn(o: object, m: string): void };
  /** The set of routers changed: the desired state must be published again. */
  onChange: () => void;
}

const REPORT_BATCH = 200;

/**
 * The L3 agent's view of the routers the l3 service scheduled to this host. Routers are few and
 * small, so an l3 event that touches one of them (or schedules one here) re-reads them all from
 * `muon.qry.l3.host-routers.get` — coalesced, so a burst of events costs one query. Floating IP
 * statuses the dataplane observes are reported when they differ from what l3 holds.
 */
export class HostRouters {
  private routers: HostRouter[] = [];
  private readonly accepted = new Map<string, ObservedPortStatus>();
  private observedStatuses: Record<string, ObservedPortStatus> = {};
  private refreshing: Promise<void> | undefined;
  private again = false;
  private reporting: Promise<void> = Promise.resolve();

  constructor(private readonly o: HostRoutersOptions) {}

  get current(): HostRouter[] {
    return this.routers;
  }

  /** Re-reads the routers (a second call while one runs makes it run once more afterwards). */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        do {
          this.again = false;
          const reply = await this.o.rpc.request<HostRoutersReply>(L3AgentSubjects.hostRouters, { host: this.o.host });
          const changed = JSON.stringify(withoutStatus(reply.routers)) !== JSON.stringify(withoutStatus(this.routers));
          this.routers = reply.routers;
          for (const fip of reply.routers.flatMap((r) => r.floatingips)) this.learnAccepted(fip.id, fip.status);
          if (changed) this.o.onChange();
        } while (this.again);
      } finally {
        // Cleared in the same turn as the last `again` check: an event arriving after it starts a
        // new read instead of being folded into one that already ended (a .finally() callback would
        // run a microtask later and lose it).
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** An l3 event: re-read when it concerns a router here or schedules one here. */
  onEvent(type: string, data: Record<string, unknown>): void {
    if (!this.concerns(type, data)) return;
    void this.refresh().catch((err) => this.o.log.warn({ err: (err as Error).message }, 'reading this host\'s routers failed; the next snapshot will correct'));
  }

  /** Floating IP statuses after a reconcile pass: report what differs from l3's view. */
  observed(statuses: Record<string, ObservedPortStatus> | undefined): void {
    if (!statuses) return;
    this.observedStatuses = statuses;
    this.reporting = this.reporting.then(() => this.report()).catch((err) => {
      this.o.log.warn({ err: (err as Error).message }, 'floating IP status report failed; will resend');
    });
  }

  private concerns(type: string, data: Record<string, unknown>): boolean {
    const held = new Set(this.routers.map((r) => r.id));
    if (type === L3EventType.routerScheduled) {
      return data.host === this.o.host || data.previous_host === this.o.host || held.has((data.router as { id: string }).id);
    }
    if (type.startsWith('l3.router.')) return held.has((data.router as { id: string }).id);
    if (type.startsWith('l3.floatingip.')) {
      const fip = data.floatingip as { id: string; router_id: string | null };
      return (fip.router_id !== null && held.has(fip.router_id)) || this.routers.some((r) => r.floatingips.some((f) => f.id === fip.id));
    }
    return false;
  }

  private learnAccepted(id: string, status: string): void {
    if (status === 'ACTIVE' || status === 'DOWN') this.accepted.set(id, status);
  }

  private async report(): Promise<void> {
    const changes = statusChanges(this.accepted, this.observedStatuses);
    for (let i = 0; i < changes.length; i += REPORT_BATCH) {
      const batch = changes.slice(i, i + REPORT_BATCH);
      const body: FloatingipStatusReport = { host: this.o.host, floatingips: batch.map((c) => ({ id: c.id, status: c.status })) };
      await this.o.rpc.request(L3AgentSubjects.reportFloatingipStatus, { commandId: crypto.randomUUID(), context: agentServiceContext(this.o.host), body });
      for (const c of batch) this.accepted.set(c.id, c.status);
    }
  }
}

/** Statuses are the agent's own reports echoed back: they never call for another pass. */
const withoutStatus = (routers: HostRouter[]) => routers.map((r) => ({ ...r, floatingips: r.floatingips.map((f) => ({ ...f, status: '', revision_number: 0 })), revision_number: 0 }));
