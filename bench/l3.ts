// The L3 benchmarks (issue 5): routers and floating IPs on one simulated host. A private platform
// (ipam, l3, api) and one agent process (l2, dhcp, l3; bridge mapping public:br-ex) on the real
// dataplane: a private OVS with ovs-vswitchd in a host namespace of this run (bench/agent-host.ts).
//   1. floating IP associate → the VM behind the router answers HTTP from an "outside" namespace
//   2. a router with 20 interfaces built from scratch → all 21 router ports ACTIVE
//   3. 100 routers with 1,000 floating IPs: first build, then kill -9 the agent and time its re-sync
// Every wait is bounded; addresses are 198.51.100.0/24 and 203.0.113.0/24 only (DESIGN.md §7).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AgentSubjects, L3AgentSubjects } from '@muon/contracts';
import { routerNamespace } from '@muon/agent-domain';
import type { ServiceInstance, TestPlatform } from '@muon/embedded';
import { runCommand } from '../apps/agent/dist/dataplane/process/run-command.js';
import { BenchHost } from './agent-host.ts';
import { HttpClient } from './http.ts';
import { interfaceAddresses, legsAndPorts, legsAndPortsOf, OutsideNamespace, Prober, sameState, snapshotDiff, snapshotHost, VmNamespace, WhoamiServer, type HostSnapshot } from './l3-world.ts';
import { busyPct, machineCpu, othersPct, pidFromFile, sampleAll, TICKS, type MachineCpu, type ProcGroup } from './procs.ts';
import { round, summarize, type LatencySummary } from './stats.ts';

const now = () => performance.timeOrigin + performance.now();
const TUNNEL_IP = '198.51.100.254';
/** Measure 1: the flat external network `public` and the outside namespace on it. */
const PUBLIC_CIDR = '203.0.113.128/25';
const OUTSIDE_IP = '203.0.113.129';
const VM_CIDR = '198.51.100.16/28';
const VM_GATEWAY = '198.51.100.17';
/** Measure 2: /29 tenant subnets from 198.51.100.64 on (20 of them end at .223). */
const BIG_ROUTER_BASE = 64;
/** Measure 3: VLAN external networks on physnet public, each with 203.0.113.0/24 (the networks are separate segments). */
const RESYNC_EXT_CIDR = '203.0.113.0/24';
const RESYNC_EXT_ADDRESSES = 253 - 20; // .2–.254, a margin kept free
const RESYNC_VLAN_BASE = 3001;
/** Measure 3's tenant subnets carry no packets: every router's is 198.51.100.0/28 (each its own network). */
const RESYNC_TENANT_CIDR = '198.51.100.0/28';

export interface L3BenchConfig {
  quick: boolean;
  fipRounds: number;
  interfaces: number;
  interfaceRuns: number;
  routers: number;
  floatingIps: number;
  buildConcurrency: number;
  /** Seconds of idle after the build (the agent's CPU), and kill -9 restarts in a row. */
  idleSeconds: number;
  restarts: number;
  /** Time limit of each phase (each wait inside it is bounded too)… */
  maxPhaseSeconds: number;
  /** …and of all the measures together: every wait also stops at this budget. */
  totalSeconds: number;
}

export function l3Config(quick: boolean, env = process.env): L3BenchConfig {
  const num = (v: string | undefined, fallback: number) => (v ? Number(v) : fallback);
  return {
    quick,
    fipRounds: num(env.MUON_BENCH_L3_FIP_ROUNDS, quick ? 20 : 100),
    interfaces: num(env.MUON_BENCH_L3_INTERFACES, 20),
    interfaceRuns: num(env.MUON_BENCH_L3_INTERFACE_RUNS, quick ? 1 : 3),
    routers: num(env.MUON_BENCH_L3_ROUTERS, quick ? 20 : 100),
    floatingIps: num(env.MUON_BENCH_L3_FLOATINGIPS, quick ? 100 : 1000),
    buildConcurrency: num(env.MUON_BENCH_L3_CONCURRENCY, 10),
    idleSeconds: quick ? 5 : 10,
    restarts: num(env.MUON_BENCH_L3_RESTARTS, 1),
    maxPhaseSeconds: num(env.MUON_BENCH_L3_PHASE_SECONDS, quick ? 120 : 420),
    totalSeconds: num(env.MUON_BENCH_L3_TOTAL_SECONDS, quick ? 200 : 810),
  };
}

export interface FipResult {
  rounds: number;
  errors: string[];
  timedOut: boolean;
  /** PUT port_id sent → the outside's HTTP GET to the floating IP answered (the VM's answer). */
  reachableMs: LatencySummary;
  /** PUT port_id sent → its answer. */
  associatePutMs: LatencySummary;
  /** PUT port_id sent → l3's floatingip.status_changed ACTIVE seen on NATS (the agent's report recorded). */
  activeMs: LatencySummary;
  /** PUT port_id null sent → the first GET without an answer (followed by 4 more). */
  unreachableMs: LatencySummary;
  /** What the VM saw as the client's address (DNAT only: the outside's own). */
  seenClient: string | undefined;
  /** After the first round: the outside's ARP entry for the floating IP. */
  neighbour: string;
  /** Router deleted (after its floating IP, interface and gateway) → its qrouter namespace gone. */
  routerRemovalMs?: number;
  /** The agent's passes that changed something while the rounds ran. */
  agentPasses: { count: number; operations: number; ms: LatencySummary };
  /** Rounds where the association or disassociation took over 3 s (or never showed): when, how long, and when l3's floatingip.updated was seen. */
  slowRounds: { round: number; phase: 'associate' | 'disassociate'; sentAt: string; ms?: number; updatedEventMs?: number }[];
}

