import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { Errors, NeutronError, serviceCommandWildcard, withoutHiddenAttributes, type CommandRequest } from '@muon/contracts';
import { serveRpc, type RpcClient } from '@muon/messaging';
import { LOGGER, METRICS, NATS, RPC_CLIENT, type Logger } from '@muon/service-kit';
import type { Metrics } from '@muon/telemetry';
import { L3Ipam } from '../ipam/l3-ipam.provider.js';
import { RouterScheduler } from '../scheduling/router-scheduler.js';
import { L3Store } from '../store/l3-store.provider.js';
import { createFloatingip, deleteFloatingip, reportFloatingipStatus, updateFloatingip } from './floatingip-commands.js';
import { L3_SPECS, type L3AggregateName } from './l3-aggregates.js';
import { stepId, type L3CommandHandler, type L3Deps } from './l3-deps.js';
import { createRouter, deleteRouter, updateRouter } from './router-commands.js';
import { addRouterInterface, removeRouterInterface } from './router-interfaces.js';
import { setTagsOf } from './tag-commands.js';

/** `<resource>.<verb>` → handler. create_bulk is derived from create. */
const COMMANDS: Record<string, L3CommandHandler> = {
  'router.create': createRouter as L3CommandHandler,
  'router.update': updateRouter as L3CommandHandler,
  'router.delete': deleteRouter,
  'router.add_router_interface': addRouterInterface,
  'router.remove_router_interface': removeRouterInterface,
  'router.tags': (d, req) => setTagsOf(d, req, 'router'),
  'floatingip.create': createFloatingip as L3CommandHandler,
  'floatingip.update': updateFloatingip as L3CommandHandler,
  'floatingip.delete': deleteFloatingip,
  'floatingip.report_status': reportFloatingipStatus,
  'floatingip.tags': (d, req) => setTagsOf(d, req, 'floatingip'),
};

/** The command-log step under which an idempotent command's final answer is kept. */
const ANSWER_STEP = 'answer';

/** A unique index whose violation is the user's conflict. */
const CONSTRAINT_ERRORS: Record<string, (detail: string) => NeutronError> = {
  floatingips_one_per_fixed_ip_idx: (detail) => {
    const [network, port, fixed] = /=\(([^)]*)\)/.exec(detail)?.[1]?.split(', ') ?? [];
    return new NeutronError(409, 'FloatingIPPortAlreadyAssociated',
      `Cannot associate floating IP with port ${port} using fixed IP ${fixed}, as that fixed IP already has a floating IP on external network ${network}.`);
  },
};

/**
 * Serves `muon.cmd.l3.<resource>.<verb>` in queue group `l3`. A command that needs ports (router
 * interfaces and gateways, floating IPs) asks ipam for them over NATS and records the result in
 * its own store; if recording fails, the port is removed again (see compensated()).
 */
@Injectable()
export class L3CommandRouter implements OnModuleInit {
  private readonly deps: L3Deps;

  constructor(
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
    l3: L3Store,
    ipam: L3Ipam,
    scheduler: RouterScheduler,
    @Inject(RPC_CLIENT) rpc: RpcClient,
  ) {
    this.deps = {
      get store() { return l3.store; },
      ipam: ipam.client,
      rpc,
      ensureScheduled: (routerId) => scheduler.ensureScheduled(routerId).catch((err) => {
        // The command is recorded; the periodic sweep places the router later.
        this.log.warn({ router: routerId, err: (err as Error).message }, 'router scheduling deferred');
      }),
    };
  }

  onModuleInit(): void {
    serveRpc(this.nc, serviceCommandWildcard('l3'), 'l3', (subject, payload) => this.handle(subject, payload as CommandRequest<never>), this.log);
  }

  private async handle(subject: string, req: CommandRequest<never>): Promise<unknown> {
    const [resource, verb] = subject.split('.').slice(3) as [L3AggregateName, string];
    const bulk = verb === 'create_bulk';
    const handler = COMMANDS[`${resource}.${bulk ? 'create' : verb}`];
    if (!handler) throw Errors.resourceNotFound(subject);
    return this.metrics.observe(`${resource}.${verb}`, async () => {
      try {
        const stored = req.idempotent ? await this.storedAnswer(req) : undefined;
        if (stored) return stored.answer;
        let answer: unknown;
        if (!bulk) answer = this.visible(resource, req, await handler(this.deps, req));
        else {
          const created: unknown[] = [];
          try {
            for (const [i, item] of (req.body as unknown as unknown[]).entries()) {
              created.push(this.visible(resource, req, await handler(this.deps, { ...req, commandId: `${req.commandId}:${i}`, body: item as never })));
            }
          } catch (err) {
            await this.undoBulk(resource, req, created);
            throw err;
          }
          answer = created;
        }
        if (req.idempotent) await this.deps.store.transact(async () => answer, { commandId: stepId(req, ANSWER_STEP) });
        return answer;
      } catch (err) {
        const pg = err as { code?: string; constraint?: string; detail?: string };
        if (pg?.code === '23505' && pg.constraint && CONSTRAINT_ERRORS[pg.constraint]) throw CONSTRAINT_ERRORS[pg.constraint]!(pg.detail ?? '');
        throw err;
      }
    });
  }

  /** Neutron's emulated bulk create is all or nothing: when one item is refused, those created before it go again. */
  private async undoBulk(resource: L3AggregateName, req: CommandRequest, created: unknown[]): Promise<void> {
    for (const [i, item] of created.entries()) {
      const id = (item as { id?: string }).id;
      if (!id) continue;
      await COMMANDS[`${resource}.delete`]!(this.deps, { commandId: stepId(req, `bulk-undo:${i}`), context: req.context, id } as CommandRequest<never>)
        .catch((err: unknown) => this.log.warn({ [resource]: id, err: (err as Error).message }, 'could not undo an item of a refused bulk create'));
    }
  }

  /**
   * A client's retry (same idempotency key) gets the answer the first run gave. An l3 command is
   * several steps (ipam calls, then the record), so its answer is kept apart once it is complete;
   * each step is idempotent on its own should the first run have stopped half-way (recordOnce).
   */
  private async storedAnswer(req: CommandRequest): Promise<{ answer: unknown } | undefined> {
    const store = this.deps.store;
    const { rows } = await store.query<{ result: unknown }>(`select result from ${store.tables.commandLog} where command_id = $1`, [stepId(req, ANSWER_STEP)]);
    return rows.length > 0 ? { answer: rows[0]!.result } : undefined;
  }

  private visible(resource: L3AggregateName, req: CommandRequest, result: unknown): unknown {
    const spec = L3_SPECS[resource];
    if (!spec || !result || typeof result !== 'object' || Array.isArray(result)) return result;
    return withoutHiddenAttributes(spec, req.context, result as Record<string, unknown>);
  }
}
