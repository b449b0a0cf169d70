import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DeviceOwner, type Port } from '@muon/contracts';
import { CONFIG, LOGGER, type Logger, type MuonConfig } from '@muon/service-kit';
import { L3Ipam } from '../ipam/l3-ipam.provider.js';
import { L3Store } from '../store/l3-store.provider.js';

const OWNED = [DeviceOwner.routerInterface, DeviceOwner.routerGateway, DeviceOwner.floatingIp];

/**
 * The safety net behind compensation: a command that created a port in ipam and then died before
 * recording it (a crash, a lost connection) leaves a port no router or floating IP knows. This
 * finds such ports in ipam, older than the grace period, and deletes them.
 */
@Injectable()
export class OrphanPortSweeper implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  /**
   * A port younger than the grace period (MUON_L3_ORPHAN_GRACE_MS) may belong to a command still in
   * flight (created in ipam, not yet recorded here); the default is well beyond the RPC timeout.
   */
  private readonly graceMs: number;
  private readonly sweepMs: number;

  constructor(private readonly l3: L3Store, private readonly ipam: L3Ipam, @Inject(LOGGER) private readonly log: Logger, @Inject(CONFIG) config: MuonConfig) {
    this.graceMs = config.MUON_L3_ORPHAN_GRACE_MS;
    this.sweepMs = config.MUON_L3_ORPHAN_SWEEP_MS;
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep().catch((err) => this.log.warn({ err: (err as Error).message }, 'orphan port sweep failed')), this.sweepMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes ipam ports owned by L3 that l3 has no record of; returns their ids. */
  async sweep(now = Date.now()): Promise<string[]> {
    const ports = (await this.ipam.client.listPorts({ device_owner: OWNED })).filter((p) => now - Date.parse(p.created_at) > this.graceMs);
    if (ports.length === 0) return [];
    const { rows } = await this.l3.store.query<{ port_id: string }>(
      `select port_id::text from router_interfaces where port_id = any($1::uuid[])
       union all select port_id::text from router_gateways where port_id = any($1::uuid[])
       union all select port_id::text from floatingip_ports where port_id = any($1::uuid[])`,
      [ports.map((p) => p.id)],
    );
    const known = new Set(rows.map((r) => r.port_id));
    const orphans: Port[] = ports.filter((p) => !known.has(p.id));
    for (const port of orphans) {
      await this.ipam.client.deletePort(`orphan:${port.id}`, port.id);
      this.log.warn({ port: port.id, device_owner: port.device_owner, device_id: port.device_id }, 'deleted a port no router or floating IP records (left by a command that failed half-way)');
    }
    return orphans.map((p) => p.id);
  }
}
