// npm run bench: throughput, latency, memory and CPU per request of a whole Muon.
//
// Against MUON_API_URL when it is set (e.g. a running `npm start`); otherwise it starts a private
// PostgreSQL and a TestPlatform (ipam ×1, api ×1; MUON_<SERVICE>_REPLICAS to vary) and stops them
// after. Every phase is bounded by a request count and a time limit. Results go to
// bench-results/<timestamp>.json and a table in docs/benchmarks.md.
//
//   npm run bench                   full run (≈ 2–4 minutes on 2 cores)
//   npm run bench -- --profile      also profiles api and ipam (V8 inspector) and PostgreSQL (pg_stat_statements)
//   npm run bench -- --quick        reduced counts, a smoke test of the benchmark (docs untouched unless --docs)
//   npm run bench -- --creates-only port-create phases only, for A/B experiments (docs untouched)
//   npm run bench -- --agent        the host agent's phases only (root with Open vSwitch; see bench/agent.ts)
//   npm run bench -- --no-agent     everything but the agent's phases
//   npm run bench -- --l3           routers and floating IPs only (root with Open vSwitch; see bench/l3.ts)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpClient } from './http.ts';
import { Progress, runLoad, type LoadOptions } from './load.ts';
import { busyPct, machineCpu, othersPct, RssSampler, sampleAll, type ProcGroup } from './procs.ts';
import { memoryUsageOf, multixactStats, nextXid, startProfiler, StatementCounter, summarizeProfile, type MemoryUsage, type ProfileSummary } from './profile.ts';
import { renderMarkdown, writeDoc, type AgentBenchResults, type BenchResults, type ListResult, type PhaseResult, type ProfiledPhase, type TargetCheck } from './report.ts';
import { agentConfig, runAgentBench, type AgentResults } from './agent.ts';
import { agentBenchMissing } from './agent-host.ts';
import { AGENT_END, AGENT_START, renderAgentMarkdown } from './agent-report.ts';
import { l3Config, runL3Bench } from './l3.ts';
import { L3_END, L3_START, renderL3Markdown, type L3BenchResults } from './l3-report.ts';
import { round, summarize } from './stats.ts';
import { external, servicesFromEnv, startPrivate, type Target } from './target.ts';

const repoRoot = resolve(import.meta.dirname, '..');
const argv = new Set(process.argv.slice(2));
if (argv.has('--help') || argv.has('-h')) {
  console.log(readHeader());
  process.exit(0);
}
const renderIndex = process.argv.indexOf('--render');
if (renderIndex > 0) {
  // Re-renders the generated section of docs/benchmarks.md from a saved results file.
  const file = process.argv[renderIndex + 1];
  if (!file) throw new Error('--render needs a bench-results/<timestamp>.json file');
  const saved = JSON.parse(readFileSync(file, 'utf8')) as BenchResults | AgentBenchResults | L3BenchResults;
  const doc = join(repoRoot, 'docs', 'benchmarks.md');
  if (saved.schema === 'muon-bench-l3/1') {
    writeDoc(doc, renderL3Markdown(saved), docTemplate(), L3_START, L3_END);
    console.log(`docs/benchmarks.md rendered from ${file}`);
    process.exit(0);
  }
  if (saved.schema === 'muon-bench/1') writeDoc(doc, renderMarkdown(saved), docTemplate());
  if (saved.agent && !saved.agent.skipped) writeDoc(doc, renderAgentMarkdown(saved.agent, saved.startedAt), docTemplate(), AGENT_START, AGENT_END);
  console.log(`docs/benchmarks.md rendered from ${file}`);
  process.exit(0);
}
const env = process.env;
const quick = argv.has('--quick');
const profile = argv.has('--profile') || env.MUON_BENCH_PROFILE === '1';
const createsOnly = argv.has('--creates-only');
const agentOnly = argv.has('--agent');
const l3Only = argv.has('--l3');
const noAgent = argv.has('--no-agent') || createsOnly;
const writeDocs = argv.has('--no-docs') || createsOnly ? false : quick ? argv.has('--docs') : true;
const keepLogs = env.MUON_BENCH_KEEP_LOGS === '1';

