import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { AgentSubjects, HeartbeatSchema, parseOrBadRequest, serviceContext, type CommandRequest, type HeartbeatReply } from '@muon/contracts';
import { serveRpc } from '@muon/messaging';
import { agentTimestamp } from '@muon/ipam-domain';
import { CONFIG, LOGGER, NATS, type Logger, type MuonConfig } from '@muon/service-kit';
import { ipamSettings, type IpamSettings } from '../commands/ipam-settings.js';
import { DhcpScheduler } from '../dhcp/dhcp-scheduler.js';
import { IpamStore } from '../store/ipam-store.provider.js';
import { setAgentsAlive } from './agent-commands.js';

const livenessRequest = (): CommandRequest => ({ commandId: randomUUID(), context: serviceContext(null) });

/**
 * Heartbeats move an agent's heartbeat_timestamp in place (one UPDATE, no event); only the
 * transitions are events: an agent silent for MUON_AGENT_DOWN_TIME_MS is marked not alive by the
 * sweep, and its next heartbeat marks it alive again. Every replica answers heartbeats (queue group)
 * and sweeps; marking is idempotent under the row lock.
 */
@Injectable()
export class AgentLiveness implements OnModuleInit, OnApplicationShutdown {
  private readonly settings: IpamSettings;
  private subscription: Subscription | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(CONFIG) config: MuonConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly ipam: IpamStore,
    private readonly dhcp: DhcpScheduler,
  ) {
    this.settings = ipamSettings(config);
  }

  onModuleInit(): void {
    this.subscription = serveRpc(this.nc, AgentSubjects.heartbeat, 'ipam', (_subject, payload) => this.heartbeat(payload), this.log);
    const every = Math.max(100, Math.min(this.settings.agents.downTimeMs / 3, 10_000));
    this.timer = setInterval(() => void this.sweep().catch((err) => this.log.warn({ err }, 'agent liveness sweep failed')), every);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.subscription?.unsubscribe();
  }

  private async heartbeat(payload: unknown): Promise<HeartbeatReply> {
    const { host } = parseOrBadRequest(HeartbeatSchema, payload, 'invalid heartbeat');
    const { rows } = await this.ipam.store.query<{ id: string; alive: boolean }>(
      `update agents set body = jsonb_set(body, '{heartbeat_timestamp}', to_jsonb($2::text))
        where body->>'host' = $1 returning id::text as id, (body->>'alive')::boolean as alive`,
      [host, agentTimestamp(new Date().toISOString())],
    );
    const revived = rows.filter((r) => !r.alive).map((r) => r.id);
    if (revived.length > 0) await this.mark(revived, true);
    return { registered: rows.length > 0 };
  }

  private async sweep(): Promise<void> {
    const { rows } = await this.ipam.store.query<{ id: string }>(
      `select id::text as id from agents
        where body->>'alive' = 'true'
          and (body->>'heartbeat_timestamp')::timestamp < (now() at time zone 'utc') - make_interval(secs => $1::float8 / 1000)`,
      [this.settings.agents.downTimeMs],
    );
    if (rows.length > 0) await this.mark(rows.map((r) => r.id), false);
  }

  private async mark(ids: string[], alive: boolean): Promise<void> {
    const changed = await this.ipam.store.transact((tx) => setAgentsAlive(tx, livenessRequest(), ids, alive));
    if (changed.length === 0) return;
    for (const a of changed) this.log.info({ host: a.host, agentType: a.agent_type, alive }, alive ? 'agent is alive again' : 'agent is down: no heartbeat');
    this.dhcp.wake();
  }
}
