// The host agent's benchmarks (issue 6): convergence of a port to ACTIVE, the agent's re-sync after a
// restart with 2,000 ports, and OVSDB transactions per second. One simulated host: a private OVS
// (ovs-vswitchd in a host namespace of this run), an agent process from apps/agent/dist on the real
// dataplane, "VMs" plugged as OVS internal ports. Every phase is bounded by a count and a time limit.
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AgentSubjects, type HostStateReply } from '@muon/contracts';
import { defaultHostConfig, HostWorld, qvoName } from '@muon/agent-domain';
import type { TestPlatform, ServiceInstance } from '@muon/embedded';
import { RpcClient } from '@muon/messaging';
import { OvsdbClient, uuid, VswitchReplica, type OvsdbOperation } from '@muon/ovsdb';
import { DnsmasqDriver } from '../apps/agent/dist/dataplane/dhcp/dnsmasq-driver.js';
import { IpNamespaceDriver } from '../apps/agent/dist/dataplane/namespaces/ip-namespace-driver.js';
import { LinuxRouterDriver } from '../apps/agent/dist/dataplane/routers/linux-router-driver.js';
import { OvsdbOvsDriver } from '../apps/agent/dist/dataplane/ovs/ovsdb-ovs-driver.js';
import { runCommand } from '../apps/agent/dist/dataplane/process/run-command.js';
import { Reconciler } from '../apps/agent/dist/dataplane/reconciler/reconciler.js';
import { BenchHost, DEAD_VLAN, type Plugged } from './agent-host.ts';
import { HttpClient } from './http.ts';
import type { TargetCheck } from './report.ts';
import { round, summarize, type LatencySummary } from './stats.ts';

const now = () => performance.timeOrigin + performance.now();
const TUNNEL_IP = '198.51.100.1';
const CIDR = '203.0.113.0/24';
const PER_NETWORK = 250;

export interface AgentBenchConfig {
  quick: boolean;
  convergencePorts: number;
  convergenceConcurrency: number;
  populationPorts: number;
  /** Convergence again, on the host holding the population (0: skip). */
  scalePorts: number;
  ovsdbOps: number;
  ovsdbWaitOps: number;
  batch: number;
  maxPhaseSeconds: number;
}

export function agentConfig(quick: boolean, env = process.env): AgentBenchConfig {
  const num = (v: string | undefined, fallback: number) => (v ? Number(v) : fallback);
  return {
    quick,
    convergencePorts: num(env.MUON_BENCH_AGENT_PORTS, quick ? 30 : 500),
    convergenceConcurrency: num(env.MUON_BENCH_AGENT_CONCURRENCY, 10),
    populationPorts: num(env.MUON_BENCH_AGENT_RESYNC_PORTS, quick ? 200 : 2000),
    scalePorts: num(env.MUON_BENCH_AGENT_SCALE_PORTS, quick ? 20 : 100),
    ovsdbOps: num(env.MUON_BENCH_OVSDB_OPS, quick ? 300 : 2000),
    ovsdbWaitOps: num(env.MUON_BENCH_OVSDB_WAIT_OPS, quick ? 50 : 200),
    batch: 100,
    maxPhaseSeconds: num(env.MUON_BENCH_AGENT_PHASE_SECONDS, 300),
  };
}

/** One port's way to ACTIVE, as wall-clock ms (epoch, fractional). */
interface Marks {
  start?: number; requested?: number; plugged?: number;
  /** The port.created / port.updated event that carried the binding: recorded by ipam (occurredAt) and seen here. */
  bindAt?: number; bindSeen?: number;
  /** Our OVSDB monitor saw the agent move the port out of the dead VLAN. */
  tagged?: number;
  /** The agent's report_status request naming it ACTIVE, seen on NATS. */
  reported?: number;
  /** status_changed to ACTIVE: recorded by ipam (occurredAt) and seen here. */
  activeAt?: number; activeSeen?: number;
}

export interface ConvergenceResult {
  label: string;
  variant: 'post' | 'put';
  hostPortsBefore: number;
  concurrency: number;
  requested: number;
  completed: number;
  errors: number;
  errorSamples: string[];
  timedOut: boolean;
  seconds: number;
  /** Timer start → status_changed ACTIVE seen by the bench's NATS subscription. */
  toActiveMs: LatencySummary;
  /** Timer start → the status_changed event's occurredAt (ipam's clock, ms resolution). */
  toRecordedMs: LatencySummary;
  /** Consecutive stages, ms each. */
  stages: Record<string, LatencySummary>;
  /** The machine's 1-minute load average at the end of the phase (2 cores: above 2 means contention). */
  load1: number;
  /** The agent's reconcile passes that changed something during the phase (its "reconciled" log lines). */
  agentPasses: { count: number; operations: number; ms: LatencySummary };
}

