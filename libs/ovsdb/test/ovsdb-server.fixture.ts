import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const VSWITCH_SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';
export const haveOvsdbServer = existsSync(VSWITCH_SCHEMA);

/** A private ovsdb-server (no ovs-vswitchd) on a unix socket in a temporary directory. */
export class OvsdbServerFixture {
  readonly dir = mkdtempSync(join(tmpdir(), `ovsdbtest${process.pid}-`));
  readonly socketPath = join(this.dir, 'db.sock');

  async start(): Promise<this> {
    chmodSync(this.dir, 0o755);
    if (!existsSync(join(this.dir, 'conf.db'))) await run('ovsdb-tool', ['create', join(this.dir, 'conf.db'), VSWITCH_SCHEMA]);
    const env = { ...process.env, OVS_RUNDIR: this.dir, OVS_LOGDIR: this.dir, OVS_DBDIR: this.dir };
    await run('ovsdb-server', [join(this.dir, 'conf.db'), `--remote=punix:${this.socketPath}`, `--pidfile=${join(this.dir, 'ovsdb-server.pid')}`,
      `--unixctl=${join(this.dir, 'ovsdb-server.ctl')}`, `--log-file=${join(this.dir, 'ovsdb-server.log')}`, '-vconsole:off', '--detach'], { env, timeout: 20000 });
    await run('ovs-vsctl', [`--db=unix:${this.socketPath}`, '--no-wait', 'init'], { timeout: 20000 });
    return this;
  }

  /** Stops the server by the pid in its own pid file, and waits until it is gone. */
  async stop(): Promise<void> {
    const pidFile = join(this.dir, 'ovsdb-server.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (!(pid > 0) || !ownProcess(pid, this.dir)) return;
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && ownProcess(pid, this.dir); i++) await new Promise((r) => setTimeout(r, 50));
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function ownProcess(pid: number, dir: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
  } catch {
    return false;
  }
}
