import type { ActualDhcpServer } from '@muon/agent-domain';
import type { DhcpDriver } from '../drivers/dhcp-driver.js';
import type { InMemoryHost } from './in-memory-host.js';

/** dnsmasq in memory: records files, starts (with the namespace it runs in) and reloads. */
export class FakeDhcpDriver implements DhcpDriver {
  readonly starts: string[] = [];

  constructor(private readonly host: InMemoryHost) {}

  async read(): Promise<ActualDhcpServer[]> {
    const ids = [...new Set([...this.host.dhcpFiles.keys(), ...this.host.dnsmasq.keys()])].sort();
    return ids.map((networkId) => {
      const d = this.host.dnsmasq.get(networkId);
      const f = this.host.dhcpFiles.get(networkId);
      const loaded = f && (!d || (d.loaded?.hosts === f.hosts && d.loaded.opts === f.opts));
      return { networkId, pid: d?.pid, args: d && [...d.args], netnsId: d?.netnsId, files: { hosts: loaded ? f.hosts : undefined, opts: loaded ? f.opts : undefined } };
    });
  }

  async writeFiles(networkId: string, files: { hosts: string; opts: string }): Promise<void> {
    this.host.dhcpFiles.set(networkId, { ...files });
  }

  async start(networkId: string, namespace: string, args: readonly string[]): Promise<void> {
    const ns = this.host.namespaces.get(namespace);
    if (!ns) throw new Error(`Cannot open network namespace "${namespace}"`);
    this.starts.push(networkId);
    const files = this.host.dhcpFiles.get(networkId);
    this.host.dnsmasq.set(networkId, { pid: this.host.nextId(), args: [...args], netnsId: ns.netnsId, reloads: 0, loaded: files && { ...files } });
  }

  async reload(networkId: string): Promise<void> {
    const d = this.host.dnsmasq.get(networkId);
    if (!d) throw new Error(`dnsmasq for network ${networkId} is not running`);
    d.reloads++;
    const files = this.host.dhcpFiles.get(networkId);
    d.loaded = files && { ...files };
  }

  async stop(networkId: string): Promise<void> {
    this.host.dnsmasq.delete(networkId);
    this.host.dhcpFiles.delete(networkId);
  }
}
