// The packet side of the L3 benchmark (bench/l3.ts): an "outside" namespace on br-ex holding the
// external subnet's gateway address, a VM namespace plugged into br-int as os-vif does, a tiny HTTP
// server in the VM, and a prober in the outside namespace that times when the VM answers through
// its floating IP. Everything lives in namespaces named with the BenchHost's per-run prefix; the
// helper processes run scripts from the BenchHost's directory (so its cleanup recognises them) and
// are also stopped by their own pid. Addresses: 198.51.100.0/24 and 203.0.113.0/24 only.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { qvoName } from '@muon/agent-domain';
import { runCommand } from '../apps/agent/dist/dataplane/process/run-command.js';
import type { BenchHost } from './agent-host.ts';

const inNs = (namespace: string, args: string[], timeoutMs = 30000) => runCommand('ip', ['netns', 'exec', namespace, ...args], { timeoutMs });

/** A namespace of this run with loopback up and IPv6 off (it sends nothing it was not asked to). */
async function addNamespace(name: string): Promise<void> {
  await runCommand('ip', ['netns', 'add', name]);
  await runCommand('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  await inNs(name, ['sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
}

/**
 * "The internet": a namespace whose eth0 is a veth to `l3-out` on br-ex (the flat external
 * network is untagged there), holding the external subnet's gateway address and no route to any tenant
 * network, so only NATed traffic can get answers.
 */
export class OutsideNamespace {
  readonly namespace: string;
  readonly hostLink = 'l3-out';
  private readonly host: BenchHost;
  readonly address: string;
  readonly prefixLength: number;

  constructor(host: BenchHost, address: string, prefixLength: number) {
    this.host = host;
    this.address = address;
    this.prefixLength = prefixLength;
    this.namespace = `${host.prefix}l3out`;
  }

  async create(bridge: string): Promise<void> {
    await addNamespace(this.namespace);
    const hostNs = this.host.hostNamespace;
    await runCommand('ip', ['-n', hostNs, 'link', 'add', this.hostLink, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', this.namespace]);
    await runCommand('ip', ['-n', hostNs, 'link', 'set', this.hostLink, 'up']);
    await runCommand('ip', ['-n', this.namespace, 'addr', 'add', `${this.address}/${this.prefixLength}`, 'dev', 'eth0']);
    await runCommand('ip', ['-n', this.namespace, 'link', 'set', 'eth0', 'up']);
    await inNs(this.namespace, ['ethtool', '-K', 'eth0', 'tx', 'off']); // netdev datapath: no checksum offload on veths (DATAPLANE.md §1.4)
    await this.host.ovs.vsctl(['--may-exist', 'add-port', bridge, this.hostLink]);
  }

  /** Takes the namespace and its port off the bridge again. */
  async remove(bridge: string): Promise<void> {
    await this.host.ovs.vsctl(['--if-exists', 'del-port', bridge, this.hostLink]);
    await runCommand('ip', ['netns', 'delete', this.namespace]);
  }

  /** The outside's ARP entry for an address (`ip neigh`), for the record. */
  async neighbour(ip: string): Promise<string> {
    return (await runCommand('ip', ['-n', this.namespace, 'neigh', 'show', ip]).catch(() => '')).trim();
  }
}

/** A VM stand-in: a namespace holding eth0 with the port's MAC and fixed IP, its host end `qvo…` on br-int. */
export class VmNamespace {
  readonly namespace: string;
  readonly link: string;
  private readonly host: BenchHost;
  readonly portId: string;
  readonly mac: string;

  constructor(host: BenchHost, label: string, portId: string, mac: string) {
    this.host = host;
    this.portId = portId;
    this.mac = mac;
    this.namespace = `${host.prefix}${label}`;
    this.link = qvoName(portId);
  }

  /** Static addressing (as a config drive would give it): the fixed IP and a default route via the router. */
  async create(address: string, prefixLength: number, gateway: string): Promise<void> {
    await addNamespace(this.namespace);
    const hostNs = this.host.hostNamespace;
    await runCommand('ip', ['-n', hostNs, 'link', 'add', this.link, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', this.namespace]);
    await runCommand('ip', ['-n', hostNs, 'link', 'set', this.link, 'up']);
    await runCommand('ip', ['-n', this.namespace, 'link', 'set', 'eth0', 'address', this.mac, 'up']);
    await inNs(this.namespace, ['ethtool', '-K', 'eth0', 'tx', 'off']);
    await runCommand('ip', ['-n', this.namespace, 'addr', 'add', `${address}/${prefixLength}`, 'dev', 'eth0']);
    await runCommand('ip', ['-n', this.namespace, 'route', 'add', 'default', 'via', gateway]);
  }

  /** Nova's plug (os-vif's isolate_vif): br-int, dead VLAN, the port's identity. */
  async plug(): Promise<void> {
    await this.host.ovs.vsctl(['--may-exist', 'add-port', 'br-int', this.link, 'tag=4095', '--', 'set', 'Interface', this.link,
      `external_ids:iface-id=${this.portId}`, `external_ids:attached-mac=${this.mac}`, 'external_ids:iface-status=active']);
  }

  async unplug(): Promise<void> {
    await this.host.ovs.vsctl(['--if-exists', 'del-port', 'br-int', this.link]);
  }
}

/** A node script from the run's directory inside a namespace, stopped by its pid. */
class NsScript {
  readonly child: ChildProcess;
  protected constructor(child: ChildProcess) {
    this.child = child;
  }

  protected static startScript(host: BenchHost, namespace: string, file: string, text: string, args: string[]): ChildProcess {
    const script = join(host.dir, file);
    writeFileSync(script, text, { mode: 0o644 });
    return spawn('ip', ['netns', 'exec', namespace, process.execPath, script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  }

  protected static ready(child: ChildProcess, what: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what} did not start`)), 15000);
      child.stdout!.once('data', () => { clearTimeout(timer); resolve(); });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${what} exited (${code})`)); });
    });
  }

  stop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
  }
}

