import { readFileSync } from 'node:fs';
import pg from 'pg';
import { round } from './stats.ts';

/** The V8 CPU profile format (what `node --cpu-prof` writes and Profiler.stop returns). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; hitCount?: number; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Finds the inspector a service process announced in its log ("Debugger listening on ws://…"). */
export async function inspectorUrl(logFile: string, timeoutMs = 10000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const m = /Debugger listening on (ws:\/\/\S+)/.exec(readFileSync(logFile, 'utf8'));
      if (m) return m[1]!;
    } catch { /* not written yet */ }
    if (Date.now() > deadline) throw new Error(`no inspector announced in ${logFile}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A minimal Chrome DevTools Protocol session over the inspector's WebSocket. */
export class InspectorSession {
  readonly ws: WebSocket;
  #id = 0;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.addEventListener('message', (ev) => {
      const msg = JSON.parse(String(ev.data)) as { id?: number; result?: unknown; error?: { message: string } };
      if (msg.id === undefined) return;
      const p = this.#pending.get(msg.id);
      this.#pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(msg.error.message));
      else p?.resolve(msg.result);
    });
  }

  static connect(url: string): Promise<InspectorSession> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.addEventListener('open', () => resolve(new InspectorSession(ws)), { once: true });
      ws.addEventListener('error', () => reject(new Error(`cannot connect to the inspector at ${url}`)), { once: true });
    });
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.#id;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.ws.close();
  }
}

export type MemoryUsage = Record<'rss' | 'heapTotal' | 'heapUsed' | 'external' | 'arrayBuffers', number>;

/** process.memoryUsage() of a service process, through its inspector, MB. */
export async function memoryUsageOf(wsUrl: string): Promise<MemoryUsage> {
  const session = await InspectorSession.connect(wsUrl);
  try {
    const { result } = await session.send<{ result: { value: string } }>('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true,
    });
    const raw = JSON.parse(result.value) as MemoryUsage;
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, round(v / 2 ** 20, 1)])) as MemoryUsage;
  } finally {
    session.close();
  }
}

/**
 * Starts the V8 sampling profiler in a service process; `stop()` ends it and returns the profile and
 * the process's own memory breakdown (process.memoryUsage(), MB) at that moment.
 */
export async function startProfiler(wsUrl: string, intervalUs = 250): Promise<{ stop(): Promise<{ profile: CpuProfile; memoryMb: MemoryUsage }> }> {
  const session = await InspectorSession.connect(wsUrl);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.send<{ profile: CpuProfile }>('Profiler.stop');
      await session.send('Profiler.disable').catch(() => undefined);
      const { result } = await session.send<{ result: { value: string } }>('Runtime.evaluate', {
        expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true,
      });
      session.close();
      const raw = JSON.parse(result.value) as MemoryUsage;
      const memoryMb = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, round(v / 2 ** 20, 1)])) as MemoryUsage;
      return { profile, memoryMb };
    },
  };
}

/**
 * Where the CPU went, by who wrote the code: the frame's script URL decides the category (a
 * dependency by package, Muon's libs and apps by name), and V8's pseudo-frames stand for themselves.
 */
export function categorize(url: string, functionName: string): string {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return 'V8/native (program)';
  if (functionName === '(root)') return 'idle';
  if (!url) return 'native builtins (JSON, crypto, Buffer…)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) {
    const pkg = nm[1]!;
    if (/^(pg|pg-protocol|pg-pool|pg-types|postgres-array|postgres-date|postgres-interval|postgres-bytea|pgpass|pg-connection-string)$/.test(pkg)) return 'pg driver';
    if (pkg === 'kysely') return 'Kysely';
    if (pkg.startsWith('@mikro-orm/')) return 'MikroORM';
    if (pkg.startsWith('@nats-io/')) return 'NATS client';
    if (pkg.startsWith('@nestjs/')) return 'NestJS';
    if (/^(fastify|@fastify\/.*|find-my-way|avvio|light-my-request|fast-json-stringify|secure-json-parse|fast-querystring|fast-decode-uri-component|toad-cache|content-type|abstract-logging|process-warning|rfdc|fast-uri)$/.test(pkg)) return 'Fastify';
    if (pkg.startsWith('@opentelemetry/') || /^(require-in-the-middle|import-in-the-middle|shimmer|module-details-from-path)$/.test(pkg)) return 'OpenTelemetry';
    if (pkg === 'zod') return 'zod';
    if (pkg === 'pino' || pkg === 'sonic-boom' || pkg === 'thread-stream') return 'pino';
    if (pkg === 'prom-client' || pkg === 'tdigest' || pkg === 'bintrees') return 'prom-client';
    if (pkg === 'rxjs') return 'rxjs';
    if (pkg === 'uuid') return 'uuid';
    if (pkg === 'reflect-metadata') return 'reflect-metadata';
    if (pkg.startsWith('@muon/')) return `@muon/${pkg.slice(6)}`;
    return `other package: ${pkg}`;
  }
  const lib = /\/libs\/([^/]+)\//.exec(url);
  if (lib) return `@muon/${lib[1]}`;
  const app = /\/apps\/([^/]+)\//.exec(url);
  if (app) return `apps/${app[1]}`;
  if (url.startsWith('node:')) {
    if (/node:(net|_stream|stream|internal\/streams|internal\/stream_base|internal\/net|tls)/.test(url)) return 'node: sockets & streams';
    if (/node:(_http|http|internal\/http)/.test(url)) return 'node: http';
    if (/node:internal\/(process\/task_queues|async_hooks|timers|process)|node:timers|node:async_hooks/.test(url)) return 'node: timers, async hooks, microtasks';
    if (/node:(internal\/)?(buffer|util|encoding|url|querystring|internal\/util|internal\/url|string_decoder)/.test(url)) return 'node: buffer, util, url';
    if (/node:(internal\/)?(crypto|internal\/crypto)/.test(url)) return 'node: crypto';
    if (/node:(internal\/)?events/.test(url)) return 'node: events';
    return 'node: other';
  }
  return `other: ${url.split('/').slice(-2).join('/')}`;
}

export interface ProfileSummary {
  process: string;
  /** process.memoryUsage() at the end of the profiled run, MB. */
  memoryMb?: MemoryUsage;
  /** Wall time the profile covers, and the time the main thread was sampled on a stack (not idle). */
  wallMs: number;
  sampledBusyMs: number;
  /**
   * Share of busy samples inside native socket writes (writev, writeBuffer…). V8 samples wall time:
   * on a saturated machine a write to a loopback socket wakes the reader, which often preempts the
   * writer right there, so this share measures round trips (and their context switches) more than CPU.
   */
  socketWritePct: number;
  /** CPU time the process spent per operation according to /proc, user and kernel, µs. */
  cpuUsPerOp?: { user: number; sys: number };
  /**
   * Where the user-space CPU went: each category's share of the busy samples outside socket writes,
   * and that share of the process's user CPU per operation (µs). Kernel time is the `sys` above.
   */
  byCategory: { category: string; pctOfCompute: number; usPerOp: number }[];
  topSelf: { fn: string; where: string; category: string; pctOfCompute: number; usPerOp: number }[];
  /** Muon's own functions by inclusive (synchronous) time, same scale. */
  topInclusiveMuon: { fn: string; where: string; pctOfCompute: number; usPerOp: number }[];
}

const SOCKET_WRITES = new Set(['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String', 'writeAsciiString', 'writeUcs2String']);
const SOCKET_WRITE = 'native socket writes';

const shortUrl = (url: string, line: number) => (url ? `${url.replace(/^file:\/\/\/work\/main\//, '').replace(/^.*node_modules\//, '')}:${line + 1}` : '(native)');

/**
 * Self time per function and category from a V8 CPU profile, normalised to user CPU per operation
 * when /proc's figures are given (`cpuUsPerOp`), else to sampled busy time per operation.
 */
export function summarizeProfile(name: string, profile: CpuProfile, ops: number, cpuUsPerOp?: { user: number; sys: number }): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  const n = profile.samples.length;
  for (let i = 0; i < n; i++) {
    // timeDeltas[i] is the time since the previous sample: that interval belongs to sample i-1.
    const dt = i + 1 < n ? profile.timeDeltas[i + 1]! : (profile.endTime - profile.startTime) / Math.max(n, 1);
    selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + Math.max(0, dt));
  }
  const cats = new Map<string, number>();
  const fns = new Map<string, { fn: string; where: string; category: string; us: number }>();
  const inclusive = new Map<string, { fn: string; where: string; us: number }>();
  let busyUs = 0;
  let writeUs = 0;
  for (const [id, us] of selfUs) {
    const cf = byId.get(id)!.callFrame;
    let category = categorize(cf.url, cf.functionName);
    if (category === 'idle') continue;
    busyUs += us;
    if (!cf.url && SOCKET_WRITES.has(cf.functionName)) {
      writeUs += us;
      category = SOCKET_WRITE;
      continue;
    }
    cats.set(category, (cats.get(category) ?? 0) + us);
    const key = `${cf.functionName}@${cf.url}:${cf.lineNumber}`;
    const entry = fns.get(key) ?? { fn: cf.functionName || '(anonymous)', where: shortUrl(cf.url, cf.lineNumber), category, us: 0 };
    entry.us += us;
    fns.set(key, entry);
    // Inclusive time of Muon's own frames: count each distinct frame once per sample stack.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (!/\/(libs|apps)\/[^/]+\/dist\//.test(f.url)) continue;
      const k = `${f.functionName}@${f.url}:${f.lineNumber}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const e = inclusive.get(k) ?? { fn: f.functionName || '(anonymous)', where: shortUrl(f.url, f.lineNumber), us: 0 };
      e.us += us;
      inclusive.set(k, e);
    }
  }
  const computeUs = Math.max(busyUs - writeUs, 1);
  const perOpScale = cpuUsPerOp ? cpuUsPerOp.user : computeUs / Math.max(ops, 1);
  const pct = (us: number) => round((100 * us) / computeUs, 1);
  const usPerOp = (us: number) => round((us / computeUs) * perOpScale, 0);
  return {
    process: name,
    wallMs: round((profile.endTime - profile.startTime) / 1000, 0),
    sampledBusyMs: round(busyUs / 1000, 0),
    socketWritePct: round((100 * writeUs) / Math.max(busyUs, 1), 1),
    cpuUsPerOp,
    byCategory: [...cats].sort((a, b) => b[1] - a[1]).map(([category, us]) => ({ category, pctOfCompute: pct(us), usPerOp: usPerOp(us) })),
    topSelf: [...fns.values()].sort((a, b) => b.us - a.us).slice(0, 30)
      .map((f) => ({ fn: f.fn, where: f.where, category: f.category, pctOfCompute: pct(f.us), usPerOp: usPerOp(f.us) })),
    topInclusiveMuon: [...inclusive.values()].sort((a, b) => b.us - a.us).slice(0, 30)
      .map((f) => ({ fn: f.fn, where: f.where, pctOfCompute: pct(f.us), usPerOp: usPerOp(f.us) })),
  };
}

export interface StatementStats {
  query: string;
  calls: number;
  callsPerOp: number;
  /** Execution time (pg_stat_statements total_exec_time), and planning time (track_planning). */
  totalMs: number;
  meanMs: number;
  usPerOp: number;
  meanPlanMs: number;
  planUsPerOp: number;
}

/** pg_stat_statements of the platform's database (the cluster must preload it: profile mode). */
export class StatementCounter {
  readonly databaseUrl: string;

  constructor(databaseUrl: string) {
    this.databaseUrl = databaseUrl;
  }

  async #run<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    await client.connect();
    try { return await fn(client); } finally { await client.end(); }
  }

  reset(): Promise<void> {
    return this.#run(async (c) => { await c.query('select pg_stat_statements_reset()'); });
  }

  read(ops: number, limit = 30): Promise<{ statementsPerOp: number; execMsPerOp: number; planMsPerOp: number; top: StatementStats[] }> {
    return this.#run(async (c) => {
      const { rows } = await c.query<{ query: string; calls: string; total: number; plan: number }>(
        `select query, calls::text as calls, total_exec_time as total, total_plan_time as plan from pg_stat_statements
          where dbid = (select oid from pg_database where datname = current_database())
            and query not ilike '%pg_stat_statements%'`);
      const all = rows.map((r) => ({ query: r.query.replace(/\s+/g, ' ').trim(), calls: Number(r.calls), totalMs: r.total, planMs: r.plan }))
        .sort((a, b) => b.calls - a.calls || b.totalMs - a.totalMs);
      const calls = all.reduce((a, r) => a + r.calls, 0);
      const exec = all.reduce((a, r) => a + r.totalMs, 0);
      const plan = all.reduce((a, r) => a + r.planMs, 0);
      return {
        statementsPerOp: round(calls / Math.max(ops, 1), 2),
        execMsPerOp: round(exec / Math.max(ops, 1), 3),
        planMsPerOp: round(plan / Math.max(ops, 1), 3),
        top: all.slice(0, limit).map((r) => ({
          query: r.query.length > 220 ? `${r.query.slice(0, 217)}…` : r.query,
          calls: r.calls, callsPerOp: round(r.calls / Math.max(ops, 1), 2),
          totalMs: round(r.totalMs, 1), meanMs: round(r.totalMs / Math.max(r.calls, 1), 3), usPerOp: round((1000 * r.totalMs) / Math.max(ops, 1), 0),
          meanPlanMs: round(r.planMs / Math.max(r.calls, 1), 3), planUsPerOp: round((1000 * r.planMs) / Math.max(ops, 1), 0),
        })),
      };
    });
  }
}

/**
 * The next transaction id of the cluster, read without taking one. Its growth over a phase counts the
 * transactions that wrote something (each gets an id; read-only ones don't), with no stats-flush lag.
 */
export async function nextXid(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ x: string }>('select pg_snapshot_xmax(pg_current_snapshot())::text as x');
    return Number(rows[0]?.x ?? Number.NaN);
  } finally {
    await client.end();
  }
}

/**
 * MultiXact activity of the cluster since it started (pg_stat_slru): pages of multixact offsets and
 * members created. Many transactions holding FOR SHARE on one row make a new multixact per locker.
 * Also the next multixact id from the last checkpoint, and a checkpoint to make it current.
 */
export async function multixactStats(databaseUrl: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('checkpoint');
    const { rows } = await client.query<{ name: string; zeroed: string }>(
      `select name, blks_zeroed::text as zeroed from pg_stat_slru where name in ('MultiXactOffset', 'MultiXactMember')`);
    const cp = await client.query<{ next: string }>('select next_multixact_id::text as next from pg_control_checkpoint()');
    return {
      ...Object.fromEntries(rows.map((r) => [`${r.name}PagesZeroed`, Number(r.zeroed)])),
      nextMultixactId: Number(cp.rows[0]?.next ?? Number.NaN),
    };
  } finally {
    await client.end();
  }
}
