import type { OvsdbClient } from './ovsdb-client.js';
import { OvsdbTimeoutError } from './ovsdb-errors.js';
import type { OvsdbOperation, OvsdbOperationResult } from './ovsdb-operations.js';
import { TableReplica } from './table-replica.js';
import { decodeVswitch, VSWITCH_COLUMNS, type VswitchSnapshot } from './vswitch-records.js';

export interface VswitchReplicaOptions {
  monitorId?: string;
  /** table → columns; defaults to VSWITCH_COLUMNS. */
  columns?: Record<string, readonly string[]>;
}

/**
 * A live copy of the Open_vSwitch database's Open_vSwitch, Bridge, Port and Interface tables,
 * kept by one monitor; the agent's "actual state" of OVS is read from here, never by polling.
 * `transactAndWait` is the JSON-RPC equivalent of `ovs-vsctl` without `--no-wait`.
 */
export class VswitchReplica {
  readonly replica = new TableReplica();
  private readonly listeners = new Set<(changedTables: Set<string>) => void>();
  private decoded: VswitchSnapshot | undefined;

  private constructor(readonly client: OvsdbClient) {}

  static async start(client: OvsdbClient, opts: VswitchReplicaOptions = {}): Promise<VswitchReplica> {
    const self = new VswitchReplica(client);
    const columns = opts.columns ?? VSWITCH_COLUMNS;
    const requests = Object.fromEntries(Object.entries(columns).map(([t, c]) => [t, { columns: [...c] }]));
    await client.monitor(opts.monitorId ?? 'muon-vswitch', requests, (updates, kind) => {
      let changed: Set<string>;
      if (kind === 'initial') {
        self.replica.reset(updates, Object.keys(columns));
        changed = new Set(Object.keys(columns));
      } else {
        changed = self.replica.apply(updates);
      }
      self.decoded = undefined;
      for (const l of self.listeners) l(changed);
    });
    return self;
  }

  /** The decoded tables (cached until the next change). */
  snapshot(): VswitchSnapshot {
    return (this.decoded ??= decodeVswitch(this.replica));
  }

  /** Called after every monitor update (and with every table after a reconnect). */
  onChange(listener: (changedTables: Set<string>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the predicate holds on the replica; rejects after timeoutMs. */
  waitFor(predicate: (snapshot: VswitchSnapshot) => boolean, timeoutMs: number, what = 'condition'): Promise<void> {
    if (predicate(this.snapshot())) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new OvsdbTimeoutError(`${what} not reached within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.onChange(() => {
        if (!predicate(this.snapshot())) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  /**
   * Runs the operations plus a `next_cfg` bump in one transaction, then waits until ovs-vswitchd
   * reports `cur_cfg` caught up — i.e. it has applied them, and ofports are assigned.
   */
  async transactAndWait(operations: readonly OvsdbOperation[], timeoutMs = 10000): Promise<OvsdbOperationResult[]> {
    const all: OvsdbOperation[] = [
      ...operations,
      { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['next_cfg', '+=', 1]] },
      { op: 'select', table: 'Open_vSwitch', where: [], columns: ['next_cfg'] },
    ];
    const results = await this.client.transact(all);
    const target = Number(results[results.length - 1]?.rows?.[0]?.next_cfg);
    await this.waitFor((s) => (s.root?.curCfg ?? 0) >= target, timeoutMs,
      `ovs-vswitchd applying configuration ${target} (cur_cfg ${this.snapshot().root?.curCfg})`);
    return results.slice(0, operations.length);
  }
}