const list = (v: string | undefined, fallback: number[]) => (v ? v.split(',').map((x) => Number(x.trim())) : fallback);
const num = (v: string | undefined, fallback: number) => (v ? Number(v) : fallback);
const cfg = {
  concurrency: list(env.MUON_BENCH_CONCURRENCY, [1, 10, 50]),
  creates: list(env.MUON_BENCH_CREATES, quick ? [30, 150, 300] : [300, 1500, 3000]),
  warmup: num(env.MUON_BENCH_WARMUP, quick ? 20 : 200),
  listPorts: num(env.MUON_BENCH_LIST_PORTS, quick ? 500 : 5000),
  listRuns: num(env.MUON_BENCH_LIST_RUNS, quick ? 5 : 20),
  pairs: num(env.MUON_BENCH_PAIRS, quick ? 20 : 200),
  pairConcurrency: num(env.MUON_BENCH_PAIR_CONCURRENCY, 10),
  profileCreates: num(env.MUON_BENCH_PROFILE_CREATES, quick ? 300 : 2000),
  maxPhaseSeconds: num(env.MUON_BENCH_PHASE_SECONDS, 120),
  idleSeconds: quick ? 2 : 5,
  cidr: '10.0.0.0/16',
};
if (cfg.concurrency.length !== cfg.creates.length) throw new Error('MUON_BENCH_CONCURRENCY and MUON_BENCH_CREATES need as many entries');

const progress = new Progress();
const say = (line: string) => progress.log(`\x1b[1mbench\x1b[0m ${line}`);
const startedAt = new Date();
const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
const resultsDir = join(repoRoot, 'bench-results');
const CORES = os.cpus().length;

let target: Target | undefined;
/** Stops a private platform that is still starting (before `target` is set). */
let cleanup: ((keepLogs: boolean) => Promise<void>) | undefined;
/** Stops the agent phases' agent process and removes their OVS, namespaces and dnsmasq (set while they run). */
let agentCleanup: (() => Promise<void>) | undefined;
let stopping = false;
async function shutdown(code: number, reason?: string): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (reason) say(reason);
    if (agentCleanup) await agentCleanup().catch((err) => say(`agent cleanup failed: ${err}`));
    if (target) {
      say(target.mode === 'private' ? 'stopping the private platform and PostgreSQL' : 'done');
      await target.stop(keepLogs || code !== 0);
      if ((keepLogs || code !== 0) && target.logDir) say(`service logs: ${target.logDir}`);
    } else if (cleanup) {
      say('stopping what had started');
      await cleanup(true);
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(130, 'interrupted'));
process.on('SIGTERM', () => void shutdown(143, 'terminated'));

try {
  await main();
  await shutdown(0);
} catch (err) {
  progress.done('');
  console.error(err instanceof Error ? err.stack : err);
  await shutdown(1, 'the benchmark failed');
}

