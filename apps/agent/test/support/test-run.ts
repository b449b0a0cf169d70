import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandLine, ownedPid, stopProcess } from '../../src/dataplane/process/pid-file.js';
import { runCommand } from '../../src/dataplane/process/run-command.js';
import { SimulatedHost } from './simulated-host.js';
import { VmNamespace } from './vm-namespace.js';

/**
 * Everything one test file creates on the machine, under one per-run prefix (`mt<pid><rand>-`):
 * namespaces, OVS run directories, dnsmasq directories. `cleanup` removes exactly those — daemons
 * by their pid files, then namespaces by name — and is safe to call after a half-finished setup.
 */
export class TestRun {
  readonly prefix = `mt${process.pid}${Math.random().toString(36).slice(2, 5)}-`;
  readonly dir: string;
  readonly hosts: SimulatedHost[] = [];
  readonly vms: VmNamespace[] = [];
  readonly hookScript: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), this.prefix));
    chmodSync(this.dir, 0o755); // dnsmasq reads its files as nobody
    this.hookScript = join(this.dir, 'udhcpc-hook.sh');
    // udhcpc hook: configures only the VM namespace's own interface; never touches resolv.conf or routes.
    writeFileSync(this.hookScript, [
      '#!/bin/sh',
      'case "$1" in bound|renew)',
      '  ip addr flush dev "$interface"',
      '  ip addr add "$ip/${mask:-24}" dev "$interface"',
      '  [ -n "$mtu" ] && ip link set "$interface" mtu "$mtu"',
      '  echo "lease ip=$ip mask=$mask mtu=$mtu router=$router";;',
      'esac',
      '',
    ].join('\n'), { mode: 0o755 });
  }

  namespace(label: string): string {
    return `${this.prefix}${label}`;
  }

  async host(name: string, configure: (h: SimulatedHost) => Partial<import('@muon/agent-domain').HostConfig> = () => ({})): Promise<SimulatedHost> {
    const host = new SimulatedHost(this, name);
    this.hosts.push(host);
    await host.start(configure(host));
    return host;
  }

  async vm(label: string, host: SimulatedHost, portId: string, mac: string): Promise<VmNamespace> {
    const vm = new VmNamespace(this, label, host, portId, mac);
    this.vms.push(vm);
    await vm.create();
    return vm;
  }

  async cleanup(): Promise<void> {
    const errors: string[] = [];
    const attempt = async (what: string, fn: () => Promise<unknown>) => { try { await fn(); } catch (e) { errors.push(`${what}: ${(e as Error).message}`); } };
    // dnsmasq of every host, by pid file
    for (const host of this.hosts) {
      const dhcpDir = join(host.dir, 'dhcp');
      for (const net of await readdir(dhcpDir).catch(() => [] as string[])) {
        const pidFile = join(dhcpDir, net, 'pid');
        const pid = ownedPid(pidFile, `--pid-file=${pidFile}`);
        if (pid) await attempt(`stop dnsmasq ${pid}`, () => stopProcess(pid));
      }
      await attempt(`close ${host.name}`, () => host.close());
    }
    // Anything still inside a namespace of ours that was started from our directory (udhcpc, ping…).
    const ours = await this.ownNamespaces();
    for (const ns of ours) {
      const pids = (await runCommand('ip', ['netns', 'pids', ns]).catch(() => '')).split('\n').map(Number).filter((p) => p > 1);
      for (const pid of pids) if (commandLine(pid)?.some((a) => a.includes(this.dir) || a.includes(this.prefix))) await attempt(`stop ${pid}`, () => stopProcess(pid, 2000));
    }
    for (const ns of ours) await attempt(`delete ${ns}`, () => runCommand('ip', ['netns', 'delete', ns]));
    rmSync(this.dir, { recursive: true, force: true });
    const left = await this.ownNamespaces();
    if (left.length > 0) errors.push(`namespaces left: ${left.join(' ')}`);
    if (errors.length > 0) throw new Error(`cleanup incomplete: ${errors.join('; ')}`);
  }

  async ownNamespaces(): Promise<string[]> {
    try {
      return readdirSync('/run/netns').filter((n) => n.startsWith(this.prefix));
    } catch {
      return []; // no namespace exists at all
    }
  }
}
