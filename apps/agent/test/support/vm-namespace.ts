import { qvoName } from '@muon/agent-domain';
import { runCommand } from '../../src/dataplane/process/run-command.js';
import type { SimulatedHost } from './simulated-host.js';
import type { TestRun } from './test-run.js';

export interface Lease {
  ip: string;
  mask: string;
  mtu: string;
  router: string;
  ms: number;
}

const poll = async (attempts: number, fn: () => Promise<boolean>): Promise<boolean> => {
  for (let i = 0; i < attempts; i++) if (await fn()) return true;
  return false;
};

/**
 * A VM stand-in: a namespace holding `eth0`, one end of a veth whose other end `qvo<11 chars>`
 * is plugged into br-int the way os-vif does (iface-id, attached-mac, iface-status).
 */
export class VmNamespace {
  readonly namespace: string;
  readonly link: string;

  constructor(private readonly run: TestRun, label: string, readonly host: SimulatedHost, readonly portId: string, readonly mac: string) {
    this.namespace = run.namespace(label);
    this.link = qvoName(portId);
  }

  async create(): Promise<void> {
    await runCommand('ip', ['netns', 'add', this.namespace]);
    await this.ip(['link', 'set', 'lo', 'up']);
    await runCommand('ip', ['-n', this.host.hostNamespace, 'link', 'add', this.link, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', this.namespace]);
    await runCommand('ip', ['-n', this.host.hostNamespace, 'link', 'set', this.link, 'up']);
    await this.ip(['link', 'set', 'eth0', 'address', this.mac, 'up']);
    await this.exec(['ethtool', '-K', 'eth0', 'tx', 'off']);
  }

  /**
   * Nova's plug: add the host end to br-int with the port's identity. `isolate` is os-vif's
   * isolate_vif: the port starts in the dead VLAN 4095 instead of as a trunk that would see every
   * tenant VLAN's floods until the agent tags it.
   */
  async plug(isolate = true): Promise<void> {
    await this.host.ovs.vsctl(['--may-exist', 'add-port', 'br-int', this.link, ...(isolate ? ['tag=4095'] : []), '--', 'set', 'Interface', this.link,
      `external_ids:iface-id=${this.portId}`, `external_ids:attached-mac=${this.mac}`, 'external_ids:iface-status=active']);
  }

  async unplug(): Promise<void> {
    await this.host.ovs.vsctl(['--if-exists', 'del-port', 'br-int', this.link]);
  }

  /** busybox udhcpc with our hook; resolves with the lease, or undefined when none came. */
  async dhcp(tries = 6): Promise<Lease | undefined> {
    const started = performance.now();
    const out = await this.exec(['busybox', 'udhcpc', '-i', 'eth0', '-n', '-q', '-f', '-t', String(tries), '-T', '2', '-O', 'mtu', '-s', this.run.hookScript], 60000).catch(() => '');
    const ms = performance.now() - started;
    const m = /lease ip=(\S*) mask=(\S*) mtu=(\S*) router=(\S*)/.exec(out);
    return m ? { ip: m[1]!, mask: m[2]!, mtu: m[3]!, router: m[4]!, ms } : undefined;
  }

  /** (busybox ping: iputils-ping is not among the packages scripts/ensure-deps.sh installs.) True once one ping gets an answer, polling up to `attempts` times (the first packets may be lost to ARP or a new tunnel). */
  reaches(ip: string, attempts = 10): Promise<boolean> {
    return poll(attempts, () => this.exec(['busybox', 'ping', '-c', '1', '-W', '1', ip]).then(() => true, () => false));
  }

  /** True when three pings in a row get no answer. */
  async isolatedFrom(ip: string): Promise<boolean> {
    return this.exec(['busybox', 'ping', '-c', '3', '-W', '1', ip]).then(() => false, () => true);
  }

  async addresses(): Promise<string[]> {
    const json = JSON.parse(await this.ip(['-j', 'addr', 'show', 'dev', 'eth0'])) as { addr_info: { family: string; local: string; prefixlen: number }[]; mtu: number }[];
    return json[0]!.addr_info.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`);
  }

  async mtu(): Promise<number> {
    return (JSON.parse(await this.ip(['-j', 'link', 'show', 'dev', 'eth0'])) as { mtu: number }[])[0]!.mtu;
  }

  exec(args: string[], timeoutMs = 30000): Promise<string> {
    return runCommand('ip', ['netns', 'exec', this.namespace, ...args], { timeoutMs });
  }

  private ip(args: string[]): Promise<string> {
    return runCommand('ip', ['-n', this.namespace, ...args]);
  }
}
