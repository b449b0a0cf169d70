import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { Errors, ipamNotFound, serviceQueryWildcard, type QueryRequest, type QuotaLimits } from '@muon/contracts';
import { RawJson, serveRpc } from '@muon/messaging';
import { getDocument, listDocuments, type QueryFn } from '@muon/readmodel';
import { CONFIG, LOGGER, METRICS, NATS, type Logger, type MuonConfig } from '@muon/service-kit';
import { ipamSettings } from '../commands/ipam-settings.js';
import type { Metrics } from '@muon/telemetry';
import { AGGREGATES, type AggregateName } from '../commands/aggregates.js';
import { withNetworkVisibility } from '../policy/through-network.js';
import { IpamStore } from '../store/ipam-store.provider.js';
import { hostState } from '../agents/host-state-query.js';
import { quotaQuery } from '../quotas/quota-queries.js';

/**
 * Rows and bytes per reply: the gateway asks again for more, so one NATS message stays under the
 * server's default 1 MB whatever the list (DESIGN.md §2). The items travel as raw text (never
 * escaped inside another JSON string), so nearly all of the megabyte is usable; fewer, larger
 * chunks mean fewer statements to plan per list.
 */
const CHUNK_ROWS = 2000;
const CHUNK_BYTES = 900 * 1024;

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
    serveRpc(this.nc, serviceQueryWildcard('ipam'), 'ipam', (subject, payload) => this.handle(subject, payload as QueryRequest), this.log);
  }

  private async handle(subject: string, req: QueryRequest): Promise<unknown> {
    const [resource, verb] = subject.split('.').slice(3) as [AggregateName, string];
    const q: QueryFn = async (sql, params) => (await this.ipam.store.query(sql, params)).rows;
    if ((resource as string) === 'quota') {
      return this.metrics.observe(`quota.${verb}`, () => quotaQuery((sql, p) => this.ipam.store.query(sql, p), verb, req, this.quotaDefaults));
    }
    if ((resource as string) === 'host-state' && verb === 'get') {
      return this.metrics.observe('host-state.get', () => hostState(q, req));
    }
    const aggregate = AGGREGATES[resource];
    if (!aggregate || !req.visibility) throw Errors.resourceNotFound(subject);
    const table = aggregate.spec.collection;
    return this.metrics.observe(`${resource}.${verb}`, async () => {
      // Subnets of shared networks and ports on the caller's networks: rows the owner knows the caller reaches.
      const visibility = await withNetworkVisibility(q, table, req.visibility!);
      if (verb === 'list' && req.query) {
        const { itemsJson, ...meta } = await listDocuments(q, table, aggregate.spec, req.query, visibility, CHUNK_ROWS, { maxBytes: CHUNK_BYTES });
        return new RawJson(`${JSON.stringify(meta)}\n${itemsJson}`);
      }
      if (verb === 'get' && req.id) {
        const doc = await getDocument(q, table, req.id, visibility, req.query?.fields);
        if (doc === null) throw ipamNotFound(aggregate.spec.member, req.id);
        return new RawJson(doc);
      }
      throw Errors.resourceNotFound(subject);
    });
  }
}
