import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { TestPlatform, freePort, startPostgres, type RunningServer } from '@muon/embedded';
import { pidFromFile, type ProcGroup } from './procs.ts';
import { inspectorUrl } from './profile.ts';

/** What the benchmark drives: API URLs, the processes to watch, and how to stop what it started. */
export interface Target {
  mode: 'private' | 'external';
  apiUrls: string[];
  services: Record<string, number>;
  groups: ProcGroup[];
  /** /metrics of each ipam replica (private mode), for the owner's own handling time. */
  ipamMetricsUrls: string[];
  /** The platform's database (private mode): transaction counts, pg_stat_statements. */
  databaseUrl?: string;
  /** Log file of each service process (private mode). */
  logFiles: Record<string, string>;
  /** Inspector WebSocket URL of each service process (private mode with profiling), read at start-up. */
  inspectorUrls: Record<string, string>;
  logDir?: string;
  versions: { postgres?: string; nats?: string };
  /** The private platform itself (private mode): the agent phases spawn agent processes on it. */
  platform?: TestPlatform;
  stop(keepLogs: boolean): Promise<void>;
}

const SERVICE_NAMES = ['ipam', 'l3', 'lbaas', 'firewall', 'api'];

/** ipam ×1 and api ×1 unless MUON_<SERVICE>_REPLICAS says otherwise (0 leaves a service out). */
export function servicesFromEnv(env = process.env): Record<string, number> {
  const services: Record<string, number> = {};
  for (const name of SERVICE_NAMES) {
    const v = env[`MUON_${name.toUpperCase()}_REPLICAS`];
    const n = v === undefined || v === '' ? (name === 'ipam' || name === 'api' ? 1 : 0) : Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`MUON_${name.toUpperCase()}_REPLICAS must be a whole number`);
    if (n > 0) services[name] = n;
  }
  if (!services.api || !services.ipam) throw new Error('the benchmark needs at least one ipam and one api process');
  return services;
}

