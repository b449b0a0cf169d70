import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { Errors, IpamErrors, serviceCommandWildcard, withoutHiddenAttributes, type CommandRequest, type NeutronError, type Port, type QuotaResource } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { serveRpc } from '@muon/messaging';
import { CONFIG, LOGGER, METRICS, NATS, type Logger, type MuonConfig } from '@muon/service-kit';
import type { Metrics } from '@muon/telemetry';
import { IpamStore } from '../store/ipam-store.provider.js';
import { DhcpScheduler } from '../dhcp/dhcp-scheduler.js';
import { enforceQuota } from '../quotas/enforce-quota.js';
import { AGGREGATES, type AggregateName } from './aggregates.js';
import { PortCreateBatcher } from './batching/port-create-batcher.js';
import { COMMANDS } from './command-table.js';
import { ipamSettings, type IpamSettings } from './ipam-settings.js';

/** Unique indexes whose violation is a user's conflict, not a server error. */
const CONSTRAINT_ERRORS: Record<string, (detail: string) => NeutronError> = {
  subnetpools_one_default_idx: (detail) => IpamErrors.defaultSubnetpoolExists(detail.includes('"6"') ? 6 : 4),
  rbac_policies_unique_idx: () => IpamErrors.duplicateRbacPolicy(),
};

/** Resources created through the API that count against a project's quota. */
const QUOTA_CHECKED: Partial<Record<string, QuotaResource>> = {
  network: 'network', subnet: 'subnet', subnetpool: 'subnetpool', port: 'port', rbac_policy: 'rbac_policy',
};

/** Resources whose changes can change which DHCP ports should exist. */
const DHCP_INPUTS = new Set<AggregateName>(['network', 'subnet', 'agent']);

/**
 * Serves `muon.cmd.ipam.<resource>.<verb>` in queue group `ipam`: each command runs in one store
 * transaction, idempotent by its command id, and replies with the resource as the caller may see it.
 */
@Injectable()
export class IpamCommandRouter implements OnModuleInit {
  private readonly settings: IpamSettings;
  private readonly portCreates: PortCreateBatcher;

  constructor(
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(CONFIG) config: MuonConfig,
    private readonly ipam: IpamStore,
    private readonly dhcp: DhcpScheduler,
  ) {
    this.settings = ipamSettings(config);
    this.portCreates = new PortCreateBatcher(() => this.ipam.store, this.settings, (req) => this.execute('port', 'create', req as CommandRequest<never>) as Promise<Port>);
  }

  onModuleInit(): void {
    serveRpc(this.nc, serviceCommandWildcard('ipam'), 'ipam', (subject, payload) => this.handle(subject, payload as CommandRequest<never>), this.log);
  }

  private async handle(subject: string, req: CommandRequest<never>): Promise<unknown> {
    const [resource, verb] = subject.split('.').slice(3) as [AggregateName, string];
    if (!COMMANDS[`${resource}.${verb === 'create_bulk' ? 'create' : verb}`]) throw Errors.resourceNotFound(subject);
    // A retried command (idempotency key) claims its command id in a transaction of its own.
    const batched = resource === 'port' && verb === 'create' && !req.idempotent;
    return this.metrics.observe(`${resource}.${verb}`, async () => {
      try {
        const result = batched ? await this.portCreates.create(req, this.quotaProject(resource, verb, req)) : await this.execute(resource, verb, req);
        if (DHCP_INPUTS.has(resource)) this.dhcp.wake();
        return this.visible(resource, req, result);
      } catch (err) {
        throw this.translate(err);
      }
    });
  }

  /**
   * Quotas guard what clients create through the API, as Neutron's API layer does; services' own
   * creates (DHCP ports, router gateway and floating IP ports) are not checked. The project a create
   * counts against, or undefined when it is not checked.
   */
  private quotaProject(resource: AggregateName, verb: string, req: CommandRequest<never>): string | undefined {
    if (!(verb === 'create' || verb === 'create_bulk') || req.context.roles.includes('service') || !QUOTA_CHECKED[resource]) return undefined;
    return (req.body as { project_id?: string } | undefined)?.project_id ?? req.context.projectId ?? '';
  }

  /** Runs one command (a bulk create: all its items) in a transaction of its own. */
  private execute(resource: AggregateName, verb: string, req: CommandRequest<never>): Promise<unknown> {
    const bulk = verb === 'create_bulk';
    const handler = COMMANDS[`${resource}.${bulk ? 'create' : verb}`]!;
    const quota = QUOTA_CHECKED[resource];
    const run = async (tx: StoreTransaction, one: CommandRequest<never>) => {
      const project = this.quotaProject(resource, verb, one);
      if (project !== undefined) await enforceQuota(tx, this.settings.quotaDefaults, project, quota!);
      return handler(tx, one, this.settings);
    };
    return this.ipam.store.transact(async (tx) => {
      if (!bulk) return run(tx, req);
      const created = [];
      for (const item of req.body as unknown as unknown[]) created.push(await run(tx, { ...req, body: item as never }));
      return created;
    }, { commandId: req.idempotent ? req.commandId : undefined });
  }

  private visible(resource: AggregateName, req: CommandRequest, result: unknown): unknown {
    if (!AGGREGATES[resource]) return result;
    const strip = (doc: unknown) => (doc && typeof doc === 'object' && !Array.isArray(doc)
      ? withoutHiddenAttributes(AGGREGATES[resource].spec, req.context, doc as Record<string, unknown>) : doc);
    return Array.isArray(result) && result.every((r) => typeof r === 'object') ? result.map(strip) : strip(result);
  }

  private translate(err: unknown): unknown {
    const pg = err as { code?: string; constraint?: string; detail?: string };
    if (pg?.code === '23505' && pg.constraint && CONSTRAINT_ERRORS[pg.constraint]) return CONSTRAINT_ERRORS[pg.constraint]!(pg.detail ?? '');
    return err;
  }
}