export interface RestartResult {
  label: string;
  ports: number;
  /** ms from spawning the agent process. */
  dataplaneUpMs?: number;
  registeredMs?: number;
  readyMs?: number;
  /** Every VM port back out of the dead VLAN (cold only). */
  allTaggedMs?: number;
  /** The agent has reported every port ACTIVE (its first pass after the restart, converged). */
  allReportedMs?: number;
  reportedActive: number;
  reportedDown: number;
  /** What the agent changed: Port rows updated in OVSDB, and its "reconciled" log lines. */
  portRowUpdates: number;
  passesWithOperations: number;
  operations: number;
  lastPassConverged: boolean | undefined;
  timedOut: boolean;
}

export interface ReadCosts {
  label: string;
  vmPorts: number;
  /** Median ms of each read a reconcile pass makes (5 runs). */
  ms: Record<string, number>;
}

export interface OvsdbResult {
  label: string;
  transactions: number;
  updates: number;
  seconds: number;
  transactionsPerSecond: number;
  updatesPerSecond: number;
  latencyMs: LatencySummary;
}

export interface AgentResults {
  skipped?: string;
  quick: boolean;
  config: AgentBenchConfig;
  host?: { name: string; hostNamespace: string; tunnelIp: string; networks: number };
  convergence: ConvergenceResult[];
  population?: { ports: number; networks: number; seconds: number; apiSeconds: number; plugSeconds: number; allActiveSeconds: number; active: number };
  idlePass?: { vmPorts: number; ms: LatencySummary; readMs: LatencySummary; planMs: LatencySummary };
  restarts: RestartResult[];
  reads: ReadCosts[];
  ovsdb: OvsdbResult[];
  vsctlMs?: LatencySummary;
  targets: TargetCheck[];
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** NATS taps: the events and agent reports that time a port's way to ACTIVE. */
class Taps {
  readonly marks = new Map<string, Marks>();
  /** port id → last reported status, with the time of the report message (per-report collector). */
  reports = new Map<string, { status: string; at: number }>();
  private waiters = new Map<string, () => void>();
  readonly nc: NatsConnection;
  private readonly host: string;
  private constructor(nc: NatsConnection, host: string) {
    this.nc = nc;
    this.host = host;
  }

  static async open(natsUrl: string, host: string): Promise<Taps> {
    const taps = new Taps(await connect({ servers: natsUrl, name: 'bench-agent' }), host);
    taps.listen();
    await taps.nc.flush();
    return taps;
  }

  mark(id: string): Marks {
    let m = this.marks.get(id);
    if (!m) this.marks.set(id, (m = {}));
    return m;
  }

  private listen(): void {
    const on = (subject: string, fn: (body: Json, at: number) => void) => {
      const sub = this.nc.subscribe(subject);
      void (async () => { for await (const msg of sub) { const at = now(); try { fn(msg.json(), at); } catch { /* not ours */ } } })();
    };
    const bound = (e: Json) => e.data?.port?.['binding:host_id'] === this.host;
    on('muon.evt.ipam.port.created', (e, at) => {
      if (!bound(e)) return;
      const m = this.mark(e.data.port.id);
      m.bindAt ??= Date.parse(e.occurredAt); m.bindSeen ??= at;
    });
    on('muon.evt.ipam.port.updated', (e, at) => {
      if (!bound(e)) return;
      const m = this.mark(e.data.port.id);
      m.bindAt ??= Date.parse(e.occurredAt); m.bindSeen ??= at;
    });
    on('muon.evt.ipam.port.status_changed', (e, at) => {
      if (e.data?.port?.status !== 'ACTIVE') return;
      const m = this.mark(e.data.port.id);
      m.activeAt ??= Date.parse(e.occurredAt); m.activeSeen ??= at;
      this.waiters.get(e.data.port.id)?.();
    });
    on(AgentSubjects.reportStatus, (r, at) => {
      if (r.body?.host !== this.host) return;
      for (const p of r.body.ports as { id: string; status: string }[]) {
        this.reports.set(p.id, { status: p.status, at });
        if (p.status === 'ACTIVE') this.mark(p.id).reported ??= at;
      }
    });
  }

  /** Resolves true once status_changed ACTIVE was seen for the port, false after timeoutMs. */
  waitActive(id: string, timeoutMs: number): Promise<boolean> {
    if (this.marks.get(id)?.activeSeen) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.waiters.delete(id); resolve(false); }, timeoutMs);
      this.waiters.set(id, () => { clearTimeout(timer); this.waiters.delete(id); resolve(true); });
    });
  }

  async close(): Promise<void> {
    await this.nc.drain().catch(() => undefined);
  }
}

