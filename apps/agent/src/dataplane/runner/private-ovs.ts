import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ownedPid, sleep, stopProcess } from '../process/pid-file.js';
import { CommandError, runCommand } from '../process/run-command.js';

export const VSWITCH_SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';

export interface PrivateOvsOptions {
  /** Absolute or relative; `.muon/hosts/<host>/ovs` in production, a temporary directory in tests. */
  runDir: string;
  /** The host namespace ovs-vswitchd runs in (created when missing). */
  hostNamespace: string;
  timeoutMs?: number;
  log?: (line: string) => void;
}

/**
 * A private Open vSwitch: ovsdb-server on a unix socket in its run directory, and ovs-vswitchd
 * inside a host network namespace of its own (DATAPLANE.md §1), so no bridge tap appears in the
 * root namespace and several simulated hosts can share a machine. Never the system's OVS.
 * `start` adopts daemons that already run from this directory, so an agent restart leaves
 * the switch (and every port on it) untouched.
 */
export class PrivateOvs {
  readonly runDir: string;
  readonly hostNamespace: string;

  private constructor(private readonly opts: PrivateOvsOptions) {
    this.runDir = resolve(opts.runDir);
    this.hostNamespace = opts.hostNamespace;
  }

  get dbSocket(): string { return join(this.runDir, 'db.sock'); }
  get dbFile(): string { return join(this.runDir, 'conf.db'); }
  get vswitchdPidFile(): string { return join(this.runDir, 'ovs-vswitchd.pid'); }
  get ovsdbServerPidFile(): string { return join(this.runDir, 'ovsdb-server.pid'); }
  /** What `ovs-vsctl`, `ovs-ofctl` and `ovs-appctl` need to find this switch. */
  get env(): NodeJS.ProcessEnv { return { ...process.env, OVS_RUNDIR: this.runDir, OVS_LOGDIR: this.runDir, OVS_DBDIR: this.runDir }; }

  static async start(opts: PrivateOvsOptions): Promise<PrivateOvs> {
    const ovs = new PrivateOvs(opts);
    await ovs.ensureRunning();
    return ovs;
  }

  vswitchdPid(): number | undefined {
    return ownedPid(this.vswitchdPidFile, this.runDir);
  }

  ovsdbServerPid(): number | undefined {
    return ownedPid(this.ovsdbServerPidFile, this.runDir);
  }

  /** Starts whatever is not running: database, ovsdb-server, host namespace, ovs-vswitchd. */
  async ensureRunning(): Promise<void> {
    mkdirSync(this.runDir, { recursive: true, mode: 0o755 });
    chmodSync(this.runDir, 0o755);
    if (!existsSync(this.dbFile)) await this.run('ovsdb-tool', ['create', this.dbFile, VSWITCH_SCHEMA]);
    if (!this.ovsdbServerPid()) {
      this.opts.log?.(`starting ovsdb-server in ${this.runDir}`);
      await this.run('ovsdb-server', [this.dbFile, `--remote=punix:${this.dbSocket}`, `--pidfile=${this.ovsdbServerPidFile}`,
        `--unixctl=${join(this.runDir, 'ovsdb-server.ctl')}`, `--log-file=${join(this.runDir, 'ovsdb-server.log')}`, '-vconsole:off', '--detach']);
      await this.run('ovs-vsctl', [`--db=unix:${this.dbSocket}`, '--no-wait', 'init']);
    }
    await this.ensureHostNamespace();
    if (!this.vswitchdPid()) await this.startVswitchd();
  }

  /** Stops ovs-vswitchd and starts it again (its OVSDB configuration stays; its flows are lost). */
  async restartVswitchd(): Promise<void> {
    const pid = this.vswitchdPid();
    if (pid) await stopProcess(pid);
    await this.startVswitchd();
  }

  /** Stops both daemons by their pid files. The host namespace is left for `removeHostNamespace`. */
  async stop(): Promise<void> {
    for (const pid of [this.vswitchdPid(), this.ovsdbServerPid()]) if (pid) await stopProcess(pid);
  }

  async removeHostNamespace(): Promise<void> {
    await runCommand('ip', ['netns', 'delete', this.hostNamespace]).catch(() => undefined);
  }

  /** `ovs-vsctl` against this switch (what an operator, or os-vif in tests, would run). */
  vsctl(args: readonly string[]): Promise<string> {
    return this.run('ovs-vsctl', [`--db=unix:${this.dbSocket}`, '--timeout=60', ...args]);
  }

  private async startVswitchd(): Promise<void> {
    this.opts.log?.(`starting ovs-vswitchd in namespace ${this.hostNamespace}`);
    await this.run('ip', ['netns', 'exec', this.hostNamespace, 'ovs-vswitchd', `unix:${this.dbSocket}`, `--pidfile=${this.vswitchdPidFile}`,
      `--unixctl=${join(this.runDir, 'ovs-vswitchd.ctl')}`, `--log-file=${join(this.runDir, 'ovs-vswitchd.log')}`, '-vconsole:off', '--detach']);
    for (let i = 0; i < 100 && !this.vswitchdPid(); i++) await sleep(20);
    if (!this.vswitchdPid()) throw new Error(`ovs-vswitchd did not start (see ${join(this.runDir, 'ovs-vswitchd.log')})`);
  }

  private async ensureHostNamespace(): Promise<void> {
    await runCommand('ip', ['netns', 'add', this.hostNamespace]).catch((err: unknown) => {
      if (!(err instanceof CommandError && /File exists/.test(err.stderr))) throw err;
    });
    await runCommand('ip', ['-n', this.hostNamespace, 'link', 'set', 'lo', 'up']);
  }

  private run(program: string, args: readonly string[]): Promise<string> {
    return runCommand(program, args, { env: this.env, timeoutMs: this.opts.timeoutMs ?? 90000 });
  }
}
