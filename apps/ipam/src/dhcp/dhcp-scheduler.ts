import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AgentType, DeviceOwner, serviceContext, type CommandRequest, type Port } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { planDhcpSchedule, type DhcpScheduleStep } from '@muon/ipam-domain';
import { CONFIG, LOGGER, type Logger, type MuonConfig } from '@muon/service-kit';
import { ipamSettings, type IpamSettings } from '../commands/ipam-settings.js';
import { createPort, deletePort, updatePort } from '../commands/port-commands.js';
import { IpamStore } from '../store/ipam-store.provider.js';
import { readDhcpScheduleInput } from './dhcp-schedule-input.js';

const SCHEDULER_LOCK = 'ipam:dhcp-scheduler';

/**
 * Keeps every network with a DHCP-enabled subnet served by MUON_DHCP_AGENTS_PER_NETWORK DHCP agents,
 * by creating, moving and removing its `network:dhcp` ports (the agents follow the ports' bindings).
 * Level-based like the agents: it re-plans from the read models whenever networks, subnets or agents
 * change here, and every few seconds for changes made by other replicas. One replica plans at a time.
 */
@Injectable()
export class DhcpScheduler implements OnModuleInit, OnApplicationShutdown {
  private readonly settings: IpamSettings;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(@Inject(CONFIG) config: MuonConfig, @Inject(LOGGER) private readonly log: Logger, private readonly ipam: IpamStore) {
    this.settings = ipamSettings(config);
  }

  onModuleInit(): void {
    const every = Math.min(5000, this.settings.agents.reportIntervalMs);
    this.timer = setInterval(() => this.wake(), every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Asks for a pass; passes never overlap, and a wake during one runs one more after it. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((err) => this.log.warn({ err }, 'DHCP scheduling failed; will retry'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async pass(): Promise<void> {
    await this.ipam.store.transact(async (tx) => {
      const { rows } = await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock(hashtext($1)) as locked', [SCHEDULER_LOCK]);
      if (!rows[0]?.locked) return;
      const input = await readDhcpScheduleInput(tx, AgentType.dhcp);
      const steps = planDhcpSchedule({ ...input, perNetwork: this.settings.agents.dhcpAgentsPerNetwork });
      for (const step of steps) {
        // A step that fails (a subnet with no free address) is skipped; the rest still happen.
        await tx.query('savepoint dhcp_step');
        try {
          await this.apply(tx, step, input.projectOf);
          await tx.query('release savepoint dhcp_step');
        } catch (err) {
          await tx.query('rollback to savepoint dhcp_step');
          this.log.warn({ step, err: (err as Error).message }, 'DHCP scheduling step failed');
        }
      }
      if (steps.length > 0) this.log.info({ steps: steps.length }, 'DHCP ports scheduled');
    });
  }

  private async apply(tx: StoreTransaction, step: DhcpScheduleStep, projectOf: Map<string, string>): Promise<void> {
    const req = (extra: Partial<CommandRequest>): CommandRequest<never> => ({ commandId: randomUUID(), context: serviceContext(null), ...extra }) as CommandRequest<never>;
    switch (step.kind) {
      case 'create':
        await createPort(tx, req({
          body: {
            project_id: projectOf.get(step.networkId) ?? '', network_id: step.networkId, device_owner: DeviceOwner.dhcp,
            device_id: dhcpDeviceId(step.host, step.networkId), fixed_ips: step.subnetIds.map((subnet_id) => ({ subnet_id })),
            'binding:host_id': step.host,
          } as never,
        }), this.settings);
        return;
      case 'rebind': {
        const port = await this.port(tx, step.portId);
        await updatePort(tx, req({ id: step.portId, body: { 'binding:host_id': step.host, device_id: dhcpDeviceId(step.host, port.network_id) } as never }), this.settings);
        return;
      }
      case 'set_subnets': {
        const port = await this.port(tx, step.portId);
        const keep = port.fixed_ips.filter((f) => step.subnetIds.includes(f.subnet_id));
        const add = step.subnetIds.filter((s) => !keep.some((f) => f.subnet_id === s)).map((subnet_id) => ({ subnet_id }));
        await updatePort(tx, req({ id: step.portId, body: { fixed_ips: [...keep, ...add] } as never }), this.settings);
        return;
      }
      case 'delete':
        await deletePort(tx, req({ id: step.portId }));
    }
  }

  private async port(tx: StoreTransaction, id: string): Promise<Port> {
    const { rows } = await tx.query<{ body: Port }>('select body from ports where id = $1', [id]);
    return rows[0]!.body;
  }
}

/** Neutron's DHCP port device_id: `dhcp<host uuid>-<network id>`, here with the host's name. */
const dhcpDeviceId = (host: string, networkId: string) => `dhcp${host}-${networkId}`.slice(0, 255);