/** Lines of the agent's pino log written after `offset`. */
function agentLog(file: string, offset: number): { time: number; msg: string; operations?: number; converged?: boolean; ms?: number }[] {
  let text = '';
  try { text = readFileSync(file, 'utf8').slice(offset); } catch { return []; }
  return text.split('\n').filter((l) => l.startsWith('{')).map((l) => { try { return JSON.parse(l); } catch { return undefined; } }).filter(Boolean)
    .map((l: Json) => ({ ...l, time: typeof l.time === 'string' ? Date.parse(l.time) : Number(l.time) }));
}
const fileSize = (file: string) => { try { return statSync(file).size; } catch { return 0; } };

export interface AgentBenchDeps {
  platform: TestPlatform;
  apiUrls: string[];
  say: (line: string) => void;
  /** Told how to clean up as soon as there is something to clean (for Ctrl-C and failures). */
  onCleanup: (fn: () => Promise<void>) => void;
}

export async function runAgentBench(cfg: AgentBenchConfig, deps: AgentBenchDeps): Promise<AgentResults> {
  const { platform, say } = deps;
  say(`agent phases: ${cfg.convergencePorts} ports per convergence variant, ${cfg.populationPorts} for the re-sync, ${cfg.ovsdbOps} OVSDB updates`);
  const results: AgentResults = { quick: cfg.quick, config: cfg, convergence: [], restarts: [], reads: [], ovsdb: [], targets: [] };
  const host = new BenchHost();
  let agent: ServiceInstance | undefined;
  let taps: Taps | undefined;
  const http = new HttpClient(deps.apiUrls, { 'x-project-id': 'bench-agent', 'x-roles': 'admin' }, 32);
  let cleaned: Promise<void> | undefined;
  const cleanup = () => (cleaned ??= (async () => {
    if (agent) await platform.kill(agent);
    await taps?.close();
    http.close();
    const errors = await host.cleanup();
    if (errors.length) say(`agent bench cleanup: ${errors.join('; ')}`);
  })());
  deps.onCleanup(cleanup);
  const logFile = join(platform.logDir, 'agent-0.log');
  const env = { ...host.agentEnv(TUNNEL_IP), LOG_LEVEL: process.env.MUON_BENCH_AGENT_LOG_LEVEL ?? 'info' };
  const spawnAgent = async () => {
    agent = await platform.spawnService('agent', 0, env);
    return agent;
  };

  try {
    say(`agent: host ${host.name} in namespace ${host.hostNamespace} (state ${host.dir})`);
    await host.start();
    taps = await Taps.open(platform.natsUrl, host.name);
    await spawnAgent();
    await platform.waitReady(agent!, 'readyz', 60000);

    const networks: { id: string; name: string }[] = [];
    const addNetwork = async (label: string) => {
      const net = (await http.json<Json>('POST', '/v2.0/networks', { network: { name: `bench-agent-${label}` } }, 201)).network;
      await http.json('POST', '/v2.0/subnets', { subnet: { network_id: net.id, cidr: CIDR, ip_version: 4, name: `bench-agent-${label}` } }, 201);
      networks.push({ id: net.id, name: label });
      return net.id as string;
    };
    const dhcpActive = async (netId: string) => {
      const deadline = Date.now() + 60000;
      for (;;) {
        const ports = (await http.json<Json>('GET', `/v2.0/ports?network_id=${netId}&device_owner=network:dhcp`, undefined, 200)).ports as Json[];
        if (ports.length === 1 && ports[0].status === 'ACTIVE') return;
        if (Date.now() > deadline) throw new Error(`the DHCP port of network ${netId} did not become ACTIVE in 60 s`);
        await sleep(100);
      }
    };
    const convNet = await addNetwork('conv');
    await dhcpActive(convNet);
    results.host = { name: host.name, hostNamespace: host.hostNamespace, tunnelIp: TUNNEL_IP, networks: 1 };
    results.reads.push(await readCosts(host, 'host with 1 network, no VM'));

    let vmPorts = 0;
    const convergence = async (label: string, variant: 'post' | 'put', netId: string, total: number) => {
      say(`agent convergence (${label}): ${total} ports, ${cfg.convergenceConcurrency} in flight`);
      const logOffset = fileSize(logFile);
      const stopTags = host.onTag((name, tag, at) => {
        const id = names.get(name);
        if (id && tag !== undefined && tag !== DEAD_VLAN) taps!.mark(id).tagged ??= at;
      });
      const names = new Map<string, string>();
      const started = now();
      const deadline = started + cfg.maxPhaseSeconds * 1000;
      const done: string[] = [];
      const errors: string[] = [];
      let next = 0;
      let timedOut = false;
      const one = async (i: number) => {
        const body = { network_id: netId, name: `bench-vm-${label}-${i}`, device_owner: 'compute:nova', device_id: `bench-instance-${label}-${i}` };
        let id: string;
        let plugged: Plugged;
        let m: Marks;
        if (variant === 'post') {
          const t0 = now();
          const port = (await http.json<Json>('POST', '/v2.0/ports', { port: { ...body, 'binding:host_id': host.name } }, 201)).port;
          id = port.id;
          m = taps!.mark(id);
          m.start = t0; m.requested = now();
          names.set(qvoName(id), id);
          [plugged] = await host.plug([{ id, mac: port.mac_address }]);
          m.plugged = now();
        } else {
          const port = (await http.json<Json>('POST', '/v2.0/ports', { port: body }, 201)).port;
          id = port.id;
          names.set(qvoName(id), id);
          [plugged] = await host.plug([{ id, mac: port.mac_address }]);
          // Plugged means vswitchd has opened it (an ofport), as a running VM's interface would be.
          for (let k = 0; k < 500 && !((host.ofports.get(qvoName(id)) ?? 0) >= 1); k++) await sleep(5);
          m = taps!.mark(id);
          m.start = now();
          await http.json('PUT', `/v2.0/ports/${id}`, { port: { 'binding:host_id': host.name } }, 200);
          m.requested = now();
          m.plugged = m.requested;
        }
        vmPorts++;
        const ok = await taps!.waitActive(id, Math.max(1000, Math.min(30000, deadline - now())));
        if (ok) done.push(id); else errors.push(`${id}: not ACTIVE within the time limit`);
        // Nova's delete: unplug, then delete the port (not timed). Keeps the host at about `concurrency` VMs.
        await host.unplug([plugged]);
        await http.json('DELETE', `/v2.0/ports/${id}`, undefined, 204);
        vmPorts--;
      };
      await Promise.all(Array.from({ length: cfg.convergenceConcurrency }, async () => {
        for (;;) {
          if (now() > deadline) { timedOut = next < total; return; }
          const i = next++;
          if (i >= total) return;
          try { await one(i); } catch (err) { errors.push((err as Error).message); }
        }
      }));
      stopTags();
      const seconds = (now() - started) / 1000;
      const ms = (f: (m: Marks) => number | undefined) => done.map((id) => f(taps!.mark(id))).filter((x): x is number => x !== undefined && Number.isFinite(x));
      const passes = agentLog(logFile, logOffset).filter((l) => l.msg === 'reconciled');
      const stages: Record<string, LatencySummary> = {
        [variant === 'post' ? 'POST /v2.0/ports' : 'PUT binding:host_id']: summarize(ms((m) => m.requested! - m.start!)),
        ...(variant === 'post' ? { 'plug (OVSDB insert)': summarize(ms((m) => m.plugged! - m.requested!)) } : {}),
        'binding event: recorded → seen (outbox relay)': summarize(ms((m) => m.bindSeen! - m.bindAt!)),
        'agent: plugged and event seen → re-tagged in OVSDB': summarize(ms((m) => m.tagged! - Math.max(m.plugged!, m.bindSeen!))),
        'agent: re-tagged → ACTIVE reported': summarize(ms((m) => m.reported! - m.tagged!)),
        'ipam: report seen → status recorded': summarize(ms((m) => m.activeAt! - m.reported!)),
        'status event: recorded → seen (outbox relay)': summarize(ms((m) => m.activeSeen! - m.activeAt!)),
      };
      const r: ConvergenceResult = {
        label, variant, hostPortsBefore: vmPorts, concurrency: cfg.convergenceConcurrency, requested: total, completed: done.length,
        errors: errors.length, errorSamples: errors.slice(0, 5), timedOut, seconds: round(seconds, 2), load1: round(os.loadavg()[0]!, 1),
        toActiveMs: summarize(ms((m) => m.activeSeen! - m.start!)),
        toRecordedMs: summarize(ms((m) => m.activeAt! - m.start!)),
        stages,
        agentPasses: { count: passes.length, operations: passes.reduce((a, l) => a + (l.operations ?? 0), 0), ms: summarize(passes.map((l) => l.ms ?? Number.NaN).filter(Number.isFinite)) },
      };
      say(`  ${label}: ${r.completed}/${total} ACTIVE, p50 ${r.toActiveMs.p50} ms, p99 ${r.toActiveMs.p99} ms (recorded: p50 ${r.toRecordedMs.p50}, p99 ${r.toRecordedMs.p99}); ` +
        `${r.agentPasses.count} agent passes with changes, p50 ${r.agentPasses.ms.p50} ms${r.errors ? `; ${r.errors} errors: ${r.errorSamples[0]}` : ''}`);
      return r;
    };

    results.convergence.push(await convergence('POST with binding, VM plugged right after', 'post', convNet, cfg.convergencePorts));
    results.convergence.push(await convergence('PUT binding:host_id, VM already plugged', 'put', convNet, cfg.convergencePorts));

    // The population: ports bound to this host and plugged, PER_NETWORK per network (one /24 each).
    const nets = Math.ceil(cfg.populationPorts / PER_NETWORK);
    say(`agent population: ${cfg.populationPorts} ports bound and plugged on ${nets} networks`);
    const popStart = now();
    const popNets: string[] = [];
    for (let k = 0; k < nets; k++) popNets.push(await addNetwork(`pop${k}`));
    for (const n of popNets) await dhcpActive(n);
    const created: { id: string; mac: string }[] = [];
    let seq = 0;
    await Promise.all(Array.from({ length: 20 }, async () => {
      for (;;) {
        const i = seq++;
        if (i >= cfg.populationPorts) return;
        const port = (await http.json<Json>('POST', '/v2.0/ports', { port: {
          network_id: popNets[Math.floor(i / PER_NETWORK)], name: `bench-pop-${i}`, device_owner: 'compute:nova', device_id: `bench-pop-${i}`, 'binding:host_id': host.name,
        } }, 201)).port;
        created.push({ id: port.id, mac: port.mac_address });
      }
    }));
    const apiDone = now();
    const population: Plugged[] = [];
    for (let i = 0; i < created.length; i += 200) population.push(...await host.plug(created.slice(i, i + 200)));
    const plugDone = now();
    const popIds = new Set(created.map((p) => p.id));
    const activeCount = () => [...popIds].filter((id) => taps!.marks.get(id)?.activeSeen).length;
    const popDeadline = now() + Math.max(cfg.maxPhaseSeconds, 300) * 1000;
    while (activeCount() < popIds.size && now() < popDeadline) await sleep(100);
    const popEnd = now();
    results.population = {
      ports: created.length, networks: nets, seconds: round((popEnd - popStart) / 1000, 2), apiSeconds: round((apiDone - popStart) / 1000, 2),
      plugSeconds: round((plugDone - apiDone) / 1000, 2), allActiveSeconds: round((popEnd - plugDone) / 1000, 2), active: activeCount(),
    };
    results.host!.networks = 1 + nets;
    say(`  ${results.population.active}/${created.length} ACTIVE; API ${results.population.apiSeconds} s, plug ${results.population.plugSeconds} s, plugged → all ACTIVE ${results.population.allActiveSeconds} s`);
    if (results.population.active < created.length) throw new Error(`only ${results.population.active} of ${created.length} population ports became ACTIVE`);
    await sleep(2000); // let the last passes and reports settle
    results.reads.push(await readCosts(host, `host with ${1 + nets} networks, ${created.length} VM ports`));

    if (cfg.scalePorts > 0) {
      results.convergence.push(await convergence(`POST with binding, on a host with ${created.length} VM ports`, 'post', convNet, cfg.scalePorts));
    }

    // Restarts: kill -9 the agent, start it again, time it back to a converged, reported state.
    const restart = async (label: string, cold: boolean): Promise<RestartResult> => {
      say(`agent restart (${label}) with ${created.length} VM ports`);
      // The convergence phase's last deletions must be wired before the kill, or the restarted
      // agent's first pass applies them and a warm restart seems to change something.
      await sleep(2000);
      await platform.kill(agent!);
      await sleep(300);
      if (cold) {
        // What a host reboot leaves: vswitchd restarted (every OpenFlow flow gone), every VM port
        // re-plugged by Nova into the dead VLAN without the agent's other_config.
        await host.ovs.restartVswitchd();
        const ops: OvsdbOperation[] = population.map((p) => ({ op: 'update', table: 'Port', where: [['_uuid', '==', uuid(p.portUuid)]], row: { tag: DEAD_VLAN, other_config: ['map', []] } }));
        await host.client.transact(ops);
        for (let k = 0; k < 200 && population.some((p) => host.tags.get(p.name) !== DEAD_VLAN); k++) await sleep(10);
      }
      const logOffset = fileSize(logFile);
      taps!.reports = new Map();
      const updates0 = host.portUpdates;
      let lastRetag = 0;
      const stopTags = host.onTag((name, tag, at) => { if (tag !== DEAD_VLAN) lastRetag = at; });
      const t0 = now();
      await spawnAgent();
      const deadline = t0 + cfg.maxPhaseSeconds * 1000;
      let readyAt: number | undefined;
      let allTaggedAt: number | undefined;
      let allReportedAt: number | undefined;
      while (now() < deadline && (readyAt === undefined || allReportedAt === undefined || (cold && allTaggedAt === undefined))) {
        if (agent!.child.exitCode !== null) throw new Error(`the agent exited with ${agent!.child.exitCode}; see ${logFile}`);
        if (readyAt === undefined) {
          try { if ((await fetch(`http://127.0.0.1:${agent!.healthPort}/readyz`)).ok) readyAt = now(); } catch { /* not listening yet */ }
        }
        if (cold && allTaggedAt === undefined && population.every((p) => { const t = host.tags.get(p.name); return t !== undefined && t !== DEAD_VLAN; })) allTaggedAt = lastRetag || now();
        if (allReportedAt === undefined && created.every((p) => taps!.reports.get(p.id)?.status === 'ACTIVE')) {
          allReportedAt = Math.max(...created.map((p) => taps!.reports.get(p.id)!.at));
        } else if (allReportedAt === undefined && readyAt !== undefined) {
          // Ready means converged on the control plane's state; a restarted agent reports only what
          // differs from it, so with every port still ACTIVE there is nothing to report: done at ready.
          const down = (await http.json<Json>('GET', `/v2.0/ports?binding:host_id=${host.name}&device_owner=compute:nova&status=DOWN&fields=id`, undefined, 200)).ports as Json[];
          if (down.length === 0) allReportedAt = readyAt;
        }
        await sleep(10);
      }
      await sleep(1500); // anything the agent still does shows up now
      stopTags();
      const log = agentLog(logFile, logOffset);
      const at = (msg: string) => { const l = log.find((x) => x.msg === msg); return l ? round(l.time - t0, 0) : undefined; };
      const passes = log.filter((l) => l.msg === 'reconciled');
      const statuses = [...taps!.reports.values()];
      const r: RestartResult = {
        label, ports: created.length,
        dataplaneUpMs: at('dataplane: real Open vSwitch'), registeredMs: at('registered'),
        readyMs: readyAt && round(readyAt - t0, 0), allTaggedMs: allTaggedAt && round(allTaggedAt - t0, 0), allReportedMs: allReportedAt && round(allReportedAt - t0, 0),
        reportedActive: statuses.filter((s) => s.status === 'ACTIVE').length, reportedDown: statuses.filter((s) => s.status !== 'ACTIVE').length,
        portRowUpdates: host.portUpdates - updates0, passesWithOperations: passes.length, operations: passes.reduce((a, l) => a + (l.operations ?? 0), 0),
        lastPassConverged: passes.length ? passes[passes.length - 1]!.converged : true,
        timedOut: allReportedAt === undefined,
      };
      say(`  process start → dataplane up ${r.dataplaneUpMs} ms, registered ${r.registeredMs} ms, ready ${r.readyMs} ms, ` +
        `${cold ? `all re-tagged ${r.allTaggedMs} ms, ` : ''}all ${r.ports} reported ACTIVE ${r.allReportedMs} ms; ` +
        `${r.operations} operations in ${r.passesWithOperations} passes, ${r.portRowUpdates} Port rows changed`);
      return r;
    };
    results.restarts.push(await restart('warm: OVS untouched', false));
    results.restarts.push(await restart('cold: vswitchd restarted, every VM port back in the dead VLAN', true));

    // The agent's reads and one idle pass, in this process, against the same host (agent stopped).
    await platform.kill(agent!);
    results.idlePass = await idlePasses(host, taps!.nc, created.length, cfg.quick ? 3 : 10);
    say(`  idle pass at ${created.length} VM ports (in-process reconciler): p50 ${results.idlePass.ms.p50} ms (reading ${results.idlePass.readMs.p50} ms)`);

    // OVSDB transactions/s against the private ovsdb-server (agent stopped: nothing fights back).
    say(`OVSDB: ${cfg.ovsdbOps} tag updates one per transaction, pipelined, batched; ${cfg.ovsdbWaitOps} with the wait for vswitchd`);
    results.ovsdb = await ovsdbPhases(host, population, cfg);
    for (const o of results.ovsdb) say(`  ${o.label}: ${round(o.transactionsPerSecond, 0)} transactions/s, ${round(o.updatesPerSecond, 0)} updates/s, p50 ${o.latencyMs.p50} ms`);
    results.vsctlMs = await vsctlTimings(host, population, cfg.quick ? 5 : 20);
    say(`  ovs-vsctl --no-wait set Port (a process each): p50 ${results.vsctlMs.p50} ms`);

    results.targets = agentTargets(results);
    return results;
  } finally {
    await cleanup();
  }
}

