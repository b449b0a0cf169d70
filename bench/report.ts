import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { LoadResult } from './load.ts';
import type { LatencySummary } from './stats.ts';
import type { MemoryUsage, ProfileSummary, StatementStats } from './profile.ts';
import type { AgentResults } from './agent.ts';

/** A load phase's counts (from LoadResult, without the raw latencies) plus what was measured around it. */
export interface PhaseResult extends Omit<LoadResult, 'latencies'> {
  latencyMs: LatencySummary;
  /** CPU milliseconds each process spent per operation (utime + stime over the phase / completed). */
  cpuMsPerOp: Record<string, number>;
  /** Of which kernel time (stime). */
  cpuSysMsPerOp: Record<string, number>;
  /** Sum over gateway, owner, PostgreSQL and NATS (the load generator not included). */
  serverCpuMsPerOp: number;
  /** What the machine could do at most if only the server side used its cores: cores × 1000 / serverCpuMsPerOp. */
  cpuBoundCeilingPerSecond: number;
  machineBusyPct: number;
  /** CPU used during the phase by processes outside the platform and the load generator, % of the machine. */
  otherProcessesPct: number;
  rssPeakMb: Record<string, number>;
  /** Transactions that wrote (took a transaction id) per operation, all writers in the database. */
  writeTransactionsPerOp?: number;
  /** The owner's own handling time (ipam's muon_request_duration_seconds for port.create), mean ms. */
  ownerHandlerMeanMs?: number;
}

export interface ListResult {
  name: string;
  path: string;
  runs: number;
  items: number;
  bytes: number;
  latencyMs: LatencySummary;
}

export interface ProfiledPhase {
  phase: PhaseResult;
  files: Record<string, string>;
  processes: ProfileSummary[];
  statements?: { statementsPerOp: number; execMsPerOp: number; planMsPerOp: number; top: StatementStats[] };
}

export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  met: boolean | null;
}

export interface BenchResults {
  schema: 'muon-bench/1';
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  machine: { cores: number; cpuModel: string; memoryGb: number; kernel: string; node: string; postgres?: string; nats?: string };
  target: { mode: 'private' | 'external'; apiUrls: string[]; services: Record<string, number>; processes: string[] };
  config: Record<string, unknown>;
  /** The commit measured and how many files under apps/ and libs/ differed from it. */
  code?: { commit: string; changedFiles: number };
  idle: { rssMb: Record<string, number>; cpuMsPerSecond: Record<string, number>; seconds: number; otherProcessesPct: number };
  setup: { networkId: string; subnetId: string; cidr: string };
  warmup: PhaseResult;
  portCreate: PhaseResult[];
  list: ListResult[];
  listChecks: { portsListed: number; uniqueAddresses: number };
  /** Absent with --creates-only (as are the lists). */
  networkSubnet?: PhaseResult;
  rss: { idleMb: Record<string, number>; peakUnderLoadMb: Record<string, number>; peakAtC50Mb: Record<string, number>; afterLoadMb: Record<string, number> };
  targets: TargetCheck[];
  profile?: ProfiledPhase & {
    creates: number;
    concurrency: number;
    /** The same profiling for GET /v2.0/ports (every port), one request at a time. */
    list?: ProfiledPhase;
    /** MultiXacts created during the profiled creates (ids, and SLRU pages of offsets and members). */
    multixacts?: Record<string, number>;
    /** process.memoryUsage() of each service at idle (inspector on), MB. */
    idleMemoryMb: Record<string, MemoryUsage>;
  };
  /** The host agent's phases (bench/agent.ts), or why they were skipped. */
  agent?: AgentResults;
}

/** What `npm run bench -- --agent` writes: the agent's phases only. */
export interface AgentBenchResults {
  schema: 'muon-bench-agent/1';
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  machine: BenchResults['machine'];
  code?: BenchResults['code'];
  agent: AgentResults;
}

const fmt = (x: number | undefined, digits = 1) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));
const mb = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : `${Math.round(x)}`);
const mark = (met: boolean | null) => (met === null ? 'not measured' : met ? '**met**' : '**not met**');

