import { OvsdbConnection } from './ovsdb-connection.js';
import { OvsdbDisconnectedError } from './ovsdb-errors.js';
import type { OvsdbOperation, OvsdbOperationResult } from './ovsdb-operations.js';
import type { TableUpdates } from './table-replica.js';
import { checkTransactionResult } from './transaction-result.js';

/** Which columns of a table to monitor (all when omitted) and which changes to hear about. */
export interface MonitorRequest {
  columns?: string[];
  select?: { initial?: boolean; insert?: boolean; delete?: boolean; modify?: boolean };
}

/** `initial` carries a whole new snapshot (first reply, or after a reconnect): replace, don't merge. */
export type MonitorListener = (updates: TableUpdates, kind: 'initial' | 'update') => void;

export interface OvsdbClientOptions {
  socketPath: string;
  database?: string;
  /** Per request; a transaction that waits for nothing answers in milliseconds. */
  requestTimeoutMs?: number;
  /** Reconnect after the server goes away (default on, 100 ms doubling to 2 s). */
  reconnect?: false | { initialDelayMs?: number; maxDelayMs?: number };
  /** Told about connection loss and recovery. */
  log?: (message: string) => void;
}

interface Monitor {
  id: string;
  requests: Record<string, MonitorRequest>;
  listener: MonitorListener;
}

/**
 * An OVSDB client that survives ovsdb-server restarts: it reconnects with backoff and re-issues
 * every monitor, whose listener then receives a fresh `initial` snapshot. Requests made while
 * disconnected fail at once with OvsdbDisconnectedError (a reconciler simply retries later).
 */
export class OvsdbClient {
  readonly database: string;
  private connection: OvsdbConnection | undefined;
  private readonly monitors = new Map<string, Monitor>();
  private readonly stateListeners = new Set<(connected: boolean) => void>();
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectDelay: number;

  private constructor(private readonly opts: OvsdbClientOptions) {
    this.database = opts.database ?? 'Open_vSwitch';
    this.reconnectDelay = this.reconnectSettings.initialDelayMs;
  }

  /** Connects once (the first connection must succeed; later losses are repaired in the background). */
  static async connect(opts: OvsdbClientOptions): Promise<OvsdbClient> {
    const client = new OvsdbClient(opts);
    client.attach(await OvsdbConnection.connect(opts.socketPath));
    return client;
  }

  get connected(): boolean {
    return this.connection !== undefined && !this.connection.closed;
  }

  /** Called with true after every reconnect (monitors already re-issued) and false on every loss. */
  onConnectionChange(listener: (connected: boolean) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  request(method: string, params: unknown[]): Promise<unknown> {
    const conn = this.connection;
    if (!conn || conn.closed) return Promise.reject(new OvsdbDisconnectedError(`${method}: not connected to ${this.opts.socketPath}`));
    return conn.request(method, params, this.opts.requestTimeoutMs ?? 30000);
  }

  listDbs(): Promise<string[]> {
    return this.request('list_dbs', []) as Promise<string[]>;
  }

  /** Runs the operations atomically; throws OvsdbTransactionError naming the failing operation. */
  async transact(operations: readonly OvsdbOperation[]): Promise<OvsdbOperationResult[]> {
    const result = await this.request('transact', [this.database, ...operations]);
    return checkTransactionResult(operations, result);
  }

  /** Starts a monitor; the listener gets the current contents as `initial`, then every change. */
  async monitor(id: string, requests: Record<string, MonitorRequest>, listener: MonitorListener): Promise<void> {
    const monitor = { id, requests, listener };
    this.monitors.set(id, monitor);
    try {
      await this.issue(monitor);
    } catch (err) {
      this.monitors.delete(id);
      throw err;
    }
  }

  async cancelMonitor(id: string): Promise<void> {
    if (!this.monitors.delete(id)) return;
    if (this.connected) await this.request('monitor_cancel', [id]).catch(() => undefined);
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.connection?.close();
  }

  private get reconnectSettings(): { initialDelayMs: number; maxDelayMs: number } {
    const r = this.opts.reconnect;
    return { initialDelayMs: (r && r.initialDelayMs) || 100, maxDelayMs: (r && r.maxDelayMs) || 2000 };
  }

  private async issue(monitor: Monitor): Promise<void> {
    const initial = (await this.request('monitor', [this.database, monitor.id, monitor.requests])) as TableUpdates;
    monitor.listener(initial ?? {}, 'initial');
  }

  private attach(connection: OvsdbConnection): void {
    this.connection = connection;
    connection.onNotification((method, params) => {
      if (method !== 'update') return;
      const [id, updates] = params as [string, TableUpdates];
      this.monitors.get(id)?.listener(updates, 'update');
    });
    connection.onClose((error) => {
      if (this.connection !== connection) return;
      this.connection = undefined;
      if (this.stopped) return;
      this.opts.log?.(`ovsdb connection to ${this.opts.socketPath} lost${error ? `: ${error.message}` : ''}`);
      this.emit(false);
      if (this.opts.reconnect !== false) this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(delay * 2, this.reconnectSettings.maxDelayMs);
    this.reconnectTimer = setTimeout(() => void this.reconnect(), delay);
  }

  private async reconnect(): Promise<void> {
    if (this.stopped) return;
    let connection: OvsdbConnection;
    try {
      connection = await OvsdbConnection.connect(this.opts.socketPath);
    } catch {
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) { connection.close(); return; }
    this.attach(connection);
    try {
      for (const monitor of this.monitors.values()) await this.issue(monitor);
    } catch (err) {
      this.opts.log?.(`re-issuing monitors failed: ${(err as Error).message}`);
      connection.close(); // onClose schedules the next attempt
      return;
    }
    this.reconnectDelay = this.reconnectSettings.initialDelayMs;
    this.opts.log?.(`ovsdb connection to ${this.opts.socketPath} restored`);
    this.emit(true);
  }

  private emit(connected: boolean): void {
    for (const l of this.stateListeners) l(connected);
  }
}