/** Median time of each read a reconcile pass makes. */
async function readCosts(host: BenchHost, label: string): Promise<ReadCosts> {
  const namespaces = new IpNamespaceDriver({ hostNamespace: host.hostNamespace });
  const dhcp = new DnsmasqDriver({ stateDir: join(host.stateDir, 'dhcp') });
  const t = async (fn: () => Promise<unknown>) => {
    const xs: number[] = [];
    for (let i = 0; i < 5; i++) { const t0 = now(); await fn(); xs.push(now() - t0); }
    return round(summarize(xs).p50, 1);
  };
  const connectStart = now();
  const ovs = await OvsdbOvsDriver.connect({ dbSocket: host.ovs.dbSocket, runDir: host.ovs.runDir });
  const connectMs = round(now() - connectStart, 1);
  try {
    const first = now();
    await ovs.readOvs();
    const firstRead = round(now() - first, 1);
    return {
      label, vmPorts: [...host.tags.keys()].filter((n) => n.startsWith('qvo')).length,
      ms: {
        'OVSDB connect + monitor (initial rows)': connectMs,
        'OVS state decode (first read after a change)': firstRead,
        'ip -j link show (host namespace)': await t(() => namespaces.hostLinks()),
        'ip -j addr show per owned namespace': await t(() => namespaces.list([`${host.hostNamespace}-`])),
        'dnsmasq state (files, pids)': await t(() => dhcp.read()),
        'ovs-ofctl dump-flows br-int + br-tun': await t(() => ovs.readFlows(['br-int', 'br-tun'])),
        'one ovs-ofctl process (br-int)': await t(() => ovs.readFlows(['br-int'])),
        'a bare process (true)': await t(() => runCommand('true', [])),
      },
    };
  } finally {
    await ovs.close();
  }
}

