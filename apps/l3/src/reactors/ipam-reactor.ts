import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { AgentEventType, IpamEventType, type CommandRequest, type EventEnvelope, type Port } from '@muon/contracts';
import { CONFIG, LOGGER, NATS, type Logger, type MuonConfig } from '@muon/service-kit';
import { disassociateFromPort } from '../commands/floatingip-commands.js';
import { L3_SERVICE_CONTEXT } from '../ipam/ipam-client.js';
import { L3Ipam } from '../ipam/l3-ipam.provider.js';
import { RouterScheduler } from '../scheduling/router-scheduler.js';
import { L3Store } from '../store/l3-store.provider.js';

/** One durable consumer shared by every l3 replica: each event is handled by one of them. */
const DURABLE = 'l3-ipam-reactor';

/**
 * L3's reactions to ipam's events (at least once; each reaction is idempotent): a deleted port
 * takes its floating IPs' association with it; an agent registered, changed, dead or deleted
 * makes the scheduler look at every router again.
 */
@Injectable()
export class IpamReactor implements OnModuleInit, OnApplicationShutdown {
  private messages: ConsumerMessages | undefined;

  constructor(
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(CONFIG) private readonly config: MuonConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly l3: L3Store,
    private readonly ipam: L3Ipam,
    private readonly scheduler: RouterScheduler,
  ) {}

  async onModuleInit(): Promise<void> {
    const stream = this.config.MUON_EVENT_STREAM;
    const jsm = await jetstreamManager(this.nc);
    try {
      await jsm.consumers.info(stream, DURABLE);
    } catch {
      await jsm.consumers.add(stream, {
        durable_name: DURABLE, filter_subject: `${this.config.MUON_EVENT_SUBJECT_ROOT}.ipam.>`,
        ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.New, ack_wait: 30_000_000_000, max_deliver: 20,
      }).catch((err) => {
        if (!/already (exists|in use)/i.test((err as Error).message)) throw err;
      });
    }
    const consumer = await jetstream(this.nc).consumers.get(stream, DURABLE);
    this.messages = await consumer.consume();
    void (async () => {
      for await (const m of this.messages!) {
        try {
          await this.react(m.json<EventEnvelope>());
          m.ack();
        } catch (err) {
          this.log.warn({ err: (err as Error).message, subject: m.subject }, 'ipam event reaction failed; redelivering');
          m.nak(1000);
        }
      }
    })();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.messages?.close();
  }

  private async react(event: EventEnvelope): Promise<void> {
    switch (event.type) {
      case IpamEventType.portDeleted: {
        const port = (event.data as { port: Port }).port;
        const req: CommandRequest = { commandId: `${event.id}:disassociate`, context: L3_SERVICE_CONTEXT() };
        const n = await disassociateFromPort({ store: this.l3.store, ipam: this.ipam.client, rpc: this.ipam.rpc, ensureScheduled: async () => {} }, req, port.id);
        if (n > 0) this.log.info({ port: port.id, floatingips: n }, 'floating IPs disassociated from a deleted port');
        return;
      }
      case AgentEventType.agentRegistered:
      case AgentEventType.agentUpdated:
      case AgentEventType.agentDeleted:
        await this.scheduler.sweep();
        return;
    }
  }
}