async function main(): Promise<void> {
  if (agentOnly) return agentMain();
  if (l3Only) return l3Main();
  target = env.MUON_API_URL
    ? external(env.MUON_API_URL, repoRoot)
    : await startPrivate(repoRoot, servicesFromEnv(), profile, say, (stop) => { cleanup = stop; });
  const t = target;
  if (profile && t.mode !== 'private') throw new Error('--profile needs the private platform (unset MUON_API_URL)');
  const client: ProcGroup = { label: 'bench-client', kind: 'client', pid: process.pid };
  const groups = [...t.groups, client];
  const serverLabels = t.groups.map((g) => g.label);
  const project = `bench-${stamp.slice(0, 19)}`.toLowerCase();
  const headers: Record<string, string> = { 'x-project-id': project, 'x-roles': 'member' };
  if (env.MUON_BENCH_TOKEN) headers['x-auth-token'] = env.MUON_BENCH_TOKEN;
  const http = new HttpClient(t.apiUrls, headers, 64);
  say(`API ${t.apiUrls.join(', ')}; watching ${groups.map((g) => `${g.label} (pid ${g.pid})`).join(', ')}; project ${project}`);
  if (t.mode === 'external') say('note: the ports, networks and subnets this run creates stay in that Muon (project above)');

  // Ready when a list answers (the gateway and the owner both up).
  const readyBy = Date.now() + 30000;
  for (;;) {
    try { await http.json('GET', '/v2.0/networks?limit=1', undefined, 200); break; } catch (err) {
      if (Date.now() > readyBy) throw err;
      await sleep(250);
    }
  }

  // Idle: memory right after start-up, and what the processes burn with nothing to do.
  await sleep(2000);
  const idleRss = Object.fromEntries(Object.entries(sampleAll(groups)).map(([k, v]) => [k, round(v.rssMb, 1)]));
  const idle0 = sampleAll(groups);
  const idleM0 = machineCpu();
  await sleep(cfg.idleSeconds * 1000);
  const idleM1 = machineCpu();
  const idle1 = sampleAll(groups);
  const idleOthers = round(othersPct(idleM0, idleM1, groups.reduce((a, g) => a + idle1[g.label]!.cpuSeconds - idle0[g.label]!.cpuSeconds, 0)), 1);
  const idleCpu = Object.fromEntries(groups.map((g) => [g.label, round((1000 * (idle1[g.label]!.cpuSeconds - idle0[g.label]!.cpuSeconds)) / cfg.idleSeconds, 1)]));
  say(`idle: RSS ${fmtMap(idleRss, ' MB')}; CPU ${fmtMap(idleCpu, ' ms/s')}; other processes on the machine: ${idleOthers} % of its CPU`);
  // With the inspector on (profile mode), what the idle RSS is made of.
  const idleMemoryMb: Record<string, MemoryUsage> = {};
  if (profile) for (const [proc, url] of Object.entries(t.inspectorUrls)) idleMemoryMb[proc] = await memoryUsageOf(url);

  // One network with a /16 subnet takes every port.
  const net = await http.json<{ network: { id: string } }>('POST', '/v2.0/networks', { network: { name: 'bench-ports' } }, 201);
  const subnet = await http.json<{ subnet: { id: string } }>('POST', '/v2.0/subnets',
    { subnet: { network_id: net.network.id, cidr: cfg.cidr, ip_version: 4, name: 'bench-ports' } }, 201);
  const networkId = net.network.id;
  let portSeq = 0;
  const createPort = async () => {
    const i = portSeq++;
    const res = await http.request('POST', '/v2.0/ports', { port: { network_id: networkId, name: `bench-${i}` } });
    if (res.status !== 201) throw new Error(`POST /v2.0/ports → ${res.status}: ${res.body.toString('utf8').slice(0, 200)}`);
  };

  const rss = new RssSampler(groups);
  rss.start(250);
  const phase = (opts: LoadOptions) => measuredPhase(opts, groups, serverLabels, rss, t, http);

  say(`warm-up: ${cfg.warmup} port creates at c=10`);
  const warmup = await phase({ label: 'warm-up c=10', total: cfg.warmup, concurrency: 10, maxSeconds: cfg.maxPhaseSeconds, op: createPort });
  let ports = warmup.completed;

  const portCreate: PhaseResult[] = [];
  for (let k = 0; k < cfg.concurrency.length; k++) {
    const c = cfg.concurrency[k]!;
    const n = cfg.creates[k]!;
    say(`port create: ${n} at concurrency ${c}`);
    const result = await phase({ label: `ports c=${c}`, total: n, concurrency: c, maxSeconds: cfg.maxPhaseSeconds, op: createPort });
    portCreate.push(result);
    ports += result.completed;
  }
  const peakAtC50 = (portCreate.find((p) => p.concurrency === 50) ?? portCreate[portCreate.length - 1]!).rssPeakMb;

  const lists: ListResult[] = [];
  let listChecks = { portsListed: 0, uniqueAddresses: 0 };
  let listPeak: Record<string, number> = {};
  let networkSubnet: PhaseResult | undefined;
  if (!createsOnly) {
    if (ports < cfg.listPorts) {
      say(`top-up: ${cfg.listPorts - ports} more ports so the lists have ${cfg.listPorts}`);
      const top = await runLoad({ label: 'top-up c=50', total: cfg.listPorts - ports, concurrency: 50, maxSeconds: cfg.maxPhaseSeconds * 2, op: createPort }, progress);
      ports += top.completed;
    }

    // Lists: the whole collection, one page, and a filtered projection; sequential, one warm-up each.
    rss.reset();
    const variants = [
      { name: 'all', path: '/v2.0/ports' },
      { name: 'limit=100', path: '/v2.0/ports?limit=100' },
      { name: 'network_id + fields', path: `/v2.0/ports?network_id=${networkId}&fields=id&fields=fixed_ips` },
    ];
    for (const v of variants) {
      const first = await http.request('GET', v.path);
      if (first.status !== 200) throw new Error(`GET ${v.path} → ${first.status}: ${first.body.toString('utf8').slice(0, 200)}`);
      const doc = JSON.parse(first.body.toString('utf8')) as { ports: { fixed_ips?: { ip_address: string }[] }[] };
      if (v.name === 'all') {
        listChecks = { portsListed: doc.ports.length, uniqueAddresses: new Set(doc.ports.flatMap((p) => (p.fixed_ips ?? []).map((f) => f.ip_address))).size };
      }
      const result = await runLoad({
        label: `GET ${v.name}`, total: cfg.listRuns, concurrency: 1, maxSeconds: cfg.maxPhaseSeconds,
        op: async () => {
          const res = await http.request('GET', v.path);
          if (res.status !== 200) throw new Error(`GET ${v.path} → ${res.status}`);
        },
      }, progress);
      lists.push({ name: v.name, path: v.path.replace(networkId, '<net>'), runs: result.completed, items: doc.ports.length, bytes: first.body.length, latencyMs: summarize(result.latencies) });
    }
    if (listChecks.portsListed !== ports) say(`warning: the list shows ${listChecks.portsListed} ports, ${ports} were created`);
    if (listChecks.uniqueAddresses !== listChecks.portsListed) say(`warning: ${listChecks.portsListed - listChecks.uniqueAddresses} duplicate addresses in the list`);
    listPeak = rss.peaks();

    say(`network + subnet: ${cfg.pairs} pairs at concurrency ${cfg.pairConcurrency}`);
    networkSubnet = await phase({
      label: `net+subnet c=${cfg.pairConcurrency}`, total: cfg.pairs, concurrency: cfg.pairConcurrency, maxSeconds: cfg.maxPhaseSeconds,
      op: async (i) => {
        const n = await http.json<{ network: { id: string } }>('POST', '/v2.0/networks', { network: { name: `bench-net-${i}` } }, 201);
        await http.json('POST', '/v2.0/subnets', { subnet: { network_id: n.network.id, cidr: `172.${16 + ((i >> 8) & 15)}.${i & 255}.0/24`, ip_version: 4 } }, 201);
      },
    });
  }

  const peakUnderLoad = { ...rss.overallPeaks() };
  for (const [k, v] of Object.entries(listPeak)) peakUnderLoad[k] = Math.max(peakUnderLoad[k] ?? 0, v);
  await sleep(2000);
  const afterRss = Object.fromEntries(Object.entries(sampleAll(groups)).map(([k, v]) => [k, round(v.rssMb, 1)]));

  let profileResult: BenchResults['profile'];
  if (profile) {
    const listAll = async () => {
      const res = await http.request('GET', '/v2.0/ports');
      if (res.status !== 200) throw new Error(`GET /v2.0/ports → ${res.status}`);
    };
    profileResult = { ...(await runProfile(t, createPort, listAll, phase)), idleMemoryMb };
  }
  rss.stop();
  http.close();

  const agent = noAgent ? undefined : await agentPhases(t);

  const c50 = portCreate.find((p) => p.concurrency === 50) ?? portCreate[portCreate.length - 1]!;
  const all = lists.find((l) => l.name === 'all');
  const servicePeaks = Object.entries(peakUnderLoad).filter(([k]) => groups.find((g) => g.label === k)?.kind === 'service');
  const targets: TargetCheck[] = [
    { name: `port creates/s at c=${c50.concurrency}`, target: '≥ 500/s', measured: `${round(c50.perSecond, 0)}/s`, met: c50.perSecond >= 500 && c50.errors === 0 },
    { name: `port create p99 at c=${c50.concurrency}`, target: '< 150 ms', measured: `${c50.latencyMs.p99} ms`, met: c50.latencyMs.p99 < 150 },
    { name: `list all ${all?.items ?? '?'} ports (p50; p99 in brackets)`, target: '< 250 ms', measured: all ? `${all.latencyMs.p50} ms (${all.latencyMs.p99} ms)` : '–', met: all ? all.items >= 5000 && all.latencyMs.p50 < 250 : null },
    {
      name: 'RSS of each service under load', target: '< 200 MB',
      measured: servicePeaks.length ? servicePeaks.map(([k, v]) => `${k} ${Math.round(v)} MB`).join(', ') : 'pids unknown',
      met: servicePeaks.length ? servicePeaks.every(([, v]) => v < 200) : null,
    },
  ];

  const results: BenchResults = {
    schema: 'muon-bench/1',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    quick,
    machine: {
      cores: CORES, cpuModel: os.cpus()[0]?.model ?? '?', memoryGb: round(os.totalmem() / 2 ** 30, 1), kernel: os.release(),
      node: process.version, postgres: t.versions.postgres, nats: t.versions.nats,
    },
    target: { mode: t.mode, apiUrls: t.apiUrls, services: t.services, processes: groups.map((g) => g.label) },
    config: { ...cfg, profile, env: relevantEnv() },
    code: gitState(),
    idle: { rssMb: idleRss, cpuMsPerSecond: idleCpu, seconds: cfg.idleSeconds, otherProcessesPct: idleOthers },
    setup: { networkId, subnetId: subnet.subnet.id, cidr: cfg.cidr },
    warmup,
    portCreate,
    list: lists,
    listChecks,
    networkSubnet,
    rss: { idleMb: idleRss, peakUnderLoadMb: roundMap(peakUnderLoad), peakAtC50Mb: roundMap(peakAtC50), afterLoadMb: afterRss },
    targets,
    profile: profileResult,
    agent,
  };

  mkdirSync(resultsDir, { recursive: true });
  const jsonFile = join(resultsDir, `${stamp}.json`);
  writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  const section = renderMarkdown(results);
  if (writeDocs) writeDoc(join(repoRoot, 'docs', 'benchmarks.md'), section, docTemplate());
  process.stdout.write(`\n${section}\n\n`);
  if (agent) {
    const agentSection = renderAgentMarkdown(agent, results.startedAt);
    if (writeDocs && !agent.skipped) writeDoc(join(repoRoot, 'docs', 'benchmarks.md'), agentSection, docTemplate(), AGENT_START, AGENT_END);
    process.stdout.write(`${agentSection}\n\n`);
  }
  say(`results: ${jsonFile}${writeDocs ? ' and docs/benchmarks.md' : ''}`);
}