/** The agent's full pass over a converged host, run in this process with the agent's own code and inputs. */
async function idlePasses(host: BenchHost, nc: NatsConnection, vmPorts: number, runs: number): Promise<NonNullable<AgentResults['idlePass']>> {
  const rpc = new RpcClient(nc);
  const all: Omit<HostStateReply, 'nextAfter'> = { networks: [], subnets: [], ports: [], peers: [] };
  let after: string | undefined;
  do {
    const page = await rpc.request<HostStateReply>(AgentSubjects.hostState, { host: host.name, ...(after ? { after } : {}) });
    all.networks.push(...page.networks); all.subnets.push(...page.subnets); all.peers.push(...page.peers); all.ports.push(...page.ports);
    after = page.nextAfter ?? undefined;
  } while (after);
  const world = new HostWorld(host.name);
  world.replaceAll(all);
  const config = defaultHostConfig(host.name, {
    tunnelIp: TUNNEL_IP, bridgeMappings: {}, dhcpStateDir: join(host.stateDir, 'dhcp'), datapathType: 'netdev', namespacePrefix: `${host.hostNamespace}-`,
  });
  const inputs = world.inputs(config);
  const drivers = {
    ovs: await OvsdbOvsDriver.connect({ dbSocket: host.ovs.dbSocket, runDir: host.ovs.runDir }),
    namespaces: new IpNamespaceDriver({ hostNamespace: host.hostNamespace }),
    dhcp: new DnsmasqDriver({ stateDir: config.dhcpStateDir }),
    routers: new LinuxRouterDriver(),
  };
  const reconciler = new Reconciler(drivers, config);
  const ms: number[] = [];
  const readMs: number[] = [];
  const planMs: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const report = await reconciler.reconcile(inputs);
      if (report.operationCount > 0) throw new Error(`an idle pass found ${report.operationCount} operations: ${report.passes[0]?.operations.map((o: { kind: string }) => o.kind).join(', ')}`);
      ms.push(report.durationMs);
      const t0 = now();
      await reconciler.readActual(['br-int', 'br-tun']);
      readMs.push(now() - t0);
      const t1 = now();
      await reconciler.plan(inputs);
      planMs.push(now() - t1);
    }
  } finally {
    await drivers.ovs.close();
  }
  return { vmPorts, ms: summarize(ms), readMs: summarize(readMs), planMs: summarize(planMs) };
}