export interface BigRouterRun {
  interfaces: number;
  /** POST /routers (with the gateway) answered. */
  routerPostMs: number;
  /** Each PUT add_router_interface, one at a time. */
  addInterfaceMs: LatencySummary;
  /** Router POST sent → the last add_router_interface answered. */
  apiMs: number;
  /** Router POST sent → every router port (interfaces + gateway) ACTIVE (status_changed seen on NATS). */
  allActiveMs?: number;
  /** Router POST sent → the qrouter namespace holds all the qr- addresses (polled every 100 ms). */
  addressesMs?: number;
  activePorts: number;
  timedOut: boolean;
  agentPasses: { count: number; operations: number; ms: LatencySummary };
  /** Interfaces removed and router deleted (API) → namespace gone; and → l3.router.deleted seen on NATS. */
  teardownApiMs?: number;
  teardownMs?: number;
  teardownEventMs?: number;
}

export interface RestartResult {
  /** ms from spawning the agent process. */
  dataplaneUpMs?: number;
  registeredMs?: number;
  readyMs?: number;
  timedOut: boolean;
  /** The agent's own record: passes with operations ("reconciled" lines) and the operations it logged (debug). */
  passesWithOperations: number;
  operations: number;
  /** ms from spawning to the first operation the agent logged, and the operations by kind (an OVS batch counts each of its parts). */
  firstOperationMs?: number;
  operationKinds: Record<string, number>;
  /** The first 3 operation lines of each kind the agent logged (debug level). */
  operationsLogged: string[];
  /** Port rows updated in OVSDB (the bench's monitor) and what differs between the snapshots before and after. */
  portRowUpdates: number;
  diff: { ovs: string[]; routers: string[]; hostLinks: string[]; example?: { router: string; removed: string[]; added: string[] } };
  /** Status reports the restarted agent sent, by status (port statuses, floating IP statuses). */
  portReports: Record<string, number>;
  floatingipReports: Record<string, number>;
  /** ms from spawning to the last operation the agent applied (when it applied any): the host is whole again from then on. */
  lastOperationMs?: number;
  /** After the agent went quiet, as before the kill: routers (nat, addresses, routes; link indexes aside), OVS ports by name, and their tags (local VLANs). */
  restored: { routers: boolean; ovsPorts: boolean; localVlans: boolean };
  /** Routers (qrouter namespaces) and OVS rows compared. */
  compared: { routers: number; ovsRows: number };
}

export interface ResyncResult {
  routers: number;
  floatingIps: number;
  externalNetworks: number;
  build: {
    apiSeconds: number;
    apiErrors: number;
    errorSamples: string[];
    /** Build start → every router port and floating IP ACTIVE. */
    convergedSeconds?: number;
    activeRouterPorts: number;
    activeFloatingIps: number;
    timedOut: boolean;
    agentPasses: { count: number; operations: number; ms: LatencySummary };
  };
  /** The agent's CPU (its own and its children's) with everything built and nothing to do, ms per second (config.idleSeconds). */
  idleAgentCpuMsPerSecond?: number;
  restarts: RestartResult[];
}

export interface L3Results {
  skipped?: string;
  quick: boolean;
  config: L3BenchConfig;
  host?: { name: string; hostNamespace: string; tunnelIp: string; bridgeMappings: string; capabilities: string };
  floatingIp?: FipResult;
  bigRouter: BigRouterRun[];
  resync?: ResyncResult;
  /** Machine load average (1 min) at the end of each measure. */
  load: Record<string, number>;
  /** How busy the machine was during each measure, and how much of it was processes outside this run (%, all cores). */
  machine: Record<string, { busyPct: number; othersPct: number; seconds: number }>;
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface StatusMark { status: string; at: number }

/** NATS taps: status events (ipam ports, l3 floating IPs) and the agent's status reports, all timestamped. */
class L3Taps {
  readonly ports = new Map<string, StatusMark[]>();
  readonly fips = new Map<string, StatusMark[]>();
  /** l3.floatingip.updated events: 'associated' or 'disassociated', when seen. */
  readonly fipUpdates = new Map<string, StatusMark[]>();
  /** Statuses the agent reported, by status (port statuses; floating IP statuses). */
  portReports: Record<string, number> = {};
  floatingipReports: Record<string, number> = {};
  /** l3.router.* events: type, router id, when seen. */
  readonly routerEvents: { type: string; id: string; at: number }[] = [];
  readonly nc: NatsConnection;
  private readonly host: string;
  private constructor(nc: NatsConnection, host: string) {
    this.nc = nc;
    this.host = host;
  }

