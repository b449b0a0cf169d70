import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { freePort } from './ports.js';
import { SERVICE_NODE_FLAGS } from './service-node-flags.js';
import { NatsExitedEarly, startNats } from './nats.js';
import type { RunningServer } from './postgres.js';

export interface PlatformOptions {
  /** Repository root (where apps/<name>/dist lives). */
  repoRoot: string;
  /** A PostgreSQL server URL (any database); the platform creates a database of its own on it. */
  postgresUrl: string;
  /** Services to run and how many replicas of each (default: ipam ×1, api ×1). */
  services?: Record<string, number>;
  env?: NodeJS.ProcessEnv;
  /** Environment for one service's processes only (e.g. `{ api: { LOG_LEVEL: 'info' } }`); wins over `env` and the platform's own. */
  serviceEnv?: Record<string, NodeJS.ProcessEnv>;
}

export interface ServiceInstance { name: string; index: number; healthPort: number; child: ChildProcess; env: NodeJS.ProcessEnv; args: string[] }

/**
 * A whole Muon for one test file: its own database, its own NATS server (so subjects never cross
 * between test files), and each service as a real process built from dist. `apiUrl` answers the
 * Neutron API. Logs go to a temporary directory printed on failure.
 */
export class TestPlatform {
  readonly instances: ServiceInstance[] = [];
  apiUrl = '';
  databaseUrl = '';
  natsUrl = '';
  logDir = '';
  private nats?: RunningServer;
  private databaseName = '';

  constructor(private readonly opts: PlatformOptions) {}

  async start(): Promise<this> {
    this.logDir = mkdtempSync(join(tmpdir(), 'muon-platform-'));
    const natsDir = join(this.logDir, 'nats');
    mkdirSync(natsDir);
    this.nats = await startNatsOnFreePorts(natsDir);
    this.natsUrl = this.nats.url;
    this.databaseName = `muon_${randomBytes(6).toString('hex')}`;
    await this.adminQuery(`create database ${this.databaseName}`);
    const url = new URL(this.opts.postgresUrl);
    url.pathname = `/${this.databaseName}`;
    this.databaseUrl = url.toString();
    const services = this.opts.services ?? { ipam: 1, l3: 1, api: 1 };
    // Backends first (ipam migrates its schema), the gateway last.
    for (const [name, replicas] of Object.entries(services).filter(([n]) => n !== 'api')) {
      for (let i = 0; i < replicas; i++) await this.spawnService(name, i);
      await Promise.all(this.instances.filter((s) => s.name === name).map((s) => this.waitReady(s)));
    }
    for (let i = 0; i < (services.api ?? 0); i++) {
      const inst = await this.spawnService('api', i);
      await this.waitReady(inst, 'healthz');
      this.apiUrl ||= `http://127.0.0.1:${inst.healthPort}`;
    }
    return this;
  }

  /**
   * Starts one more process of a service (a replica, or a restart after a kill). `extraEnv` applies to
   * this process only, e.g. a restart with a setting changed.
   */
  async spawnService(name: string, index: number, extraEnv: NodeJS.ProcessEnv = {}): Promise<ServiceInstance> {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env, ...this.opts.env, NATS_URL: this.natsUrl, DATABASE_URL: this.databaseUrl,
      MUON_HEALTH_PORT: String(port), MUON_API_PORT: String(port), MUON_AUTH_MODE: 'noauth', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...this.opts.serviceEnv?.[name], ...extraEnv,
    };
    const dist = join(this.opts.repoRoot, 'apps', name, 'dist');
    const args = [...SERVICE_NODE_FLAGS, '--enable-source-maps', '--import', join(dist, 'tracing.js'), join(dist, 'main.js')];
    const log = createWriteStream(join(this.logDir, `${name}-${index}.log`), { flags: 'a' });
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    const inst = { name, index, healthPort: port, child, env, args };
    this.instances.push(inst);
    return inst;
  }

  async waitReady(inst: ServiceInstance, path = 'readyz', timeoutMs = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (inst.child.exitCode !== null) throw new Error(`${inst.name}-${inst.index} exited with ${inst.child.exitCode}; logs in ${this.logDir} (kept with MUON_KEEP_TEST_LOGS=1)`);
      try {
        const r = await fetch(`http://127.0.0.1:${inst.healthPort}/${path}`);
        if (r.ok) return;
      } catch { /* not yet listening */ }
      if (Date.now() > deadline) throw new Error(`${inst.name}-${inst.index} not ready in ${timeoutMs} ms; logs in ${this.logDir} (kept with MUON_KEEP_TEST_LOGS=1)`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGKILL, as a crash would. */
  kill(inst: ServiceInstance): Promise<void> {
    return new Promise((resolve) => {
      if (inst.child.exitCode !== null || inst.child.signalCode !== null) return resolve();
      inst.child.once('exit', () => resolve());
      inst.child.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.instances.map((inst) => new Promise<void>((resolve) => {
      if (inst.child.exitCode !== null || inst.child.signalCode !== null) return resolve();
      const timer = setTimeout(() => inst.child.kill('SIGKILL'), 5000);
      inst.child.once('exit', () => { clearTimeout(timer); resolve(); });
      inst.child.kill('SIGTERM');
    })));
    await this.nats?.stop();
    if (this.databaseName) await this.adminQuery(`drop database if exists ${this.databaseName} with (force)`).catch(() => undefined);
    // Logs stay only when asked for (MUON_KEEP_TEST_LOGS=1), so test runs leave nothing behind.
    if (this.logDir && !process.env.MUON_KEEP_TEST_LOGS) rmSync(this.logDir, { recursive: true, force: true });
  }

  /** fetch against the API with noauth headers (project and roles) and JSON bodies. */
  request(method: string, path: string, body?: unknown, opts: { project?: string; roles?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { 'x-project-id': opts.project ?? 'project-a', 'x-roles': opts.roles ?? 'member', ...opts.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${this.apiUrl}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  }

  private async adminQuery(sql: string): Promise<void> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: this.opts.postgresUrl });
    await client.connect();
    try { await client.query(sql); } finally { await client.end(); }
  }
}

/**
 * A free port can be taken by someone else (another test file's server, an outgoing connection's
 * local port) before nats-server binds it; it then exits at once, and other ports are tried.
 */
async function startNatsOnFreePorts(dir: string, attempts = 3): Promise<RunningServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startNats({ dir, port: await freePort(), monitorPort: await freePort() });
    } catch (err) {
      if (!(err instanceof NatsExitedEarly) || attempt >= attempts) throw err;
    }
  }
}