/** The agent's phases on the private platform, or why they cannot run. */
async function agentPhases(t: Target): Promise<AgentResults> {
  const config = agentConfig(quick);
  const skipped = (why: string): AgentResults => {
    say(`agent phases skipped: ${why}`);
    return { skipped: why, quick, config, convergence: [], restarts: [], reads: [], ovsdb: [], targets: [] };
  };
  const missing = agentBenchMissing();
  if (missing) return skipped(missing);
  if (!t.platform) return skipped('they need the private platform (unset MUON_API_URL)');
  try {
    return await runAgentBench(config, { platform: t.platform, apiUrls: t.apiUrls, say, onCleanup: (fn) => { agentCleanup = fn; } });
  } finally {
    agentCleanup = undefined;
  }
}

/** `--agent`: a private platform (ipam, api) and the agent's phases only. */
async function agentMain(): Promise<void> {
  const missing = agentBenchMissing();
  if (missing) {
    say(`agent phases skipped: ${missing}`);
    return;
  }
  if (env.MUON_API_URL) throw new Error('--agent needs the private platform: unset MUON_API_URL');
  target = await startPrivate(repoRoot, servicesFromEnv(), false, say, (stop) => { cleanup = stop; });
  const agent = await agentPhases(target);
  const results: AgentBenchResults = {
    schema: 'muon-bench-agent/1', startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), quick,
    machine: {
      cores: CORES, cpuModel: os.cpus()[0]?.model ?? '?', memoryGb: round(os.totalmem() / 2 ** 30, 1), kernel: os.release(),
      node: process.version, postgres: target.versions.postgres, nats: target.versions.nats,
    },
    code: gitState(),
    agent,
  };
  mkdirSync(resultsDir, { recursive: true });
  const jsonFile = join(resultsDir, `${stamp}-agent.json`);
  writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  const section = renderAgentMarkdown(agent, results.startedAt);
  const docs = writeDocs && !agent.skipped;
  if (docs) writeDoc(join(repoRoot, 'docs', 'benchmarks.md'), section, docTemplate(), AGENT_START, AGENT_END);
  process.stdout.write(`\n${section}\n\n`);
  say(`results: ${jsonFile}${docs ? ' and docs/benchmarks.md (agent section)' : ''}`);
}