/** Replies to every request with the address it came from. */
const WHOAMI = `const http = require('node:http');
const server = http.createServer((req, res) => res.end(String(req.socket.remoteAddress).replace(/^::ffff:/, '')));
server.listen(Number(process.argv[2]), '0.0.0.0', () => console.log('listening'));
process.on('SIGTERM', () => process.exit(0));
`;

export class WhoamiServer extends NsScript {
  static async start(host: BenchHost, namespace: string, port = 8080): Promise<WhoamiServer> {
    const child = NsScript.startScript(host, namespace, 'l3-whoami.cjs', WHOAMI, [String(port)]);
    await NsScript.ready(child, `whoami server in ${namespace}`);
    return new WhoamiServer(child);
  }
}

/**
 * The prober: a long-lived node process in the outside namespace that, per command, opens a new
 * connection every `everyMs` (each abandoned after `timeoutMs`) and answers with the epoch ms of
 * the first answer ("up"), or of the start of the first attempt after the last answer that is
 * followed by `streak` failures in a row ("down"). New connections each time: an attempt whose
 * SYN met the old NAT state never recovers, a new one does.
 */
const PROBER = `const http = require('node:http');
const now = () => performance.timeOrigin + performance.now();
const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
function attempt(url, timeoutMs) {
  return new Promise((resolve) => {
    const start = now();
    let settled = false;
    const done = (ok, body) => { if (settled) return; settled = true; clearTimeout(timer); resolve({ ok, body, start, end: now() }); };
    const req = http.get(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => done(res.statusCode === 200, body));
      res.on('error', () => done(false));
    });
    req.on('error', () => done(false));
    const timer = setTimeout(() => { req.destroy(new Error('timeout')); done(false); }, timeoutMs);
  });
}
function run(cmd) {
  const started = now();
  const results = [];
  let finished = false;
  const finish = (o) => { if (finished) return; finished = true; clearInterval(timer); out({ id: cmd.id, attempts: results.length, ...o }); };
  const check = () => {
    if (cmd.mode === 'up') {
      const ok = results.filter((r) => r && r.ok).sort((a, b) => a.end - b.end)[0];
      if (ok) finish({ ok: true, at: ok.end, start: ok.start, body: ok.body });
      return;
    }
    let lastOk = -1;
    results.forEach((r, i) => { if (r && r.ok) lastOk = i; });
    const next = results.slice(lastOk + 1, lastOk + 1 + cmd.streak);
    if (next.length === cmd.streak && next.every((r) => r && !r.ok)) finish({ ok: true, at: next[0].start });
  };
  const launch = () => {
    if (finished) return;
    if (now() - started > cmd.maxMs) return finish({ ok: false });
    const i = results.length;
    results.push(undefined);
    attempt(cmd.url, cmd.timeoutMs).then((r) => { results[i] = r; if (!finished) check(); });
  };
  const timer = setInterval(launch, cmd.everyMs);
  launch();
}
let buf = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  buf += d;
  for (let i = buf.indexOf('\\n'); i >= 0; i = buf.indexOf('\\n')) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    if (line.trim()) run(JSON.parse(line));
  }
});
process.stdin.on('end', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
out({ ready: true });
`;

