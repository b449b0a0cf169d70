import type { ActualRouterNamespace, RouterRoute } from '@muon/agent-domain';
import type { RouterDriver } from '../drivers/router-driver.js';
import { runCommand } from '../process/run-command.js';
import { parseIpRouteJson, parseRouterRead, ROUTER_READ_SCRIPT } from './router-state.js';

/**
 * Router namespaces with the tools Neutron's L3 agent uses: sysctl, `ip route`, and
 * iptables-restore/iptables-save (the nft backend, the machine's default) inside `ip netns exec`.
 * Everything runs inside the router's namespace, never in the host's.
 */
export class LinuxRouterDriver implements RouterDriver {
  constructor(private readonly opts: { timeoutMs?: number } = {}) {}

  private inNamespace(namespace: string, args: string[], input?: string): Promise<string> {
    return runCommand('ip', ['netns', 'exec', namespace, ...args], { input, timeoutMs: this.opts.timeoutMs ?? 20000 });
  }

  async read(namespaces: readonly string[]): Promise<ActualRouterNamespace[]> {
    const found = await Promise.all(namespaces.map(async (ns) => {
      try {
        return parseRouterRead(ns, await this.inNamespace(ns, ['sh', '-c', ROUTER_READ_SCRIPT]));
      } catch {
        return undefined; // deleted while we looked (or iptables missing: the next NAT write says why)
      }
    }));
    return found.filter((r) => r !== undefined);
  }

  async enableForwarding(namespace: string): Promise<void> {
    await this.inNamespace(namespace, ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
  }

  async setRoutes(namespace: string, routes: readonly RouterRoute[]): Promise<void> {
    const ip = (args: string[], input?: string) => runCommand('ip', ['-n', namespace, ...args], { input, timeoutMs: this.opts.timeoutMs ?? 20000 });
    const current = parseIpRouteJson(await ip(['-j', 'route', 'show']));
    const wanted = new Set(routes.map((r) => `${r.destination} ${r.nexthop}`));
    const commands = [
      ...current.filter((r) => !wanted.has(`${r.destination} ${r.nexthop}`)).map((r) => `route del ${r.destination}`),
      ...routes.map((r) => `route replace ${r.destination} via ${r.nexthop}`),
    ];
    // -force: one failing line (a route that vanished meanwhile) does not stop the others; the exit status still says so.
    if (commands.length > 0) await ip(['-force', '-batch', '-'], `${commands.join('\n')}\n`);
  }

  async restoreIptables(namespace: string, rules: string): Promise<void> {
    await this.inNamespace(namespace, ['iptables-restore'], rules);
  }
}