/** `--l3`: a private platform (ipam, l3, api), one agent on a simulated host, the router and floating IP measures. */
async function l3Main(): Promise<void> {
  const missing = agentBenchMissing();
  if (missing) {
    say(`l3 phases skipped: ${missing}`);
    return;
  }
  if (env.MUON_API_URL) throw new Error('--l3 needs the private platform: unset MUON_API_URL');
  const services = { ...servicesFromEnv(), l3: Math.max(1, Number(env.MUON_L3_REPLICAS || 1)) };
  target = await startPrivate(repoRoot, services, false, say, (stop) => { cleanup = stop; });
  const t0 = Date.now();
  let l3;
  try {
    l3 = await runL3Bench(l3Config(quick), { platform: target.platform!, apiUrls: target.apiUrls, groups: target.groups, say, onCleanup: (fn) => { agentCleanup = fn; } });
  } finally {
    agentCleanup = undefined;
  }
  const results: L3BenchResults = {
    schema: 'muon-bench-l3/1', startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), seconds: round((Date.now() - startedAt.getTime()) / 1000, 1), quick,
    machine: {
      cores: CORES, cpuModel: os.cpus()[0]?.model ?? '?', memoryGb: round(os.totalmem() / 2 ** 30, 1), kernel: os.release(),
      node: process.version, postgres: target.versions.postgres, nats: target.versions.nats,
    },
    services, code: gitState(), l3,
  };
  say(`l3 measures took ${round((Date.now() - t0) / 1000, 0)} s`);
  mkdirSync(resultsDir, { recursive: true });
  const jsonFile = join(resultsDir, `${stamp}-l3.json`);
  writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  const section = renderL3Markdown(results);
  if (writeDocs) writeDoc(join(repoRoot, 'docs', 'benchmarks.md'), section, docTemplate(), L3_START, L3_END);
  process.stdout.write(`\n${section}\n\n`);
  say(`results: ${jsonFile}${writeDocs ? ' and docs/benchmarks.md (L3 section)' : ''}`);
}