export interface ProbeResult { ok: boolean; at?: number; start?: number; body?: string; attempts: number }

export class Prober extends NsScript {
  private seq = 0;
  private buffer = '';
  private readonly waiting = new Map<number, (r: ProbeResult) => void>();

  static async start(host: BenchHost, namespace: string): Promise<Prober> {
    const child = NsScript.startScript(host, namespace, 'l3-prober.cjs', PROBER, []);
    await NsScript.ready(child, `prober in ${namespace}`);
    const p = new Prober(child);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => p.onData(d));
    return p;
  }

  private onData(d: string): void {
    this.buffer += d;
    for (let i = this.buffer.indexOf('\n'); i >= 0; i = this.buffer.indexOf('\n')) {
      const line = this.buffer.slice(0, i);
      this.buffer = this.buffer.slice(i + 1);
      let msg: { id?: number } & ProbeResult;
      try { msg = JSON.parse(line); } catch { continue; }
      if (msg.id !== undefined) {
        this.waiting.get(msg.id)?.(msg);
        this.waiting.delete(msg.id);
      }
    }
  }

  /** Resolves with the first answer from `url` (epoch ms), or ok: false after maxMs. */
  up(url: string, opts: { everyMs?: number; timeoutMs?: number; maxMs: number }): Promise<ProbeResult> {
    return this.command({ mode: 'up', url, everyMs: opts.everyMs ?? 20, timeoutMs: opts.timeoutMs ?? 500, maxMs: opts.maxMs, streak: 0 });
  }

  /** Resolves once `url` stopped answering: `at` is the start of the first attempt without an answer. */
  down(url: string, opts: { everyMs?: number; timeoutMs?: number; streak?: number; maxMs: number }): Promise<ProbeResult> {
    return this.command({ mode: 'down', url, everyMs: opts.everyMs ?? 20, timeoutMs: opts.timeoutMs ?? 300, maxMs: opts.maxMs, streak: opts.streak ?? 5 });
  }

  private command(cmd: Record<string, unknown>): Promise<ProbeResult> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      if (this.child.exitCode !== null) return reject(new Error('the prober exited'));
      this.waiting.set(id, resolve);
      this.child.stdin!.write(`${JSON.stringify({ id, ...cmd })}\n`);
    });
  }
}

/** What a restart must leave alone: OVS rows, router namespaces' NAT, addresses and routes, host links. */
export interface HostSnapshot {
  /** Port name → `uuid tag` and Interface name → `uuid ofport`. */
  ovs: Record<string, string>;
  /** Router namespace → normalized `iptables-save -t nat`, `ip -o addr`, `ip route`. */
  routers: Record<string, string>;
  /** Host-namespace links (ifindex name) of the router legs. */
  hostLinks: string[];
}

/** Snapshot of the simulated host: OVSDB rows by vsctl, every qrouter namespace read in `concurrency` processes at a time. */
export async function snapshotHost(host: BenchHost, concurrency = 4): Promise<HostSnapshot> {
  const ovs: Record<string, string> = {};
  const csv = async (table: string, columns: string) => (await host.ovs.vsctl(['--format=csv', '--no-headings', `--columns=${columns}`, 'list', table])).split('\n').filter(Boolean);
  for (const line of await csv('Port', '_uuid,name,tag')) {
    const [uuid, name, tag] = line.split(',');
    ovs[`Port ${name}`] = `${uuid} ${tag}`;
  }
  for (const line of await csv('Interface', '_uuid,name,ofport')) {
    const [uuid, name, ofport] = line.split(',');
    ovs[`Interface ${name}`] = `${uuid} ${ofport}`;
  }
  const namespaces = host.ownNamespaces().filter((n) => n.includes('qrouter-')).sort();
  const routers: Record<string, string> = {};
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (;;) {
      const ns = namespaces[next++];
      if (!ns) return;
      const text = await inNs(ns, ['sh', '-c', 'iptables-save -t nat; echo @@; ip -o addr show; echo @@; ip route show']).catch((e: Error) => `unreadable: ${e.message}`);
      routers[ns] = text.split('\n').filter((l) => !l.startsWith('#')).map((l) => l.replace(/\[\d+:\d+\]/g, '[0:0]').replace(/valid_lft \S+ preferred_lft \S+/, '')).join('\n');
    }
  }));
  const links = await runCommand('ip', ['-n', host.hostNamespace, '-o', 'link', 'show']);
  const hostLinks = links.split('\n').map((l) => /^(\d+): (q[rg]-[^@:]+)/.exec(l)).filter((m) => m !== null).map((m) => `${m![1]} ${m![2]}`).sort();
  return { ovs, routers, hostLinks };
}