  static async open(natsUrl: string, host: string): Promise<L3Taps> {
    const t = new L3Taps(await connect({ servers: natsUrl, name: 'bench-l3' }), host);
    const on = (subject: string, fn: (body: Json, at: number) => void) => {
      const sub = t.nc.subscribe(subject);
      void (async () => { for await (const msg of sub) { const at = now(); try { fn(msg.json(), at); } catch { /* not ours */ } } })();
    };
    const push = (m: Map<string, StatusMark[]>, id: string, mark: StatusMark) => { const xs = m.get(id) ?? []; xs.push(mark); m.set(id, xs); };
    on('muon.evt.ipam.port.status_changed', (e, at) => { const p = e.data?.port; if (p?.id) push(t.ports, p.id, { status: p.status, at }); });
    on('muon.evt.l3.floatingip.status_changed', (e, at) => { const f = e.data?.floatingip; if (f?.id) push(t.fips, f.id, { status: f.status, at }); });
    on('muon.evt.l3.floatingip.updated', (e, at) => { const f = e.data?.floatingip; if (f?.id) push(t.fipUpdates, f.id, { status: f.port_id ? 'associated' : 'disassociated', at }); });
    on('muon.evt.l3.router.>', (e, at) => { if (e.data?.router?.id) t.routerEvents.push({ type: e.type, id: e.data.router.id, at }); });
    const count = (m: Record<string, number>, items: { status: string }[]) => { for (const x of items) m[x.status] = (m[x.status] ?? 0) + 1; };
    on(AgentSubjects.reportStatus, (r) => { if (r.body?.host === t.host) count(t.portReports, r.body.ports); });
    on(L3AgentSubjects.reportFloatingipStatus, (r) => { if (r.body?.host === t.host) count(t.floatingipReports, r.body.floatingips); });
    await t.nc.flush();
    return t;
  }

  /** The latest status seen for an id (at or after `since`). */
  static latest(m: Map<string, StatusMark[]>, id: string, since = 0): StatusMark | undefined {
    const xs = (m.get(id) ?? []).filter((x) => x.at >= since);
    return xs[xs.length - 1];
  }

  /** When the first `status` event at or after `since` came for an id. */
  static first(m: Map<string, StatusMark[]>, id: string, status: string, since: number): number | undefined {
    return (m.get(id) ?? []).find((x) => x.at >= since && x.status === status)?.at;
  }

  async close(): Promise<void> {
    await this.nc.drain().catch(() => undefined);
  }
}

interface LogLine { time: number; level: number; msg: string; operations?: number; converged?: boolean; ms?: number }

function agentLog(file: string, offset: number): LogLine[] {
  let text = '';
  try { text = readFileSync(file, 'utf8').slice(offset); } catch { return []; }
  return text.split('\n').filter((l) => l.startsWith('{')).map((l) => { try { return JSON.parse(l); } catch { return undefined; } }).filter(Boolean)
    .map((l: Json) => ({ ...l, time: typeof l.time === 'string' ? Date.parse(l.time) : Number(l.time) }));
}
const fileSize = (file: string) => { try { return statSync(file).size; } catch { return 0; } };
const passesOf = (log: LogLine[]) => {
  const passes = log.filter((l) => l.msg === 'reconciled');
  return { count: passes.length, operations: passes.reduce((a, l) => a + (l.operations ?? 0), 0), ms: summarize(passes.map((l) => l.ms ?? 0)) };
};
/** The first 3 operation lines of each kind (an OVS batch is one line), in order. */
const sampleOperations = (lines: string[]) => {
  const seen: Record<string, number> = {};
  return lines.filter((l) => { const k = l.split(' ')[0]!; seen[k] = (seen[k] ?? 0) + 1; return seen[k] <= 3; });
};
const load1 = () => { try { return round(Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]), 2); } catch { return Number.NaN; } };
/** utime + stime of a process and of its reaped children, in seconds. */
const cpuSeconds = (pid: number) => {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS;
};

export interface L3BenchDeps {
  platform: TestPlatform;
  apiUrls: string[];
  say: (line: string) => void;
  /** Told how to clean up as soon as there is something to clean (for Ctrl-C and failures). */
  onCleanup: (fn: () => Promise<void>) => void;
  /** The platform's processes (services, PostgreSQL, NATS), to tell this run's CPU from other work on the machine. */
  groups: ProcGroup[];
}