/** A load phase with the CPU each process spent, peak memory, transactions and the owner's handling time. */
async function measuredPhase(opts: LoadOptions, groups: ProcGroup[], serverLabels: string[], rss: RssSampler, t: Target, http: HttpClient): Promise<PhaseResult> {
  http.setMaxSockets(opts.concurrency);
  const metrics0 = await ownerHandlerTotals(t);
  const xid0 = t.databaseUrl ? await nextXid(t.databaseUrl) : undefined;
  rss.reset();
  const cpu0 = sampleAll(groups);
  const m0 = machineCpu();
  const r = await runLoad(opts, progress);
  const m1 = machineCpu();
  const cpu1 = sampleAll(groups);
  const rssPeak = rss.peaks();
  const xid1 = t.databaseUrl ? await nextXid(t.databaseUrl) : undefined;
  const metrics1 = await ownerHandlerTotals(t);
  const ops = Math.max(r.completed, 1);
  const cpuMsPerOp = Object.fromEntries(groups.map((g) => [g.label, round((1000 * (cpu1[g.label]!.cpuSeconds - cpu0[g.label]!.cpuSeconds)) / ops, 3)]));
  const cpuSysMsPerOp = Object.fromEntries(groups.map((g) => [g.label, round((1000 * (cpu1[g.label]!.sysSeconds - cpu0[g.label]!.sysSeconds)) / ops, 3)]));
  const serverCpu = serverLabels.reduce((a, l) => a + (cpuMsPerOp[l] ?? 0), 0);
  const watchedSeconds = groups.reduce((a, g) => a + (cpu1[g.label]!.cpuSeconds - cpu0[g.label]!.cpuSeconds), 0);
  const handled = metrics0 && metrics1 ? metrics1.count - metrics0.count : 0;
  return {
    label: r.label, concurrency: r.concurrency, requested: r.requested, completed: r.completed, errors: r.errors, errorSamples: r.errorSamples,
    timedOut: r.timedOut, seconds: r.seconds, perSecond: r.perSecond, latencyMs: summarize(r.latencies),
    cpuMsPerOp, cpuSysMsPerOp, serverCpuMsPerOp: round(serverCpu, 3), cpuBoundCeilingPerSecond: round(serverCpu > 0 ? (CORES * 1000) / serverCpu : Number.NaN, 0),
    machineBusyPct: round(busyPct(m0, m1), 1), otherProcessesPct: round(othersPct(m0, m1, watchedSeconds), 1), rssPeakMb: roundMap(rssPeak),
    writeTransactionsPerOp: xid0 !== undefined && xid1 !== undefined ? round((xid1 - xid0) / ops, 2) : undefined,
    ownerHandlerMeanMs: handled > 0 ? round((1000 * (metrics1!.sum - metrics0!.sum)) / handled, 2) : undefined,
  };
}

