// The machine side of the agent benchmark: one simulated host (a private OVS with ovs-vswitchd in a
// host namespace of its own, DATAPLANE.md §1), "VMs" plugged as OVS internal ports, and a cleanup
// that removes exactly what this run created. Everything is named with a per-run prefix
// (`mb<pid><rand>-`); daemons are stopped by their pid files only, namespaces by that prefix.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qvoName } from '@muon/agent-domain';
import { namedUuid, OvsdbClient, ovsMap, ovsSet, uuid, decodeOptional, type OvsdbOperation, type TableUpdates } from '@muon/ovsdb';
import { commandLine, ownedPid, stopProcess } from '../apps/agent/dist/dataplane/process/pid-file.js';
import { runCommand } from '../apps/agent/dist/dataplane/process/run-command.js';
import { PrivateOvs } from '../apps/agent/dist/dataplane/runner/private-ovs.js';

export const DEAD_VLAN = 4095;
const now = () => performance.timeOrigin + performance.now();

/** Why the agent phases cannot run here, or undefined when they can (root, OVS, dnsmasq, iproute2). */
export function agentBenchMissing(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  const missing = ['ovsdb-tool', 'ovsdb-server', 'ovs-vswitchd', 'ovs-vsctl', 'ovs-ofctl', 'dnsmasq', 'ip', 'ethtool'].filter((c) => {
    try { execFileSync('sh', ['-c', `command -v ${c}`], { stdio: 'ignore' }); return false; } catch { return true; }
  });
  return missing.length ? `missing ${missing.join(', ')}` : undefined;
}

/** A port plugged by the bench (Nova's role): its OVSDB Port row. */
export interface Plugged { portId: string; name: string; portUuid: string }

/**
 * One host for the agent: the bench starts the private OVS itself in `<dir>/ovs` (the agent, given
 * the same state directory, adopts it), keeps its own OVSDB connection to plug VMs and to watch tags
 * and ofports, and cleans everything up at the end.
 */
export class BenchHost {
  readonly prefix = `mb${process.pid}${Math.random().toString(36).slice(2, 5)}-`;
  readonly dir: string;
  readonly hostNamespace: string;
  ovs!: PrivateOvs;
  client!: OvsdbClient;
  /** Port uuid → name, and name → current tag (from our own monitor). */
  private readonly portNames = new Map<string, string>();
  private readonly ifaceNames = new Map<string, string>();
  readonly tags = new Map<string, number | undefined>();
  readonly ofports = new Map<string, number | undefined>();
  private tagWatchers = new Set<(name: string, tag: number | undefined, at: number) => void>();
  private ofportWatchers = new Set<(name: string, ofport: number | undefined, at: number) => void>();
  /** Updates to Port rows seen (a measure of what the agent changed). */
  portUpdates = 0;

  readonly name: string;

  constructor(name = 'benchhost') {
    this.name = name;
    this.dir = mkdtempSync(join(tmpdir(), this.prefix));
    chmodSync(this.dir, 0o755); // dnsmasq reads its files as nobody
    this.hostNamespace = `${this.prefix}${name}`;
  }

  get stateDir(): string { return join(this.dir, this.name); }