export async function runL3Bench(cfg: L3BenchConfig, deps: L3BenchDeps): Promise<L3Results> {
  const { platform, say } = deps;
  const results: L3Results = { quick: cfg.quick, config: cfg, bigRouter: [], load: {}, machine: {} };
  const host = new BenchHost('l3host');
  let agent: ServiceInstance | undefined;
  let taps: L3Taps | undefined;
  const helpers: { stop(): void }[] = [];
  const http = new HttpClient(deps.apiUrls, { 'x-project-id': 'bench-l3', 'x-roles': 'admin' }, 32);
  let cleaned: Promise<void> | undefined;
  const cleanup = () => (cleaned ??= (async () => {
    for (const h of helpers) h.stop();
    if (agent) await platform.kill(agent);
    await taps?.close();
    http.close();
    const errors = await host.cleanup();
    if (errors.length) say(`l3 bench cleanup: ${errors.join('; ')}`);
  })());
  deps.onCleanup(cleanup);
  const logFile = join(platform.logDir, 'agent-0.log');
  const capabilities = 'l2,dhcp,l3';
  const bridgeMappings = 'public:br-ex';
  const env = {
    ...host.agentEnv(TUNNEL_IP), MUON_AGENT_CAPABILITIES: capabilities, MUON_AGENT_BRIDGE_MAPPINGS: bridgeMappings,
    LOG_LEVEL: process.env.MUON_BENCH_AGENT_LOG_LEVEL ?? 'info',
  };
  const spawnAgent = async (extra: NodeJS.ProcessEnv = {}) => (agent = await platform.spawnService('agent', 0, { ...env, ...extra }));

  const post = async (collection: string, member: string, body: Json) => (await http.json<Json>('POST', `/v2.0/${collection}`, { [member]: body }, 201))[member];
  const put = async (path: string, body: Json) => http.json<Json>('PUT', path, body, 200);
  const del = async (path: string) => { await http.json('DELETE', path, undefined, 204); };
  const routerPorts = async (routerId: string): Promise<Json[]> =>
    (await http.json<Json>('GET', `/v2.0/ports?device_id=${routerId}&fields=id&fields=status&fields=device_owner`, undefined, 200)).ports;
  const budgetEnd = now() + cfg.totalSeconds * 1000;
  /** Seconds left of the whole run's budget. */
  const remaining = () => Math.max(0, (budgetEnd - now()) / 1000);
  /** Polls `check` every `everyMs` until it returns true or `seconds` pass (at most the budget left); resolves with the time it held (or undefined). */
  const until = async (seconds: number, everyMs: number, check: () => Promise<boolean> | boolean): Promise<number | undefined> => {
    const deadline = now() + Math.min(seconds, Math.max(remaining(), 5)) * 1000;
    for (;;) {
      if (agent && agent.child.exitCode !== null) throw new Error(`the agent exited with ${agent.child.exitCode}; see ${logFile}`);
      if (await check()) return now();
      if (now() > deadline) return undefined;
      await sleep(everyMs);
    }
  };
  const namespaceGone = (ns: string) => !host.ownNamespaces().includes(ns);
  /** CPU seconds of everything this run started: platform, agent (with its reaped children), OVS daemons, this process. */
  const ourCpu = () => {
    let total = Object.values(sampleAll(deps.groups)).reduce((a, g) => a + (Number.isFinite(g.cpuSeconds) ? g.cpuSeconds : 0), 0);
    const pids = [agent?.child.pid, pidFromFile(join(host.stateDir, 'ovs', 'ovs-vswitchd.pid')), pidFromFile(join(host.stateDir, 'ovs', 'ovsdb-server.pid'))];
    for (const pid of pids) if (pid) { try { total += cpuSeconds(pid); } catch { /* gone */ } }
    const u = process.cpuUsage();
    return total + (u.user + u.system) / 1e6;
  };
  let window: { m: MachineCpu; ours: number; at: number } | undefined;
  const startWindow = () => { window = { m: machineCpu(), ours: ourCpu(), at: now() }; };
  const endWindow = (name: string) => {
    const m = machineCpu();
    if (window) results.machine[name] = { busyPct: round(busyPct(window.m, m), 1), othersPct: round(othersPct(window.m, m, ourCpu() - window.ours), 1), seconds: round((now() - window.at) / 1000, 1) };
    results.load[name] = load1();
  };

  try {
    say(`l3: host ${host.name} in namespace ${host.hostNamespace} (state ${host.dir}); agent capabilities ${capabilities}, bridge mappings ${bridgeMappings}`);
    await host.start();
    taps = await L3Taps.open(platform.natsUrl, host.name);
    await spawnAgent();
    await platform.waitReady(agent!, 'readyz', 60000);
    // An operator lifts the project's quotas for a scale test (routers 10 and floating IPs 50 by default).
    await put('/v2.0/quotas/bench-l3', { quota: { network: -1, subnet: -1, port: -1, router: -1, floatingip: -1 } });
    results.host = { name: host.name, hostNamespace: host.hostNamespace, tunnelIp: TUNNEL_IP, bridgeMappings, capabilities };
    const brEx = await until(30, 100, async () => (await host.ovs.vsctl(['list-br'])).split('\n').includes('br-ex'));
    if (!brEx) throw new Error('the agent did not create br-ex in 30 s');

    // The flat external network `public` (the outside namespace is its gateway) and the tenant network of the VM.
    const pub = await post('networks', 'network', { name: 'l3-public', 'router:external': true, 'provider:network_type': 'flat', 'provider:physical_network': 'public' });
    await post('subnets', 'subnet', { network_id: pub.id, cidr: PUBLIC_CIDR, ip_version: 4, enable_dhcp: false, gateway_ip: OUTSIDE_IP, name: 'l3-public' });

    // ---- 1. Floating IP associate → reachable from outside.
    {
      say(`floating IP: ${cfg.fipRounds} rounds of associate → the VM answers HTTP from outside → disassociate → it no longer does`);
      const phaseEnd = now() + Math.min(cfg.maxPhaseSeconds, remaining() * 0.25) * 1000;
      startWindow();
      const net = await post('networks', 'network', { name: 'l3-vm' });
      const sub = await post('subnets', 'subnet', { network_id: net.id, cidr: VM_CIDR, ip_version: 4, enable_dhcp: false, gateway_ip: VM_GATEWAY, name: 'l3-vm' });
      const router = await post('routers', 'router', { name: 'l3-fip', external_gateway_info: { network_id: pub.id } });
      await put(`/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: sub.id });
      const ns = routerNamespace(`${host.hostNamespace}-`, router.id);
      const routerUp = await until(60, 100, async () => { const ps = await routerPorts(router.id); return ps.length === 2 && ps.every((p) => p.status === 'ACTIVE'); });
      if (!routerUp) throw new Error('the router\'s ports did not become ACTIVE in 60 s');
      const port = await post('ports', 'port', { network_id: net.id, name: 'l3-vm', device_owner: 'compute:nova', device_id: 'bench-l3-vm', 'binding:host_id': host.name });
      const vm = new VmNamespace(host, 'l3vm', port.id, port.mac_address);
      await vm.create(port.fixed_ips[0].ip_address, 28, VM_GATEWAY);
      await vm.plug();
      const vmUp = await until(60, 50, async () => (await http.json<Json>('GET', `/v2.0/ports/${port.id}`, undefined, 200)).port.status === 'ACTIVE');
      if (!vmUp) throw new Error('the VM port did not become ACTIVE in 60 s');
      const outside = new OutsideNamespace(host, OUTSIDE_IP, 25);
      await outside.create('br-ex');
      helpers.push(await WhoamiServer.start(host, vm.namespace));
      const prober = await Prober.start(host, outside.namespace);
      helpers.push(prober);
      const fip = await post('floatingips', 'floatingip', { floating_network_id: pub.id });
      const url = `http://${fip.floating_ip_address}:8080/`;
      say(`  router ${router.id} (namespace ${ns}), VM ${port.fixed_ips[0].ip_address}, floating IP ${fip.floating_ip_address}`);

      const logOffset = fileSize(logFile);
      const reachable: number[] = [], associatePut: number[] = [], active: number[] = [], unreachable: number[] = [];
      const errors: string[] = [];
      let seenClient: string | undefined;
      let neighbour = '';
      let timedOut = false;
      const slowRounds: FipResult['slowRounds'] = [];
      // Round 0 is a warm-up (first packets through the router, ARP), not counted.
      for (let i = 0; i <= cfg.fipRounds; i++) {
        if (now() > phaseEnd) { timedOut = true; break; }
        try {
          const upPromise = prober.up(url, { maxMs: 30000 });
          const t0 = now();
          await put(`/v2.0/floatingips/${fip.id}`, { floatingip: { port_id: port.id } });
          const tPut = now();
          const up = await upPromise;
          const seen = (what: string, since: number) => { const at = L3Taps.first(taps!.fipUpdates, fip.id, what, since); return at === undefined ? 'not seen' : `seen after ${round(at - since, 0)} ms`; };
          if (!up.ok) throw new Error(`round ${i}: ${fip.floating_ip_address} did not answer within 30 s of the association (l3.floatingip.updated ${seen('associated', t0)})`);
          if (i === 0) {
            seenClient = up.body;
            neighbour = await outside.neighbour(fip.floating_ip_address);
          } else {
            reachable.push(up.at! - t0);
            associatePut.push(tPut - t0);
          }
          // The status follows the dataplane: wait (bounded) for l3 to record the agent's ACTIVE before taking it away.
          await until(10, 5, () => L3Taps.first(taps!.fips, fip.id, 'ACTIVE', t0) !== undefined);
          const downPromise = prober.down(url, { maxMs: 30000 });
          const t1 = now();
          await put(`/v2.0/floatingips/${fip.id}`, { floatingip: { port_id: null } });
          const down = await downPromise;
          const slow = (phase: 'associate' | 'disassociate', ms: number | undefined, since: number, what: string) => {
            const ev = L3Taps.first(taps!.fipUpdates, fip.id, what, since);
            slowRounds.push({ round: i, phase, sentAt: new Date(since).toISOString(), ms: ms === undefined ? undefined : round(ms, 0), updatedEventMs: ev === undefined ? undefined : round(ev - since, 0) });
          };
          if (up.at! - t0 > 3000) slow('associate', up.at! - t0, t0, 'associated');
          if (!down.ok) {
            // Not applied: wait (bounded) until it is, so the next round starts from a clean state, and record when.
            const late = await prober.down(url, { maxMs: 90000 });
            slow('disassociate', late.ok ? late.at! - t1 : undefined, t1, 'disassociated');
            if (i > 0 && late.ok) unreachable.push(late.at! - t1);
            throw new Error(`round ${i}: ${fip.floating_ip_address} still answered 30 s after the disassociation (sent ${new Date(t1).toISOString()}; ` +
              `l3.floatingip.updated ${seen('disassociated', t1)}; unreachable ${late.ok ? `after ${round((late.at! - t1) / 1000, 1)} s` : 'not within 90 s'})`);
          }
          if (down.at! - t1 > 3000) slow('disassociate', down.at! - t1, t1, 'disassociated');
          if (i > 0) {
            unreachable.push(down.at! - t1);
            const act = L3Taps.first(taps.fips, fip.id, 'ACTIVE', t0);
            if (act !== undefined && act < t1) active.push(act - t0);
          }
        } catch (err) {
          errors.push((err as Error).message);
          if (errors.length >= 3) break;
          await put(`/v2.0/floatingips/${fip.id}`, { floatingip: { port_id: null } }).catch(() => undefined);
          await sleep(1000);
        }
      }
      const agentPasses = passesOf(agentLog(logFile, logOffset));
      // Tear down through the API (floating IP, interface, router), then the VM and the outside.
      await del(`/v2.0/floatingips/${fip.id}`);
      await put(`/v2.0/routers/${router.id}/remove_router_interface`, { subnet_id: sub.id });
      const tDel = now();
      await del(`/v2.0/routers/${router.id}`);
      const gone = await until(60, 50, () => namespaceGone(ns));
      prober.stop();
      for (const h of helpers.splice(0)) h.stop();
      await vm.unplug();
      await del(`/v2.0/ports/${port.id}`);
      await outside.remove('br-ex');
      await runCommand('ip', ['netns', 'delete', vm.namespace]).catch(() => undefined);
      results.floatingIp = {
        rounds: reachable.length, errors, timedOut,
        reachableMs: summarize(reachable), associatePutMs: summarize(associatePut), activeMs: summarize(active), unreachableMs: summarize(unreachable),
        seenClient, neighbour, routerRemovalMs: gone && round(gone - tDel, 0), agentPasses, slowRounds,
      };
      endWindow('floatingIp');
      const f = results.floatingIp;
      say(`  ${f.rounds} rounds: reachable p50 ${f.reachableMs.p50} ms, p99 ${f.reachableMs.p99} ms (PUT p50 ${f.associatePutMs.p50} ms, ACTIVE event p50 ${f.activeMs.p50} ms); ` +
        `unreachable after disassociation p50 ${f.unreachableMs.p50} ms; the VM saw ${seenClient}; ${errors.length} errors`);
      if (errors.length) say(`  errors: ${errors.join('; ')}`);
    }

    // ---- 2. A router with N interfaces built from scratch.
    {
      const n = cfg.interfaces;
      if (BIG_ROUTER_BASE + 8 * n > 256) throw new Error(`${n} /29 subnets from 198.51.100.${BIG_ROUTER_BASE} do not fit in 198.51.100.0/24`);
      say(`router with ${n} interfaces: ${cfg.interfaceRuns} run(s) of router POST (gateway on public) + ${n} add_router_interface → all ${n + 1} ports ACTIVE`);
      const subnets: { id: string; gateway: string }[] = [];
      for (let k = 0; k < n; k++) {
        const net = await post('networks', 'network', { name: `l3-big-${k}` });
        const base = BIG_ROUTER_BASE + 8 * k;
        const sub = await post('subnets', 'subnet', { network_id: net.id, cidr: `198.51.100.${base}/29`, ip_version: 4, enable_dhcp: false, name: `l3-big-${k}` });
        subnets.push({ id: sub.id, gateway: `198.51.100.${base + 1}` });
      }
      const wanted = subnets.map((s) => `${s.gateway}/29`).sort().join(' ');
      startWindow();
      for (let run = 0; run < cfg.interfaceRuns; run++) {
        const logOffset = fileSize(logFile);
        const t0 = now();
        const router = await post('routers', 'router', { name: `l3-big-${run}`, external_gateway_info: { network_id: pub.id } });
        const routerPostMs = now() - t0;
        const ns = routerNamespace(`${host.hostNamespace}-`, router.id);
        const portIds: string[] = [];
        const addMs: number[] = [];
        for (const s of subnets) {
          const a = now();
          const info = await put(`/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: s.id });
          addMs.push(now() - a);
          portIds.push(info.port_id);
        }
        const apiMs = now() - t0;
        const gw = (await http.json<Json>('GET', `/v2.0/ports?device_id=${router.id}&device_owner=network:router_gateway&fields=id`, undefined, 200)).ports as Json[];
        portIds.push(...gw.map((p) => p.id as string));
        let addressesAt: number | undefined;
        const allAt = await until(cfg.maxPhaseSeconds, 100, async () => {
          if (addressesAt === undefined && (await interfaceAddresses(ns)).sort().join(' ') === wanted) addressesAt = now();
          const activeAll = portIds.length === n + 1 && portIds.every((id) => L3Taps.latest(taps!.ports, id, t0)?.status === 'ACTIVE');
          return activeAll && addressesAt !== undefined;
        });
        const activeTimes = portIds.map((id) => L3Taps.first(taps!.ports, id, 'ACTIVE', t0));
        const activePorts = activeTimes.filter((x) => x !== undefined).length;
        const allActiveMs = activePorts === n + 1 ? Math.max(...(activeTimes as number[])) - t0 : undefined;
        await sleep(1000); // the last passes and reports settle
        const agentPasses = passesOf(agentLog(logFile, logOffset));
        // Teardown: every interface off, the router deleted → the namespace goes.
        const d0 = now();
        for (const s of subnets) await put(`/v2.0/routers/${router.id}/remove_router_interface`, { subnet_id: s.id });
        await del(`/v2.0/routers/${router.id}`);
        const teardownApiMs = now() - d0;
        const gone = await until(120, 100, () => namespaceGone(ns));
        const deletedEvent = taps.routerEvents.find((e) => e.id === router.id && e.type === 'l3.router.deleted');
        const r: BigRouterRun = {
          interfaces: n, routerPostMs: round(routerPostMs, 1), addInterfaceMs: summarize(addMs), apiMs: round(apiMs, 0),
          allActiveMs: allActiveMs === undefined ? undefined : round(allActiveMs, 0), addressesMs: addressesAt === undefined ? undefined : round(addressesAt - t0, 0),
          activePorts, timedOut: allAt === undefined, agentPasses, teardownApiMs: round(teardownApiMs, 0), teardownMs: gone === undefined ? undefined : round(gone - d0, 0),
          teardownEventMs: deletedEvent && round(deletedEvent.at - d0, 0),
        };
        results.bigRouter.push(r);
        say(`  run ${run + 1}: API ${r.apiMs} ms (router POST ${r.routerPostMs} ms, add_router_interface p50 ${r.addInterfaceMs.p50} ms), ` +
          `all ${r.activePorts}/${n + 1} ports ACTIVE ${r.allActiveMs ?? '–'} ms, ${n} qr- addresses ${r.addressesMs ?? '–'} ms; ` +
          `${agentPasses.count} agent passes with ${agentPasses.operations} operations; teardown ${r.teardownMs ?? '–'} ms`);
        if (r.timedOut) break;
      }
      endWindow('bigRouter');
    }

    // ---- 3. Agent re-sync with R routers and F floating IPs.
    {
      const R = cfg.routers;
      const perRouter = Math.max(1, Math.round(cfg.floatingIps / R));
      const F = perRouter * R;
      const tenantPrefix = 28;
      if (perRouter + 1 > 2 ** (32 - tenantPrefix) - 2) throw new Error(`${perRouter} floating IP ports per router do not fit in a /${tenantPrefix}`);
      const E = Math.max(1, Math.ceil((R + F) / RESYNC_EXT_ADDRESSES));
      say(`re-sync: ${R} routers (gateway + 1 interface each), ${F} floating IPs (${perRouter} per router) on ${E} VLAN external network(s); build c=${cfg.buildConcurrency}`);
      const exts: string[] = [];
      for (let k = 0; k < E; k++) {
        const net = await post('networks', 'network', {
          name: `l3-ext-${k}`, 'router:external': true, 'provider:network_type': 'vlan', 'provider:physical_network': 'public', 'provider:segmentation_id': RESYNC_VLAN_BASE + k,
        });
        await post('subnets', 'subnet', { network_id: net.id, cidr: RESYNC_EXT_CIDR, ip_version: 4, enable_dhcp: false, name: `l3-ext-${k}` });
        exts.push(net.id);
      }
      const logOffset = fileSize(logFile);
      startWindow();
      const t0 = now();
      const deadline = t0 + Math.min(cfg.maxPhaseSeconds, remaining()) * 1000;
      const routerIds: string[] = [];
      const fipIds: string[] = [];
      const errorSamples: string[] = [];
      let apiErrors = 0;
      let next = 0;
      await Promise.all(Array.from({ length: cfg.buildConcurrency }, async () => {
        for (;;) {
          const i = next++;
          if (i >= R || now() > deadline) return;
          try {
            const ext = exts[i % E]!;
            const net = await post('networks', 'network', { name: `l3-r${i}` });
            const sub = await post('subnets', 'subnet', { network_id: net.id, cidr: RESYNC_TENANT_CIDR, ip_version: 4, enable_dhcp: false, name: `l3-r${i}` });
            const router = await post('routers', 'router', { name: `l3-r${i}`, external_gateway_info: { network_id: ext } });
            routerIds.push(router.id);
            await put(`/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: sub.id });
            for (let j = 0; j < perRouter; j++) {
              const p = await post('ports', 'port', { network_id: net.id, name: `l3-r${i}-${j}`, device_owner: 'compute:nova', device_id: `bench-l3-vm-${i}-${j}` });
              const fip = await post('floatingips', 'floatingip', { floating_network_id: ext, port_id: p.id });
              fipIds.push(fip.id);
            }
          } catch (err) {
            apiErrors++;
            if (errorSamples.length < 5) errorSamples.push((err as Error).message);
          }
        }
      }));
      const apiSeconds = (now() - t0) / 1000;
      say(`  built through the API in ${round(apiSeconds, 1)} s (${routerIds.length} routers, ${fipIds.length} floating IPs, ${apiErrors} errors); waiting for the agent`);
      // Converged: every router port and floating IP ACTIVE (events), confirmed by the API.
      const portIdsOf = async () => {
        const ps: Json[] = [];
        for (const owner of ['network:router_interface', 'network:router_gateway']) {
          ps.push(...(await http.json<Json>('GET', `/v2.0/ports?device_owner=${owner}&fields=id&fields=status&fields=device_id`, undefined, 200)).ports);
        }
        const mine = new Set(routerIds);
        return ps.filter((p) => mine.has(p.device_id));
      };
      let routerPortIds: string[] = [];
      let apiCheckAt = 0;
      let activeRouterPorts = 0;
      let activeFloatingIps = 0;
      const convergedAt = await until(Math.max(30, (deadline - now()) / 1000), 250, async () => {
        if (routerPortIds.length < 2 * routerIds.length || now() - apiCheckAt > 5000) {
          apiCheckAt = now();
          const ps = await portIdsOf();
          routerPortIds = ps.map((p) => p.id);
          const fips = (await http.json<Json>('GET', '/v2.0/floatingips?fields=id&fields=status', undefined, 200)).floatingips as Json[];
          const wantedFips = new Set(fipIds);
          activeFloatingIps = fips.filter((f) => wantedFips.has(f.id) && f.status === 'ACTIVE').length;
          activeRouterPorts = ps.filter((p) => p.status === 'ACTIVE').length;
          if (activeRouterPorts === 2 * routerIds.length && activeFloatingIps === fipIds.length) return true;
        }
        const portsOk = routerPortIds.length === 2 * routerIds.length && routerPortIds.every((id) => L3Taps.latest(taps!.ports, id)?.status === 'ACTIVE');
        const fipsOk = fipIds.every((id) => L3Taps.latest(taps!.fips, id)?.status === 'ACTIVE');
        return portsOk && fipsOk;
      });
      if (convergedAt !== undefined) { activeRouterPorts = 2 * routerIds.length; activeFloatingIps = fipIds.length; }
      // The converged time is the last ACTIVE event (or the API check that saw it all, if an event was missed).
      const lastEvent = Math.max(
        ...routerPortIds.map((id) => L3Taps.latest(taps!.ports, id)?.at ?? 0),
        ...fipIds.map((id) => L3Taps.latest(taps!.fips, id)?.at ?? 0),
      );
      const convergedTime = convergedAt === undefined ? undefined : Math.min(convergedAt, lastEvent > 0 ? lastEvent : convergedAt);
      const build: ResyncResult['build'] = {
        apiSeconds: round(apiSeconds, 2), apiErrors, errorSamples,
        convergedSeconds: convergedTime === undefined ? undefined : round((convergedTime - t0) / 1000, 2),
        activeRouterPorts, activeFloatingIps, timedOut: convergedAt === undefined, agentPasses: { count: 0, operations: 0, ms: summarize([]) },
      };
      const resync: ResyncResult = { routers: routerIds.length, floatingIps: fipIds.length, externalNetworks: E, build, restarts: [] };
      results.resync = resync;
      say(`  first build converged: ${build.convergedSeconds ?? 'time limit'} s from the first request (${activeRouterPorts}/${2 * routerIds.length} router ports, ` +
        `${activeFloatingIps}/${fipIds.length} floating IPs ACTIVE)`);
      if (build.timedOut) throw new Error('the first build did not converge within the phase\'s time limit');
      const ready = await until(60, 100, async () => { try { return (await fetch(`http://127.0.0.1:${agent!.healthPort}/readyz`)).ok; } catch { return false; } });
      if (!ready) throw new Error('the agent was not ready 60 s after the build converged');
      await sleep(3000); // the last passes and reports settle
      build.agentPasses = passesOf(agentLog(logFile, logOffset));
      endWindow('resyncBuild');

      // Idle: what the agent burns with everything built (its periodic reads of every router namespace).
      const pid = agent!.child.pid!;
      startWindow();
      const c0 = cpuSeconds(pid);
      const w0 = now();
      await sleep(cfg.idleSeconds * 1000);
      resync.idleAgentCpuMsPerSecond = round((1000 * (cpuSeconds(pid) - c0)) / ((now() - w0) / 1000), 0);
      endWindow('idle');
      say(`  agent idle with ${R} routers: ${resync.idleAgentCpuMsPerSecond} ms CPU per second (itself and its child processes)`);

      // kill -9, start again, time it to ready; compare the host before and after.
      for (let k = 0; k < cfg.restarts; k++) {
        say(`  restart ${k + 1}/${cfg.restarts}: snapshot (OVS rows, every qrouter's nat table, addresses, routes), kill -9 the agent, start it again`);
        const before: HostSnapshot = await snapshotHost(host);
        await platform.kill(agent!);
        await sleep(300);
        const restartOffset = fileSize(logFile);
        const updates0 = host.portUpdates;
        taps.portReports = {};
        taps.floatingipReports = {};
        const s0 = now();
        // Debug level: the agent then logs every operation it applies (none, on a host that is right).
        await spawnAgent({ LOG_LEVEL: process.env.MUON_BENCH_AGENT_LOG_LEVEL ?? 'debug' });
        startWindow();
        const readyAt = await until(Math.min(cfg.maxPhaseSeconds, remaining() - 20), 20, async () => { try { return (await fetch(`http://127.0.0.1:${agent!.healthPort}/readyz`)).ok; } catch { return false; } });
        // Settled: no operation for 6 s after ready (the periodic resync runs every 4 s) and the legs and OVS ports as before
        // the kill; or quiet for 30 s without that (the comparison below tells). Bounded by the phase and the run's budget.
        const isOperation = (l: LogLine) => l.level <= 20 && /\(\d+ ms\)$/.test(l.msg);
        const wanted = legsAndPortsOf(before);
        await until(Math.min(cfg.maxPhaseSeconds, remaining() - 20), 1000, async () => {
          const ops = agentLog(logFile, restartOffset).filter(isOperation);
          const last = Math.max(readyAt ?? now(), ...ops.map((l) => l.time));
          if (now() - last < 6000) return false;
          return (await legsAndPorts(host)) === wanted || now() - last > 30000;
        });
        endWindow(`resyncRestart${k + 1}`);
        const after = await snapshotHost(host);
        const log = agentLog(logFile, restartOffset);
        const at = (msg: string) => { const l = log.find((x) => x.msg === msg); return l ? round(l.time - s0, 0) : undefined; };
        const passes = passesOf(log);
        const applied = log.filter(isOperation);
        const operationKinds: Record<string, number> = {};
        for (const l of applied) for (const part of l.msg.split('; ')) { const kind = part.split(' ')[0]!; operationKinds[kind] = (operationKinds[kind] ?? 0) + 1; }
        const x: RestartResult = {
          dataplaneUpMs: at('dataplane: real Open vSwitch'), registeredMs: at('registered'), readyMs: readyAt === undefined ? undefined : round(readyAt - s0, 0),
          timedOut: readyAt === undefined, passesWithOperations: passes.count, operations: passes.operations,
          firstOperationMs: applied[0] ? round(applied[0].time - s0, 0) : undefined, lastOperationMs: applied.length ? round(applied[applied.length - 1]!.time - s0, 0) : undefined,
          restored: sameState(before, after), operationKinds, operationsLogged: sampleOperations(applied.map((l) => l.msg)),
          portRowUpdates: host.portUpdates - updates0, diff: snapshotDiff(before, after),
          portReports: taps.portReports, floatingipReports: taps.floatingipReports,
          compared: { routers: Object.keys(before.routers).length, ovsRows: Object.keys(before.ovs).length },
        };
        resync.restarts.push(x);
        say(`    dataplane up ${x.dataplaneUpMs} ms, registered ${x.registeredMs} ms, ready ${x.readyMs ?? 'time limit'} ms, last operation ${x.lastOperationMs ?? '–'} ms, restored ${JSON.stringify(x.restored)}; ` +
          `${x.operations} operations in ${x.passesWithOperations} passes (${JSON.stringify(operationKinds)}), ${x.portRowUpdates} Port rows changed; ` +
          `differences: ${x.diff.ovs.length} OVS rows, ${x.diff.routers.length} of ${x.compared.routers} router namespaces, ${x.diff.hostLinks.length} host links; ` +
          `reports: ports ${JSON.stringify(x.portReports)}, floating IPs ${JSON.stringify(x.floatingipReports)}`);
        if (x.timedOut) break;
      }
    }
    return results;
  } finally {
    await cleanup();
  }
}