/** ipam's request-duration histogram for port.create, summed over its replicas. */
async function ownerHandlerTotals(t: Target): Promise<{ sum: number; count: number } | undefined> {
  if (t.ipamMetricsUrls.length === 0) return undefined;
  let sum = 0;
  let count = 0;
  for (const url of t.ipamMetricsUrls) {
    const text = await (await fetch(url)).text();
    for (const line of text.split('\n')) {
      const m = /^muon_request_duration_seconds_(sum|count)\{[^}]*operation="port\.create"[^}]*\}\s+(\S+)/.exec(line);
      if (m) m[1] === 'sum' ? (sum += Number(m[2])) : (count += Number(m[2]));
    }
  }
  return { sum, count };
}

/** A phase with the V8 profiler running in every service process and pg_stat_statements counting. */
async function profiledPhase(t: Target, name: string, opts: LoadOptions, phase: (o: LoadOptions) => Promise<PhaseResult>): Promise<ProfiledPhase> {
  const profilers: [string, Awaited<ReturnType<typeof startProfiler>>][] = [];
  for (const [proc, url] of Object.entries(t.inspectorUrls)) profilers.push([proc, await startProfiler(url)]);
  const statements = t.databaseUrl ? new StatementCounter(t.databaseUrl) : undefined;
  await statements?.reset();
  const result = await phase(opts);
  const stmts = await statements?.read(result.completed);
  const dir = join(resultsDir, `${stamp}-profile`);
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {};
  const processes: ProfileSummary[] = [];
  for (const [proc, profiler] of profilers) {
    const { profile: prof, memoryMb } = await profiler.stop();
    const file = join(dir, `${name}-${proc}.cpuprofile`);
    writeFileSync(file, JSON.stringify(prof));
    files[proc] = file.slice(repoRoot.length + 1);
    const cpu = result.cpuMsPerOp[proc];
    const sys = result.cpuSysMsPerOp[proc];
    const cpuUsPerOp = cpu !== undefined && sys !== undefined ? { user: round(1000 * (cpu - sys), 0), sys: round(1000 * sys, 0) } : undefined;
    processes.push({ ...summarizeProfile(proc, prof, result.completed, cpuUsPerOp), memoryMb });
  }
  return { phase: result, files, processes, statements: stmts };
}

/** Port creates at c=50, then lists of every port, each profiled on its own. */
async function runProfile(
  t: Target, createPort: () => Promise<void>, listAll: () => Promise<void>, phase: (o: LoadOptions) => Promise<PhaseResult>,
): Promise<Omit<NonNullable<BenchResults['profile']>, 'idleMemoryMb'>> {
  say(`profile: ${cfg.profileCreates} port creates at c=50 with the V8 profiler on ${Object.keys(t.inspectorUrls).join(', ')} and pg_stat_statements`);
  const mx0 = t.databaseUrl ? await multixactStats(t.databaseUrl) : undefined;
  const create = await profiledPhase(t, 'port-create', { label: 'profiled ports c=50', total: cfg.profileCreates, concurrency: 50, maxSeconds: cfg.maxPhaseSeconds, op: createPort }, phase);
  await sleep(1500); // backends flush their statistics at most once a second
  const mx1 = t.databaseUrl ? await multixactStats(t.databaseUrl) : undefined;
  const multixacts = mx0 && mx1 ? Object.fromEntries(Object.keys(mx1).map((k) => [k, mx1[k]! - (mx0[k] ?? 0)])) : undefined;
  if (multixacts) say(`multixacts during the profiled creates: ${fmtMap(multixacts, '')}`);
  const runs = Math.max(3, Math.min(10, cfg.listRuns));
  if (!createsOnly) say(`profile: ${runs} lists of every port, one at a time`);
  const list = createsOnly ? undefined : await profiledPhase(t, 'list-all', { label: 'profiled GET all', total: runs, concurrency: 1, maxSeconds: cfg.maxPhaseSeconds, op: listAll }, phase);
  say(`profiles written to ${join(resultsDir, `${stamp}-profile`)} (open them in Chrome DevTools → Performance, or speedscope)`);
  return { creates: create.phase.completed, concurrency: 50, ...create, list, multixacts };
}