async function ovsdbPhases(host: BenchHost, ports: readonly Plugged[], cfg: AgentBenchConfig): Promise<OvsdbResult[]> {
  const client = await OvsdbClient.connect({ socketPath: host.ovs.dbSocket, reconnect: false });
  const replica = await VswitchReplica.start(client, { monitorId: 'bench-ovsdb' });
  let flip = 0;
  const setTag = (p: Plugged): OvsdbOperation => ({ op: 'update', table: 'Port', where: [['_uuid', '==', uuid(p.portUuid)]], row: { tag: 100 + (flip++ % 2) } });
  const out: OvsdbResult[] = [];
  const run = async (label: string, transactions: number, perTx: number, inFlight: number, wait: boolean) => {
    const latencies: number[] = [];
    let next = 0;
    const started = now();
    const deadline = started + cfg.maxPhaseSeconds * 1000;
    await Promise.all(Array.from({ length: inFlight }, async () => {
      for (;;) {
        const i = next++;
        if (i >= transactions || now() > deadline) return;
        const ops = Array.from({ length: perTx }, (_, k) => setTag(ports[(i * perTx + k) % ports.length]!));
        const t0 = now();
        if (wait) await replica.transactAndWait(ops, 20000); else await client.transact(ops);
        latencies.push(now() - t0);
      }
    }));
    const seconds = (now() - started) / 1000;
    out.push({
      label, transactions: latencies.length, updates: latencies.length * perTx, seconds: round(seconds, 2),
      transactionsPerSecond: round(latencies.length / seconds, 1), updatesPerSecond: round((latencies.length * perTx) / seconds, 1), latencyMs: summarize(latencies),
    });
  };
  try {
    await run('1 update per transaction, one at a time', cfg.ovsdbOps, 1, 1, false);
    await run('1 update per transaction, 10 in flight', cfg.ovsdbOps, 1, 10, false);
    await run(`${cfg.batch} updates per transaction`, Math.max(5, Math.ceil(cfg.ovsdbOps / cfg.batch) * 5), cfg.batch, 1, false);
    await run('1 update + wait for vswitchd (the agent\'s way), one at a time', cfg.ovsdbWaitOps, 1, 1, true);
    await run(`${cfg.batch} updates + wait for vswitchd`, Math.max(3, Math.ceil(cfg.ovsdbWaitOps / 20)), cfg.batch, 1, true);
  } finally {
    client.close();
  }
  return out;
}