  async start(): Promise<void> {
    this.ovs = await PrivateOvs.start({ runDir: join(this.stateDir, 'ovs'), hostNamespace: this.hostNamespace });
    // The VM stand-ins are taps in the host namespace: no IPv6 there, so they send nothing at all.
    await runCommand('ip', ['netns', 'exec', this.hostNamespace, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
    await this.connect();
  }

  async connect(): Promise<void> {
    this.client?.close();
    this.client = await OvsdbClient.connect({ socketPath: this.ovs.dbSocket, reconnect: false });
    this.portNames.clear();
    this.ifaceNames.clear();
    await this.client.monitor('bench', { Port: { columns: ['name', 'tag'] }, Interface: { columns: ['name', 'ofport'] } }, (u, kind) => this.onUpdate(u, kind));
  }

  /** The env an agent process for this host needs (as in api-two-hosts.spec.ts). */
  agentEnv(tunnelIp: string): NodeJS.ProcessEnv {
    return {
      MUON_HOST_ID: this.name, MUON_AGENT_DATAPLANE: 'real', MUON_AGENT_STATE_DIR: this.stateDir, MUON_AGENT_HOST_NAMESPACE: this.hostNamespace,
      MUON_AGENT_NAMESPACE_PREFIX: `${this.hostNamespace}-`, MUON_AGENT_TUNNEL_IP: tunnelIp,
    };
  }

  onTag(fn: (name: string, tag: number | undefined, at: number) => void): () => void {
    this.tagWatchers.add(fn);
    return () => this.tagWatchers.delete(fn);
  }

  onOfport(fn: (name: string, ofport: number | undefined, at: number) => void): () => void {
    this.ofportWatchers.add(fn);
    return () => this.ofportWatchers.delete(fn);
  }

  private onUpdate(updates: TableUpdates, kind: 'initial' | 'update'): void {
    const at = now();
    for (const [id, row] of Object.entries(updates.Port ?? {})) {
      if (!row.new) {
        const n = this.portNames.get(id);
        this.portNames.delete(id);
        if (n) this.tags.delete(n);
        continue;
      }
      const n = String(row.new.name ?? this.portNames.get(id));
      this.portNames.set(id, n);
      const tag = decodeOptional<number>(row.new.tag);
      if (kind === 'update' && row.old) this.portUpdates++;
      const before = this.tags.get(n);
      this.tags.set(n, tag);
      if (kind === 'update' && before !== tag) for (const w of this.tagWatchers) w(n, tag, at);
    }
    for (const [id, row] of Object.entries(updates.Interface ?? {})) {
      if (!row.new) {
        const n = this.ifaceNames.get(id);
        this.ifaceNames.delete(id);
        if (n) this.ofports.delete(n);
        continue;
      }
      const n = String(row.new.name ?? this.ifaceNames.get(id));
      this.ifaceNames.set(id, n);
      const ofport = decodeOptional<number>(row.new.ofport);
      this.ofports.set(n, ofport);
      if (kind === 'update') for (const w of this.ofportWatchers) w(n, ofport, at);
    }
  }

  /**
   * Nova's plug (os-vif's isolate_vif): VM interfaces on br-int in the dead VLAN with their port's
   * identity, one transaction, no wait for ovs-vswitchd. A VM is an OVS internal port `qvo<11>`
   * (a tap in the host namespace): vswitchd opens it, so it gets an ofport.
   */
  async plug(ports: readonly { id: string; mac: string }[]): Promise<Plugged[]> {
    const ops: OvsdbOperation[] = [];
    ports.forEach((p, k) => {
      ops.push(
        { op: 'insert', table: 'Interface', row: { name: qvoName(p.id), type: 'internal', external_ids: ovsMap({ 'iface-id': p.id, 'attached-mac': p.mac, 'iface-status': 'active' }) }, 'uuid-name': `i${k}` },
        { op: 'insert', table: 'Port', row: { name: qvoName(p.id), tag: DEAD_VLAN, interfaces: namedUuid(`i${k}`) }, 'uuid-name': `p${k}` },
      );
    });
    ops.push({ op: 'mutate', table: 'Bridge', where: [['name', '==', 'br-int']], mutations: [['ports', 'insert', ovsSet(ports.map((_, k) => namedUuid(`p${k}`)))]] });
    const results = await this.client.transact(ops);
    return ports.map((p, k) => ({ portId: p.id, name: qvoName(p.id), portUuid: results[2 * k + 1]!.uuid![1] }));
  }

  async unplug(ports: readonly Plugged[]): Promise<void> {
    if (ports.length === 0) return;
    await this.client.transact([{ op: 'mutate', table: 'Bridge', where: [['name', '==', 'br-int']], mutations: [['ports', 'delete', ovsSet(ports.map((p) => uuid(p.portUuid)))]] }]);
  }

  /** Removes exactly what this run created: dnsmasq and OVS by pid file, namespaces by prefix, the directory. */
  async cleanup(): Promise<string[]> {
    const errors: string[] = [];
    const attempt = async (what: string, fn: () => Promise<unknown>) => { try { await fn(); } catch (e) { errors.push(`${what}: ${(e as Error).message}`); } };
    this.client?.close();
    const dhcpDir = join(this.stateDir, 'dhcp');
    for (const net of await readdir(dhcpDir).catch(() => [] as string[])) {
      const pidFile = join(dhcpDir, net, 'pid');
      const pid = ownedPid(pidFile, `--pid-file=${pidFile}`);
      if (pid) await attempt(`stop dnsmasq ${pid}`, () => stopProcess(pid));
    }
    if (this.ovs) await attempt('stop OVS', () => this.ovs.stop());
    const ours = this.ownNamespaces();
    for (const ns of ours) {
      const pids = (await runCommand('ip', ['netns', 'pids', ns]).catch(() => '')).split('\n').map(Number).filter((p) => p > 1);
      for (const pid of pids) if (commandLine(pid)?.some((a) => a.includes(this.dir) || a.includes(this.prefix))) await attempt(`stop ${pid}`, () => stopProcess(pid, 2000));
    }
    for (const ns of ours) await attempt(`delete ${ns}`, () => runCommand('ip', ['netns', 'delete', ns]));
    rmSync(this.dir, { recursive: true, force: true });
    const left = this.ownNamespaces();
    if (left.length) errors.push(`namespaces left: ${left.join(' ')}`);
    return errors;
  }

  ownNamespaces(): string[] {
    try { return readdirSync('/run/netns').filter((n) => n.startsWith(this.prefix)); } catch { return []; }
  }
}