export function renderMarkdown(r: BenchResults): string {
  const date = r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const procs = r.target.processes;
  const services = Object.entries(r.target.services).map(([n, k]) => `${n} ×${k}`).join(', ');
  const lines: string[] = [];
  lines.push(`## Latest run — ${date}${r.quick ? ' (quick, reduced counts)' : ''}`, '');
  lines.push(`Machine: ${r.machine.cores} cores (${r.machine.cpuModel}), ${r.machine.memoryGb} GB RAM, Linux ${r.machine.kernel}; ` +
    `Node ${r.machine.node}, PostgreSQL ${r.machine.postgres ?? '?'}, nats-server ${r.machine.nats ?? '?'}. ` +
    (r.target.mode === 'private'
      ? `Private platform (${services}): PostgreSQL, NATS, the services and the load generator all share these cores, over loopback.`
      : `Against the running Muon at ${r.target.apiUrls[0]}.`), '');
  if (r.code) lines.push(`Code: commit ${r.code.commit}${r.code.changedFiles ? ` plus uncommitted changes in ${r.code.changedFiles} files under apps/ and libs/` : ''}.` +
    `${Object.keys((r.config.env ?? {}) as object).length ? ` Environment: ${Object.entries(r.config.env as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(' ')}.` : ''}`, '');
  lines.push(`Idle CPU (ms per second): ${Object.entries(r.idle.cpuMsPerSecond).map(([k, v]) => `${k} ${fmt(v, 0)}`).join(', ')}. ` +
    `Other processes on the machine used ${fmt(r.idle.otherProcessesPct, 0)} % of its CPU while the platform idled ` +
    '(the "others" column below is the same during each phase: anything above a few % there competes with the run).', '');
  const others = Math.max(r.idle.otherProcessesPct, ...r.portCreate.map((p) => p.otherProcessesPct), r.networkSubnet?.otherProcessesPct ?? 0);
  if (others > 10) {
    lines.push(`> **Noisy run:** other processes on this machine used up to ${fmt(others, 0)} % of its CPU during the run, so throughput and ` +
      'latency are pessimistic. CPU per request (per process, from /proc) is affected less, though contention inflates it too ' +
      '(cache misses, context switches): compare runs by their "others" column.', '');
  }
  lines.push('| target (issue) | goal | measured | |', '|---|---|---|---|');
  for (const t of r.targets) lines.push(`| ${t.name} | ${t.target} | ${t.measured} | ${mark(t.met)} |`);
  lines.push('');

  lines.push(`### Port create (POST /v2.0/ports on one ${r.setup.cidr} subnet)`, '');
  const cpuCols = procs.filter((p) => p !== 'bench-client');
  lines.push(`| concurrency | creates | errors | creates/s | p50 ms | p99 ms | max ms | CPU ms per create: ${cpuCols.join(' / ')} | server total | client | CPU-bound ceiling | machine busy (others) |`);
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|');
  for (const p of r.portCreate) {
    lines.push(`| ${p.concurrency} | ${p.completed} | ${p.errors} | ${fmt(p.perSecond, 0)} | ${fmt(p.latencyMs.p50)} | ${fmt(p.latencyMs.p99)} | ${fmt(p.latencyMs.max)} | ` +
      `${cpuCols.map((c) => fmt(p.cpuMsPerOp[c], 2)).join(' / ')} | ${fmt(p.serverCpuMsPerOp, 2)} | ${fmt(p.cpuMsPerOp['bench-client'], 2)} | ` +
      `${fmt(p.cpuBoundCeilingPerSecond, 0)}/s | ${fmt(p.machineBusyPct, 0)} % (${fmt(p.otherProcessesPct, 0)} %) |`);
  }
  if (!procs.includes('postgres') || !procs.includes('nats-server')) {
    lines.push('', 'PostgreSQL and/or nats-server were not watched in this run: "server total" leaves them out, and their CPU shows under "others".');
  }
  const c50 = r.portCreate.find((p) => p.concurrency === 50) ?? r.portCreate[r.portCreate.length - 1];
  if (c50?.writeTransactionsPerOp !== undefined || c50?.ownerHandlerMeanMs !== undefined) {
    lines.push('', `At c=${c50!.concurrency}: ${fmt(c50!.writeTransactionsPerOp, 2)} writing transactions per create (command + outbox relay); ` +
      `ipam's own handling time ${fmt(c50!.ownerHandlerMeanMs, 1)} ms mean of the ${fmt(c50!.latencyMs.mean, 1)} ms seen by the client.`);
  }
  lines.push('');

  if (r.list.length > 0) {
    lines.push(`### Lists (GET, ${r.listChecks.portsListed} ports in the project, ${r.list[0]?.runs ?? 0} runs each after one warm-up)`, '');
    lines.push('| request | items | response | p50 ms | p99 ms | max ms |', '|---|---:|---:|---:|---:|---:|');
    for (const l of r.list) lines.push(`| \`${l.path}\` | ${l.items} | ${fmt(l.bytes / 1024 / 1024, 2)} MB | ${fmt(l.latencyMs.p50)} | ${fmt(l.latencyMs.p99)} | ${fmt(l.latencyMs.max)} |`);
    lines.push('');

  }
  const ns = r.networkSubnet;
  if (ns) {
    lines.push('### Network + subnet', '');
    lines.push('| pairs | concurrency | errors | pairs/s | p50 ms | p99 ms | server CPU ms per pair |', '|---:|---:|---:|---:|---:|---:|---:|');
    lines.push(`| ${ns.completed} | ${ns.concurrency} | ${ns.errors} | ${fmt(ns.perSecond, 1)} | ${fmt(ns.latencyMs.p50)} | ${fmt(ns.latencyMs.p99)} | ${fmt(ns.serverCpuMsPerOp, 2)} |`);
    lines.push('');
  }

  lines.push('### Memory (RSS, MB)', '');
  lines.push('| process | idle | peak under load | peak at c=50 | after load |', '|---|---:|---:|---:|---:|');
  for (const p of procs) {
    lines.push(`| ${p} | ${mb(r.rss.idleMb[p])} | ${mb(r.rss.peakUnderLoadMb[p])} | ${mb(r.rss.peakAtC50Mb[p])} | ${mb(r.rss.afterLoadMb[p])} |`);
  }
  lines.push('', 'PostgreSQL counts its shared memory and binary once (the sum of its backends\' private memory, plus the largest shared and file mappings).');

  if (r.profile) {
    const pr = r.profile;
    lines.push('', `### Profile: port create (c=${pr.concurrency}, ${pr.phase.completed} creates with the V8 profiler on; ${fmt(pr.phase.perSecond, 0)} creates/s while profiled)`, '');
    lines.push(...profileTable(pr, 'create'));
    if (pr.multixacts?.nextMultixactId !== undefined) {
      lines.push('', `MultiXacts created during these creates: ${fmt(pr.multixacts.nextMultixactId / Math.max(pr.phase.completed, 1), 2)} per create ` +
        `(${pr.multixacts.nextMultixactId} ids, ${pr.multixacts.MultiXactMemberPagesZeroed ?? '?'} new member pages): row locks FOR SHARE on a row many transactions share.`);
    }
    if (pr.list) {
      lines.push('', `### Profile: GET all ${r.listChecks.portsListed} ports (${pr.list.phase.completed} lists, one at a time; ${fmt(pr.list.phase.latencyMs.p50)} ms p50 while profiled)`, '');
      lines.push(...profileTable(pr.list, 'list'));
    }
  }
  lines.push('', `Raw figures: \`bench-results/${r.startedAt.replace(/[:.]/g, '-')}.json\`.`);
  return lines.join('\n');
}

function profileTable(p: ProfiledPhase, op: string): string[] {
  const lines: string[] = [];
  lines.push(`| process | CPU µs per ${op} (user + kernel) | samples in socket writes | heap used / RSS MB | user CPU by category (µs per ${op}) |`, '|---|---:|---:|---:|---|');
  for (const s of p.processes) {
    const cpu = s.cpuUsPerOp ? `${fmt(s.cpuUsPerOp.user + s.cpuUsPerOp.sys, 0)} (${fmt(s.cpuUsPerOp.user, 0)} + ${fmt(s.cpuUsPerOp.sys, 0)})` : '–';
    lines.push(`| ${s.process} | ${cpu} | ${fmt(s.socketWritePct, 0)} % | ${mb(s.memoryMb?.heapUsed)} / ${mb(s.memoryMb?.rss)} | ` +
      `${s.byCategory.slice(0, 9).map((c) => `${c.category} ${fmt(c.usPerOp, 0)}`).join(', ')} |`);
  }
  for (const g of ['postgres', 'nats-server']) {
    const cpu = p.phase.cpuMsPerOp[g];
    if (cpu !== undefined) lines.push(`| ${g} | ${fmt(1000 * cpu, 0)} (kernel ${fmt(1000 * (p.phase.cpuSysMsPerOp[g] ?? Number.NaN), 0)}) | | | |`);
  }
  if (p.statements) {
    lines.push('', `PostgreSQL: ${fmt(p.statements.statementsPerOp, 1)} statements per ${op} (every session, the outbox relay included); ` +
      `${fmt(p.statements.execMsPerOp, 2)} ms executing and ${fmt(p.statements.planMsPerOp, 2)} ms planning per ${op} (server time, contention included).`, '');
    lines.push(`| calls per ${op} | mean exec ms | mean plan ms | exec µs per ${op} | statement |`, '|---:|---:|---:|---:|---|');
    for (const s of p.statements.top.slice(0, 16)) {
      lines.push(`| ${fmt(s.callsPerOp, 2)} | ${fmt(s.meanMs, 3)} | ${fmt(s.meanPlanMs, 3)} | ${fmt(s.usPerOp, 0)} | \`${s.query.replaceAll('|', '\\|').slice(0, 130)}\` |`);
    }
  }
  return lines;
}

export const START = '<!-- bench:results:start -->';
export const END = '<!-- bench:results:end -->';

/**
 * Replaces the generated section of docs/benchmarks.md, keeping whatever is written around it.
 * `start`/`end` name the section's markers (the agent's section has its own).
 */
export function writeDoc(file: string, section: string, template: string, start = START, end = END): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : template;
  const body = `${start}\n${section}\n${end}`;
  const i = current.indexOf(start);
  const j = current.indexOf(end);
  const next = i >= 0 && j > i ? current.slice(0, i) + body + current.slice(j + end.length) : `${current.trimEnd()}\n\n${body}\n`;
  writeFileSync(file, next);
}
