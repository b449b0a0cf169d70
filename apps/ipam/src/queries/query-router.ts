import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { Errors, ipamNotFound, serviceQueryWildcard, type QueryRequest, type QuotaLimits } from '@muon/contracts';
import { RawJson, serveRpc, type SendPart } from '@muon/messaging';
import { documentQueryReply, type QueryFn, type ReadModelDb } from '@muon/readmodel';
import { CONFIG, LOGGER, METRICS, NATS, type Logger, type MuonConfig } from '@muon/service-kit';
import { ipamSettings } from '../commands/ipam-settings.js';
import type { Metrics } from '@muon/telemetry';
import { AGGREGATES, type AggregateName } from '../commands/aggregates.js';
import { withNetworkVisibility } from '../policy/through-network.js';
import { IpamStore } from '../store/ipam-store.provider.js';
import { hostState } from '../agents/host-state-query.js';
import { quotaQuery } from '../quotas/quota-queries.js';

/**
 * Serves `muon.qry.ipam.<resource>.list|get` from the read models (and the quota and host-state queries). PostgreSQL renders the JSON, and
 * it goes out as is: "<page meta>\n<items array>" for lists, the document for a show.
 */
@Injectable()
export class IpamQueryRouter implements OnModuleInit {
  constructor(
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
    private readonly ipam: IpamStore,
    @Inject(CONFIG) config: MuonConfig,
  ) {
    this.quotaDefaults = ipamSettings(config).quotaDefaults;
  }

  private readonly quotaDefaults: QuotaLimits;

  onModuleInit(): void {
    serveRpc(this.nc, serviceQueryWildcard('ipam'), 'ipam', (subject, payload, sendPart) => this.handle(subject, payload as QueryRequest, sendPart), this.log);
  }

  private async handle(subject: string, req: QueryRequest, sendPart: SendPart): Promise<unknown> {
    const [resource, verb] = subject.split('.').slice(3) as [AggregateName, string];
    const q: QueryFn = async (sql, params) => (await this.ipam.store.query(sql, params)).rows;
    const db: ReadModelDb = { query: q, stream: (sql, params, batchRows) => this.ipam.store.stream(sql, params, batchRows) };
    if ((resource as string) === 'quota') {
      return this.metrics.observe(`quota.${verb}`, () => quotaQuery((sql, p) => this.ipam.store.query(sql, p), verb, req, this.quotaDefaults));
    }
    if ((resource as string) === 'host-state' && verb === 'get') {
      return this.metrics.observe('host-state.get', () => hostState(q, req));
    }
    const aggregate = AGGREGATES[resource];
    if (!aggregate || !req.visibility) throw Errors.resourceNotFound(subject);
    return this.metrics.observe(`${resource}.${verb}`, async () => {
      // Subnets of shared networks and ports on the caller's networks: rows the owner knows the caller reaches.
      const visibility = await withNetworkVisibility(q, aggregate.spec, req.visibility!);
      const reply = await documentQueryReply(db, aggregate.spec, verb, req, visibility, (id) => ipamNotFound(aggregate.spec.member, id), sendPart);
      if (reply !== null) return new RawJson(reply);
      throw Errors.resourceNotFound(subject);
    });
  }
}