async function vsctlTimings(host: BenchHost, ports: readonly Plugged[], runs: number): Promise<LatencySummary> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    await host.ovs.vsctl(['--no-wait', 'set', 'Port', ports[i % ports.length]!.name, `tag=${200 + (i % 2)}`]);
    xs.push(now() - t0);
  }
  return summarize(xs);
}

function agentTargets(r: AgentResults): TargetCheck[] {
  const t: TargetCheck[] = [];
  for (const c of r.convergence.filter((x) => !x.label.includes('on a host with'))) {
    const ok = c.errors === 0 && !c.timedOut;
    t.push({ name: `${c.variant === 'post' ? 'POST' : 'PUT binding'} → ACTIVE p50 (${c.completed} ports)`, target: '< 100 ms', measured: `${c.toActiveMs.p50} ms`, met: ok && c.toActiveMs.p50 < 100 });
    t.push({ name: `${c.variant === 'post' ? 'POST' : 'PUT binding'} → ACTIVE p99`, target: '< 500 ms', measured: `${c.toActiveMs.p99} ms`, met: ok && c.toActiveMs.p99 < 500 });
  }
  const warm = r.restarts.find((x) => x.label.startsWith('warm'));
  if (warm) {
    t.push({
      name: `agent cold re-sync, ${warm.ports} ports (kill -9, start → converged, all ACTIVE, no changes)`, target: '< 10 s',
      measured: warm.allReportedMs !== undefined ? `${round(warm.allReportedMs / 1000, 2)} s (${warm.operations} operations)` : 'timed out',
      met: warm.allReportedMs !== undefined && warm.allReportedMs < 10000 && warm.operations === 0 && warm.ports >= 2000,
    });
  }
  const cold = r.restarts.find((x) => x.label.startsWith('cold'));
  if (cold) {
    t.push({
      name: `after OVS was wiped, ${cold.ports} ports re-tagged and reported`, target: '< 10 s (same goal)',
      measured: cold.allReportedMs !== undefined ? `${round(cold.allReportedMs / 1000, 2)} s` : 'timed out',
      met: cold.allReportedMs !== undefined && cold.allReportedMs < 10000 && cold.ports >= 2000,
    });
  }
  return t;
}
