import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AgentType, ROUTER_PORT_OWNERS, type CommandRequest, type Router } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { decideRouter, planRouterSchedule, type L3AgentCandidate, type RouterMove, type RouterPlacement } from '@muon/l3-domain';
import { LOGGER, type Logger } from '@muon/service-kit';
import { appendEvents, commandNow } from '../commands/l3-aggregates.js';
import { L3_SERVICE_CONTEXT } from '../ipam/ipam-client.js';
import { L3Ipam } from '../ipam/l3-ipam.provider.js';
import { L3Store } from '../store/l3-store.provider.js';

/** Safety net: every router is checked this often, whatever events said. */
const SWEEP_MS = 15_000;
/** One scheduler decides at a time across replicas (pg_advisory_xact_lock key). */
const LOCK_KEY = 'l3:router-scheduler';

/**
 * Places routers on L3 agents (Neutron's least-routers scheduler, planned in @muon/l3-domain):
 * a router with an interface or a gateway goes to a live L3 agent; when that agent dies or is
 * disabled the router moves; then its ports in ipam are bound to the new host, so the new
 * agent wires them (and the old one, no longer bound, removes them).
 */
@Injectable()
export class RouterScheduler implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly l3: L3Store,
    private readonly ipam: L3Ipam,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep().catch((err) => this.log.warn({ err: (err as Error).message }, 'router scheduling sweep failed')), SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Places (or takes off) one router after a command changed what it needs; binds its ports. */
  async ensureScheduled(routerId: string): Promise<void> {
    await this.run([routerId]);
  }

  /** Every router: the periodic pass and the reaction to an agent coming, going or dying. */
  sweep(): Promise<void> {
    return this.run(null);
  }

  private run(routerIds: string[] | null): Promise<void> {
    const next = this.running.then(() => this.schedule(routerIds));
    this.running = next.catch(() => undefined);
    return next;
  }

  private async schedule(routerIds: string[] | null): Promise<void> {
    const agents = await this.ipam.client.listAgents({ agent_type: [AgentType.l3] });
    const moves = await this.l3.store.transact(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(hashtext($1))', [LOCK_KEY]);
      const placements = await this.placements(tx, routerIds);
      const loads = await this.loads(tx);
      const candidates: L3AgentCandidate[] = agents.map((a) => ({
        id: a.id, host: a.host, alive: a.alive, admin_state_up: a.admin_state_up, availability_zone: a.availability_zone, load: loads.get(a.id) ?? 0,
      }));
      const planned = planRouterSchedule(placements, candidates);
      for (const move of planned) await this.record(tx, move);
      return planned;
    });
    for (const move of moves) {
      this.log.info({ router: move.routerId, from: move.from, to: move.to?.host ?? null }, 'router scheduled');
    }
    // Bindings follow the record. A command's own call binds only what moved (its new ports were
    // created bound to the router's host); the sweep re-checks every router, so a failed rebinding heals.
    const rebind = routerIds ? moves.map((m) => m.routerId) : null;
    if (rebind && rebind.length === 0) return;
    const bound = await this.l3.store.query<{ router_id: string; host: string }>(
      `select b.router_id::text, b.host from router_bindings b ${rebind ? 'where b.router_id = any($1::uuid[])' : ''}`, rebind ? [rebind] : []);
    const hosts = new Map(bound.rows.map((r) => [r.router_id, r.host]));
    for (const { routerId } of moves) if (!hosts.has(routerId)) hosts.set(routerId, '');
    await this.bindPorts(hosts);
  }

  private async placements(tx: StoreTransaction, routerIds: string[] | null): Promise<RouterPlacement[]> {
    const { rows } = await tx.query<{ id: string; agent_id: string | null; needs: boolean }>(
      `select r.id::text, b.agent_id::text,
              (exists (select 1 from router_interfaces i where i.router_id = r.id) or exists (select 1 from router_gateways g where g.router_id = r.id))
                and (r.body->>'admin_state_up')::boolean as needs
         from routers r left join router_bindings b on b.router_id = r.id
        ${routerIds ? 'where r.id = any($1::uuid[])' : ''} for update of r`,
      routerIds ? [routerIds] : [],
    );
    return rows.map((r) => ({ routerId: r.id, agentId: r.agent_id, needsAgent: r.needs }));
  }

  private async loads(tx: StoreTransaction): Promise<Map<string, number>> {
    const { rows } = await tx.query<{ agent_id: string; n: string }>('select agent_id::text, count(*) as n from router_bindings group by agent_id');
    return new Map(rows.map((r) => [r.agent_id, Number(r.n)]));
  }

  private async record(tx: StoreTransaction, move: RouterMove): Promise<void> {
    const { rows } = await tx.query<{ body: Router; host: string | null }>(
      'select r.body, b.host from routers r left join router_bindings b on b.router_id = r.id where r.id = $1', [move.routerId]);
    const row = rows[0];
    if (!row) return;
    const req: CommandRequest = { commandId: crypto.randomUUID(), context: L3_SERVICE_CONTEXT() };
    const events = decideRouter({
      type: 'schedule', id: move.routerId, now: commandNow(), agentId: move.to?.id ?? null, host: move.to?.host ?? null,
      previousHost: row.host, availabilityZone: move.to?.availability_zone ?? null,
    }, { router: row.body });
    await appendEvents(tx, req, 'router', move.routerId, false, events, row.body);
  }

  /** Binds each router's ports in ipam to its host ('' when it has none). */
  private async bindPorts(hosts: Map<string, string>): Promise<void> {
    if (hosts.size === 0) return;
    const ports = await this.ipam.client.listPorts({ device_id: [...hosts.keys()], device_owner: [...ROUTER_PORT_OWNERS] });
    for (const port of ports) {
      const host = hosts.get(port.device_id);
      if (host === undefined || port['binding:host_id'] === host) continue;
      await this.ipam.client.updatePort(null, port.id, { 'binding:host_id': host });
    }
  }
}
