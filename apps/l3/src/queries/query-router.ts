import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { enforce, Errors, L3Errors, serviceQueryWildcard, type QueryRequest } from '@muon/contracts';
import { RawJson, serveRpc, type SendPart } from '@muon/messaging';
import { documentQueryReply, type QueryFn, type ReadModelDb } from '@muon/readmodel';
import { LOGGER, METRICS, NATS, type Logger } from '@muon/service-kit';
import type { Metrics } from '@muon/telemetry';
import { L3_SPECS, UUID, type L3AggregateName } from '../commands/l3-aggregates.js';
import { L3Ipam } from '../ipam/l3-ipam.provider.js';
import { L3Store } from '../store/l3-store.provider.js';
import { l3Usage } from '../commands/l3-quota.js';
import { hostRouters } from './host-routers.js';

const notFound = (resource: L3AggregateName, id: string) => (resource === 'router' ? L3Errors.routerNotFound(id) : L3Errors.floatingipNotFound(id));

/**
 * Serves `muon.qry.l3.<resource>.<verb>` from l3's read models: routers and floating IPs (the same
 * list/show path as every resource), an agent host's routers, and where a router is scheduled.
 */
@Injectable()
export class L3QueryRouter implements OnModuleInit {
  constructor(
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
    private readonly l3: L3Store,
    private readonly ipam: L3Ipam,
  ) {}

  onModuleInit(): void {
    serveRpc(this.nc, serviceQueryWildcard('l3'), 'l3', (subject, payload, sendPart) => this.handle(subject, payload as QueryRequest, sendPart), this.log);
  }

  private async handle(subject: string, req: QueryRequest, sendPart: SendPart): Promise<unknown> {
    const [resource, verb] = subject.split('.').slice(3) as [string, string];
    const q: QueryFn = async (sql, params) => (await this.l3.store.query(sql, params)).rows;
    const db: ReadModelDb = { query: q, stream: (sql, params, batchRows) => this.l3.store.stream(sql, params, batchRows) };
    return this.metrics.observe(`${resource}.${verb}`, async () => {
      if (resource === 'host-routers' && verb === 'get') return hostRouters(q, req);
      if (resource === 'usage' && verb === 'get') return l3Usage(q, req.id ?? '');
      if (resource === 'router' && verb === 'l3_agents') return this.l3AgentsOf(q, req);
      if (resource === 'agent' && verb === 'l3_routers') return this.routersOf(q, req);
      const spec = L3_SPECS[resource as L3AggregateName];
      if (!spec || !req.visibility) throw Errors.resourceNotFound(subject);
      const reply = await documentQueryReply(db, spec, verb, req, req.visibility, (id) => notFound(resource as L3AggregateName, id), sendPart);
      if (reply !== null) return new RawJson(reply);
      throw Errors.resourceNotFound(subject);
    });
  }

  /** `GET /v2.0/routers/{id}/l3-agents` (admin): the agent hosting the router, as ipam shows it. */
  private async l3AgentsOf(q: QueryFn, req: QueryRequest): Promise<{ agents: unknown[] }> {
    enforce('get_l3-agents', req.context);
    if (!req.id || !UUID.test(req.id)) throw L3Errors.routerNotFound(req.id ?? '');
    const rows = await q('select b.agent_id::text as agent_id from routers r left join router_bindings b on b.router_id = r.id where r.id = $1::uuid', [req.id]);
    if (rows.length === 0) throw L3Errors.routerNotFound(req.id ?? '');
    const agentId = (rows[0] as { agent_id: string | null }).agent_id;
    if (!agentId) return { agents: [] };
    return { agents: await this.ipam.client.listAgents({ id: [agentId] }) };
  }

  /** `GET /v2.0/agents/{id}/l3-routers` (admin): the routers scheduled to the agent. */
  private async routersOf(q: QueryFn, req: QueryRequest): Promise<{ routers: unknown[] }> {
    enforce('get_l3-routers', req.context);
    if (!req.id || !UUID.test(req.id)) throw Errors.notFound('agent', req.id ?? '');
    const agents = await this.ipam.client.listAgents({ id: [req.id] });
    if (agents.length === 0) throw Errors.notFound('agent', req.id ?? '');
    const rows = await q('select r.body from router_bindings b join routers r on r.id = b.router_id where b.agent_id::text = $1 order by r.id', [req.id]);
    return { routers: rows.map((r) => (r as { body: unknown }).body) };
  }
}
