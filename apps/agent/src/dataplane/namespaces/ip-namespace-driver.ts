import type { ActualNamespace } from '@muon/agent-domain';
import { readdir, stat } from 'node:fs/promises';
import type { NamespaceDriver, VethSpec } from '../drivers/namespace-driver.js';
import { CommandError, runCommand } from '../process/run-command.js';
import { parseIpAddrJson, parseIpLinkNames } from './ip-json.js';

const NETNS_DIR = '/run/netns';

export interface IpNamespaceDriverOptions {
  /** The namespace ovs-vswitchd runs in; undefined: the root namespace. */
  hostNamespace: string | undefined;
  timeoutMs?: number;
}

/** Namespaces and veth legs with iproute2 (`ip -j` to read, `ip -batch` to change several things at once). */
export class IpNamespaceDriver implements NamespaceDriver {
  constructor(private readonly opts: IpNamespaceDriverOptions) {}

  private ip(namespace: string | undefined, args: string[], input?: string): Promise<string> {
    return runCommand('ip', [...(namespace ? ['-n', namespace] : []), ...args], { input, timeoutMs: this.opts.timeoutMs ?? 20000 });
  }

  async list(prefixes: readonly string[]): Promise<ActualNamespace[]> {
    const names = (await readdir(NETNS_DIR).catch(() => [] as string[])).filter((n) => prefixes.some((p) => n.startsWith(p))).sort();
    const found = await Promise.all(names.map(async (name): Promise<ActualNamespace | undefined> => {
      try {
        const [st, links] = await Promise.all([stat(`${NETNS_DIR}/${name}`), this.ip(name, ['-j', 'addr', 'show'])]);
        return { name, netnsId: `net:[${st.ino}]`, links: parseIpAddrJson(links).filter((l) => l.name !== 'lo') };
      } catch {
        return undefined; // deleted while we looked
      }
    }));
    return found.filter((n) => n !== undefined);
  }

  async hostLinks(): Promise<string[]> {
    return parseIpLinkNames(await this.ip(this.opts.hostNamespace, ['-j', 'link', 'show']));
  }

  async createNamespace(name: string): Promise<void> {
    await runCommand('ip', ['netns', 'add', name]).catch((err: unknown) => {
      if (!(err instanceof CommandError && /File exists/.test(err.stderr))) throw err;
    });
    await this.ip(name, ['link', 'set', 'lo', 'up']);
  }

  async deleteNamespace(name: string): Promise<void> {
    await runCommand('ip', ['netns', 'delete', name]).catch((err: unknown) => {
      if (!(err instanceof CommandError && /No such file/.test(err.stderr))) throw err;
    });
  }

  async createVeth(spec: VethSpec): Promise<void> {
    const host = this.opts.hostNamespace;
    await this.ip(host, ['link', 'del', spec.hostLink]).catch(() => undefined);
    await this.ip(spec.namespace, ['link', 'del', spec.namespaceLink]).catch(() => undefined);
    const peerNetns = ['netns', spec.namespace];
    await this.ip(host, ['link', 'add', spec.hostLink, 'mtu', String(spec.mtu), 'type', 'veth', 'peer', 'name', spec.namespaceLink, ...peerNetns]);
    await this.ip(host, ['link', 'set', spec.hostLink, 'up']);
    await this.ip(spec.namespace, ['link', 'set', spec.namespaceLink, 'address', spec.mac, 'mtu', String(spec.mtu), 'up']);
    // On the netdev datapath a veth with TX checksum offload sends unfinished UDP/TCP checksums (DATAPLANE.md §1.4).
    await runCommand('ip', ['netns', 'exec', spec.namespace, 'ethtool', '-K', spec.namespaceLink, 'tx', 'off'], { timeoutMs: this.opts.timeoutMs ?? 20000 });
  }

  async setAddresses(namespace: string, link: string, addresses: readonly string[], mtu: number): Promise<void> {
    const current = parseIpAddrJson(await this.ip(namespace, ['-j', 'addr', 'show', 'dev', link]))[0]?.addresses ?? [];
    const commands = [
      ...current.filter((a) => !addresses.includes(a)).map((a) => `addr del ${a} dev ${link}`),
      ...addresses.filter((a) => !current.includes(a)).map((a) => `addr add ${a} dev ${link}`),
      `link set ${link} mtu ${mtu} up`,
    ];
    await this.ip(namespace, ['-batch', '-'], `${commands.join('\n')}\n`);
  }

  async deleteLink(namespace: string, link: string): Promise<void> {
    await this.ip(namespace, ['link', 'del', link]).catch((err: unknown) => {
      if (!(err instanceof CommandError && /Cannot find device/.test(err.stderr))) throw err;
    });
  }
}