/** The commit measured, and whether the services' sources differed from it (uncommitted edits). */
function gitState(): { commit: string; changedFiles: number } | undefined {
  try {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: repoRoot, encoding: 'utf8' }).trim();
    return { commit: git('rev-parse', '--short', 'HEAD'), changedFiles: git('status', '--porcelain', '--', 'apps', 'libs').split('\n').filter(Boolean).length };
  } catch {
    return undefined;
  }
}

/** Settings that change what is measured (they reach the service processes too). */
function relevantEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env)
    .filter(([k]) => /^(OTEL_|MUON_|NODE_OPTIONS$|LOG_LEVEL$|UV_THREADPOOL_SIZE$)/.test(k) && k !== 'MUON_BENCH_TOKEN')
    .map(([k, v]) => [k, v ?? '']));
}

function fmtMap(m: Record<string, number>, unit: string): string {
  return Object.entries(m).map(([k, v]) => `${k} ${v}${unit}`).join(', ');
}

function roundMap(m: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v, 1)]));
}

function readHeader(): string {
  return `npm run bench [-- --profile] [--quick [--docs]] [--creates-only] [--no-docs] [--agent | --no-agent | --l3]
node bench/main.ts --render bench-results/<timestamp>.json   (re-renders docs/benchmarks.md from a saved run)

Environment:
  MUON_API_URL                 benchmark a running Muon instead of starting a private one
  MUON_BENCH_PIDS              with MUON_API_URL: "api=PID,ipam=PID,postgres=PID,nats-server=PID" to watch
                               (default: .muon/pids.json, .muon/pg and .muon/nats of a local npm start)
  MUON_IPAM_REPLICAS, MUON_API_REPLICAS, MUON_L3_REPLICAS, …   private platform replicas (default ipam 1, api 1)
  MUON_BENCH_CONCURRENCY=1,10,50  MUON_BENCH_CREATES=300,1500,3000  MUON_BENCH_WARMUP=200
  MUON_BENCH_LIST_PORTS=5000  MUON_BENCH_LIST_RUNS=20  MUON_BENCH_PAIRS=200  MUON_BENCH_PAIR_CONCURRENCY=10
  MUON_BENCH_PHASE_SECONDS=120 (time limit of each phase)  MUON_BENCH_PROFILE=1  MUON_BENCH_PROFILE_CREATES=2000
  MUON_BENCH_KEEP_LOGS=1 (keep the private platform's service logs)
Agent phases (root with Open vSwitch and dnsmasq; skipped otherwise):
  MUON_BENCH_AGENT_PORTS=500 (convergence, per variant)  MUON_BENCH_AGENT_CONCURRENCY=10
  MUON_BENCH_AGENT_RESYNC_PORTS=2000  MUON_BENCH_AGENT_SCALE_PORTS=100  MUON_BENCH_OVSDB_OPS=2000  MUON_BENCH_OVSDB_WAIT_OPS=200
L3 phases (--l3; root with Open vSwitch):
  MUON_BENCH_L3_FIP_ROUNDS=100  MUON_BENCH_L3_INTERFACES=20  MUON_BENCH_L3_INTERFACE_RUNS=3  MUON_BENCH_L3_ROUTERS=100
  MUON_BENCH_L3_FLOATINGIPS=1000  MUON_BENCH_L3_CONCURRENCY=10  MUON_BENCH_L3_RESTARTS=1
  MUON_BENCH_L3_PHASE_SECONDS=420 (quick 120)  MUON_BENCH_L3_TOTAL_SECONDS=810 (quick 200; all the measures together)`;
}

/** The page written when docs/benchmarks.md does not exist yet (a declaration: hoisted, unlike a const). */
function docTemplate(): string {
  return `# Benchmarks

\`npm run bench\` measures a whole Muon: port-create throughput and latency at concurrency 1, 10
and 50 on one /16 subnet, listing 5,000 ports, network + subnet creation, the memory of every
process idle and under load, and the CPU each process spends per port create. See the
"How to run" section below.
`;
}