/** A router namespace's read without link indexes, lines sorted (the order addresses were added in does not matter). */
const semanticLines = (text: string) => text.split('\n').map((l) => l.replace(/^\d+: /, '').replace(/@if\d+/g, '')).sort();

/** What differs between two snapshots (names of the changed, added and removed items), and for one router the lines that differ in meaning. */
export function snapshotDiff(a: HostSnapshot, b: HostSnapshot): { ovs: string[]; routers: string[]; hostLinks: string[]; example?: { router: string; removed: string[]; added: string[] } } {
  const diffMap = (x: Record<string, string>, y: Record<string, string>) =>
    [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => x[k] !== y[k]).sort();
  const sa = new Set(a.hostLinks);
  const sb = new Set(b.hostLinks);
  const routers = diffMap(a.routers, b.routers);
  let example: { router: string; removed: string[]; added: string[] } | undefined;
  for (const r of routers) {
    const x = semanticLines(a.routers[r] ?? '');
    const y = semanticLines(b.routers[r] ?? '');
    const removed = x.filter((l) => !y.includes(l));
    const added = y.filter((l) => !x.includes(l));
    if (removed.length || added.length) { example = { router: r, removed: removed.slice(0, 20), added: added.slice(0, 20) }; break; }
  }
  return {
    ovs: diffMap(a.ovs, b.ovs), routers,
    hostLinks: [...a.hostLinks.filter((l) => !sb.has(l)).map((l) => `-${l}`), ...b.hostLinks.filter((l) => !sa.has(l)).map((l) => `+${l}`)],
    example,
  };
}

/** A cheap look (two processes): the router legs in the host namespace and the OVS ports by name, as one string. */
export async function legsAndPorts(host: BenchHost): Promise<string> {
  const links = await runCommand('ip', ['-n', host.hostNamespace, '-o', 'link', 'show']);
  const legs = links.split('\n').map((l) => /^\d+: (q[rg]-[^@:]+)/.exec(l)?.[1]).filter((x) => x !== undefined).sort();
  const ports = (await host.ovs.vsctl(['--format=csv', '--no-headings', '--columns=name', 'list', 'Port'])).split('\n').filter(Boolean).sort();
  return JSON.stringify({ legs, ports });
}

/** The same as legsAndPorts, from a snapshot. */
export function legsAndPortsOf(x: HostSnapshot): string {
  const legs = x.hostLinks.map((l) => l.split(' ')[1]!).sort();
  const ports = Object.keys(x.ovs).filter((k) => k.startsWith('Port ')).map((k) => k.slice(5)).sort();
  return JSON.stringify({ legs, ports });
}

/**
 * The same wiring, whatever the row uuids, ofports and link indexes: routers' nat, addresses and
 * routes (`routers`); the OVS ports by name (`ovsPorts`) and with their tags, i.e. the same local
 * VLANs (`localVlans`).
 */
export function sameState(a: HostSnapshot, b: HostSnapshot): { routers: boolean; ovsPorts: boolean; localVlans: boolean } {
  const routers = (x: HostSnapshot) => JSON.stringify(Object.entries(x.routers).sort().map(([k, v]) => [k, semanticLines(v)]));
  const ports = (x: HostSnapshot, tags: boolean) => JSON.stringify(Object.entries(x.ovs).filter(([k]) => k.startsWith('Port ')).map(([k, v]) => (tags ? `${k} ${v.split(' ')[1]}` : k)).sort());
  return { routers: routers(a) === routers(b), ovsPorts: ports(a, false) === ports(b, false), localVlans: ports(a, true) === ports(b, true) };
}

/** The IPv4 addresses of the `qr-` legs in a router namespace (empty when it does not exist yet). */
export async function interfaceAddresses(namespace: string): Promise<string[]> {
  const out = await runCommand('ip', ['-n', namespace, '-j', 'addr', 'show']).catch(() => '[]');
  const links = JSON.parse(out || '[]') as { ifname: string; operstate?: string; addr_info?: { family: string; local: string; prefixlen: number }[] }[];
  return links.filter((l) => l.ifname.startsWith('qr-')).flatMap((l) => (l.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`));
}
