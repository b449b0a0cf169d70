import { dhcpPaths, type ActualDhcpServer } from '@muon/agent-domain';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DhcpDriver } from '../drivers/dhcp-driver.js';
import { commandLine, ownedPid, processNetns, sleep, stopProcess } from '../process/pid-file.js';
import { runCommand } from '../process/run-command.js';

export interface DnsmasqDriverOptions {
  /** The agent's DHCP state directory (HostConfig.dhcpStateDir). */
  stateDir: string;
  dnsmasq?: string;
  timeoutMs?: number;
}

const readOptional = (path: string) => readFile(path, 'utf8').catch(() => undefined);

/**
 * dnsmasq per network, started inside the qdhcp namespace. It drops to user nobody, so its
 * directory and files are world-readable and every parent directory must be searchable.
 * Processes are found by pid file and proved ours by their command line; never by name.
 */
export class DnsmasqDriver implements DhcpDriver {
  constructor(private readonly opts: DnsmasqDriverOptions) {
    mkdirSync(opts.stateDir, { recursive: true, mode: 0o755 });
    chmodSync(opts.stateDir, 0o755);
    assertSearchableByOthers(opts.stateDir);
  }

  /** A network's directory; its id names a directory we may delete, so it must not be a path. */
  private paths(networkId: string) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(networkId) || networkId.includes('..')) throw new Error(`not a network id: ${JSON.stringify(networkId)}`);
    return dhcpPaths(this.opts.stateDir, networkId);
  }

  private pid(networkId: string): number | undefined {
    const paths = this.paths(networkId);
    return ownedPid(paths.pidFile, `--pid-file=${paths.pidFile}`);
  }

  async read(): Promise<ActualDhcpServer[]> {
    const ids = (await readdir(this.opts.stateDir, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    return Promise.all(ids.map(async (networkId) => {
      const paths = this.paths(networkId);
      const pid = this.pid(networkId);
      const [hosts, opts, loaded, netnsId] = await Promise.all([
        readOptional(paths.hostsFile), readOptional(paths.optsFile), readOptional(loadedMarker(paths.dir)), pid ? processNetns(pid) : undefined,
      ]);
      // Files written but never applied (a reload that failed) count as not there: they get written and applied again.
      const applied = !pid || loaded === filesHash(hosts, opts);
      return { networkId, pid, args: pid ? commandLine(pid)?.slice(1) : undefined, netnsId, files: applied ? { hosts, opts } : { hosts: undefined, opts: undefined } };
    }));
  }

  async writeFiles(networkId: string, files: { hosts: string; opts: string }): Promise<void> {
    const paths = this.paths(networkId);
    mkdirSync(paths.dir, { recursive: true, mode: 0o755 });
    chmodSync(paths.dir, 0o755);
    await writeAtomically(paths.hostsFile, files.hosts);
    await writeAtomically(paths.optsFile, files.opts);
  }

  async start(networkId: string, namespace: string, args: readonly string[]): Promise<void> {
    const running = this.pid(networkId);
    if (running) await stopProcess(running);
    const paths = this.paths(networkId);
    await rm(paths.pidFile, { force: true });
    // dnsmasq daemonizes: the command returns once the daemon has its sockets and wrote its pid file.
    await runCommand('ip', ['netns', 'exec', namespace, this.opts.dnsmasq ?? 'dnsmasq', ...args], { timeoutMs: this.opts.timeoutMs ?? 20000 });
    for (let i = 0; i < 100 && !this.pid(networkId); i++) await sleep(20);
    if (!this.pid(networkId)) throw new Error(`dnsmasq for network ${networkId} did not start (see ${paths.logFile})`);
    await this.markLoaded(networkId);
  }

  async reload(networkId: string): Promise<void> {
    const pid = this.pid(networkId);
    if (!pid) throw new Error(`dnsmasq for network ${networkId} is not running`);
    process.kill(pid, 'SIGHUP');
    await this.markLoaded(networkId);
  }

  /** Remembers which files the running dnsmasq has read. */
  private async markLoaded(networkId: string): Promise<void> {
    const paths = this.paths(networkId);
    const [hosts, opts] = await Promise.all([readOptional(paths.hostsFile), readOptional(paths.optsFile)]);
    await writeAtomically(loadedMarker(paths.dir), filesHash(hosts, opts));
  }

  async stop(networkId: string): Promise<void> {
    const pid = this.pid(networkId);
    if (pid) await stopProcess(pid);
    await rm(this.paths(networkId).dir, { recursive: true, force: true });
  }
}

const loadedMarker = (dir: string) => `${dir}/loaded`;
const filesHash = (hosts: string | undefined, opts: string | undefined) => createHash('sha256').update(`${hosts ?? ''}\0${opts ?? ''}`).digest('hex');

async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, text, { mode: 0o644 });
  await rename(tmp, path);
}

/** dnsmasq (as nobody) must reach its files: fail early with a clear message when a parent is closed. */
function assertSearchableByOthers(dir: string): void {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) {
      throw new Error(`dnsmasq runs as nobody and cannot reach ${dir}: ${d} is not searchable by others (chmod o+x ${d})`);
    }
    if (dirname(d) === d) break;
  }
}