async function serverVersion(databaseUrl: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    return String((await client.query('show server_version')).rows[0]?.server_version);
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A private Muon: its own PostgreSQL cluster in a temporary directory, and a TestPlatform on it
 * (own database, own NATS, each service a real process from dist). With `profile`, the cluster loads
 * pg_stat_statements and every service process starts with an inspector on a random loopback port.
 */
export async function startPrivate(
  repoRoot: string, services: Record<string, number>, profile: boolean, say: (s: string) => void,
  /** Told how to stop what has started so far, as soon as something has (so Ctrl-C during start-up cleans up). */
  onCleanup: (stop: (keepLogs: boolean) => Promise<void>) => void = () => undefined,
): Promise<Target> {
  const pgDir = mkdtempSync(join(tmpdir(), 'muon-bench-pg-'));
  const port = await freePort();
  let postgres: RunningServer | undefined;
  let platform: TestPlatform | undefined;
  // Ctrl-C may come at any point of start-up: stopping waits for the step in progress, makes start-up
  // give up after it, and stops whatever exists (once, however many times it is asked).
  let starting: Promise<unknown> = Promise.resolve();
  let aborted = false;
  let stopped: Promise<void> | undefined;
  const pgStarts: Promise<RunningServer>[] = [];
  const stopAll = (keepLogs: boolean): Promise<void> => (stopped ??= (async () => {
    aborted = true;
    await starting.catch(() => undefined);
    // TestPlatform.stop() removes its logs unless MUON_KEEP_TEST_LOGS is set.
    if (keepLogs) process.env.MUON_KEEP_TEST_LOGS = '1';
    await platform?.stop().catch((err) => say(`platform stop failed: ${err}`));
    // Every handle stops the same cluster (pg_ctl -D <dir>); the last one started is the one running.
    const server = await pgStarts[pgStarts.length - 1]?.catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(pgDir, { recursive: true, force: true });
    if (platform?.logDir && !keepLogs) rmSync(platform.logDir, { recursive: true, force: true });
  })());
  onCleanup(stopAll);
  const step = async <T>(p: Promise<T>): Promise<T> => {
    starting = p;
    const value = await p;
    if (aborted) throw new Error('interrupted while starting');
    return value;
  };
  const startPg = () => {
    const p = startPostgres({ dir: pgDir, port, database: 'muon_bench' });
    pgStarts.push(p);
    return step(p);
  };
  say(`starting a private PostgreSQL (${pgDir})`);
  try {
    postgres = await startPg();
    if (profile) {
      const admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      await admin.query(`alter system set shared_preload_libraries = 'pg_stat_statements'`);
      await admin.end();
      await step(postgres.stop());
      postgres = await startPg();
    }
    const inherited = process.env.NODE_OPTIONS ? `${process.env.NODE_OPTIONS} ` : '';
    const pgUrl = postgres.url;
    platform = new TestPlatform({
      repoRoot, postgresUrl: pgUrl, services,
      env: profile ? { NODE_OPTIONS: `${inherited}--inspect=127.0.0.1:0` } : {},
      // A load test goes far past Neutron's default quotas (500 ports per project); an operator lifts them for it.
      serviceEnv: { ipam: { MUON_QUOTA_DEFAULTS: 'network=-1,subnet=-1,port=-1' } },
    });
    say(`starting the platform: ${Object.entries(services).map(([n, r]) => `${n} ×${r}`).join(', ')} (own database and NATS)`);
    await step(platform.start());
    if (profile) {
      const client = new pg.Client({ connectionString: platform.databaseUrl });
      await client.connect();
      await client.query('create extension if not exists pg_stat_statements');
      // Planning time per statement (settable only once the library is loaded).
      await client.query('alter system set pg_stat_statements.track_planning = on');
      await client.query('select pg_reload_conf()');
      await client.end();
    }
    // Read once, now: the URLs are announced in the logs, which need not outlive start-up.
    const inspectorUrls: Record<string, string> = {};
    if (profile) for (const i of platform.instances) inspectorUrls[`${i.name}-${i.index}`] = await inspectorUrl(join(platform.logDir, `${i.name}-${i.index}.log`));
    const groups: ProcGroup[] = platform.instances.map((inst) => ({ label: `${inst.name}-${inst.index}`, kind: 'service' as const, pid: inst.child.pid! }));
    const pgPid = pidFromFile(join(pgDir, 'data', 'postmaster.pid'));
    if (pgPid) groups.push({ label: 'postgres', kind: 'postgres', pid: pgPid });
    const natsPid = pidFromFile(join(platform.logDir, 'nats', 'nats.pid'));
    if (natsPid) groups.push({ label: 'nats-server', kind: 'nats', pid: natsPid });
    const apis = platform.instances.filter((i) => i.name === 'api').map((i) => `http://127.0.0.1:${i.healthPort}`);
    const p = platform;
    return {
      mode: 'private', apiUrls: apis, services, groups,
      ipamMetricsUrls: p.instances.filter((i) => i.name === 'ipam').map((i) => `http://127.0.0.1:${i.healthPort}/metrics`),
      databaseUrl: p.databaseUrl,
      logFiles: Object.fromEntries(p.instances.map((i) => [`${i.name}-${i.index}`, join(p.logDir, `${i.name}-${i.index}.log`)])),
      logDir: p.logDir,
      inspectorUrls,
      versions: { postgres: await serverVersion(p.databaseUrl), nats: natsVersion(join(p.logDir, 'nats', 'nats.log')) },
      platform: p,
      stop: stopAll,
    };
  } catch (err) {
    if (platform?.logDir) say(`service logs kept in ${platform.logDir}`);
    await stopAll(true);
    throw err;
  }
}

function natsVersion(log: string): string | undefined {
  try { return /Version:\s+(\S+)/.exec(readFileSync(log, 'utf8'))?.[1]; } catch { return undefined; }
}

/**
 * A Muon that is already running (e.g. `npm start`) at MUON_API_URL. Its processes are watched when
 * MUON_BENCH_PIDS ("api=123,ipam=456,postgres=789,nats-server=1011") names them, or when `.muon/` of
 * a local `npm start` does.
 */
export function external(apiUrl: string, repoRoot: string): Target {
  const groups: ProcGroup[] = [];
  const state = join(process.env.MUON_HOME ?? repoRoot, '.muon');
  const host = new URL(apiUrl).hostname;
  const local = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  let pids: Record<string, number> = {};
  if (process.env.MUON_BENCH_PIDS) {
    pids = Object.fromEntries(process.env.MUON_BENCH_PIDS.split(',').map((kv) => kv.split('=')).map(([k, v]) => [k!.trim(), Number(v)]));
  } else if (local && existsSync(join(state, 'pids.json'))) {
    pids = JSON.parse(readFileSync(join(state, 'pids.json'), 'utf8')) as Record<string, number>;
  }
  // "postgres=<postmaster pid>" counts the postmaster and its backends; "nats…=<pid>" is nats-server.
  const kindOf = (label: string): ProcGroup['kind'] => (label.startsWith('postgres') ? 'postgres' : label.startsWith('nats') ? 'nats' : 'service');
  for (const [label, pid] of Object.entries(pids)) if (pid && existsSync(`/proc/${pid}`)) groups.push({ label, kind: kindOf(label), pid });
  if (local && !process.env.MUON_BENCH_PIDS) {
    const pgPid = pidFromFile(join(state, 'pg', 'data', 'postmaster.pid'));
    if (pgPid && existsSync(`/proc/${pgPid}`)) groups.push({ label: 'postgres', kind: 'postgres', pid: pgPid });
    const natsPid = pidFromFile(join(state, 'nats', 'nats.pid'));
    if (natsPid && existsSync(`/proc/${natsPid}`)) groups.push({ label: 'nats-server', kind: 'nats', pid: natsPid });
  }
  return {
    mode: 'external', apiUrls: [apiUrl.replace(/\/$/, '')], services: {}, groups, ipamMetricsUrls: [], logFiles: {}, inspectorUrls: {}, versions: {},
    stop: async () => undefined,
  };
}
